#pragma once
// A gain over time as breakpoints in decibels, straight lines between them (a line in dB is what a
// fader move sounds like: an even rate of change). Before the first point and after the last the
// gain holds. Ducks, volume automation and their sum are all GainEnvelopes; the engine evaluates
// the compiled one per bus. Pure value, any thread.

#include <cstdint>
#include <vector>

namespace cuesmith {

struct GainPoint {
    int64_t sample = 0;   // timeline samples since midnight
    double decibels = 0.0;
    friend bool operator==(const GainPoint&, const GainPoint&) = default;
};

class GainEnvelope {
public:
    GainEnvelope() = default;
    // Points sorted by sample; equal samples allowed (a step). Empty: 0 dB everywhere.
    explicit GainEnvelope(std::vector<GainPoint> points);

    const std::vector<GainPoint>& points() const { return points_; }
    bool isUnity() const;  // 0 dB everywhere
    double at(int64_t sample) const;

    // The sum in dB (a trim on top of a fader): breakpoints of both, exact between them.
    friend GainEnvelope operator+(const GainEnvelope& a, const GainEnvelope& b);
    // The lower of the two at every sample (overlapping ducks): crossings become breakpoints.
    static GainEnvelope minimum(const GainEnvelope& a, const GainEnvelope& b);
    // Steepest change in dB per second at `sampleRate` (0 for a flat envelope; a step is infinite).
    double steepestSlope(int64_t sampleRate) const;
    // Drops points that lie within `toleranceDb` of the line through their neighbours.
    GainEnvelope simplified(double toleranceDb) const;

    friend bool operator==(const GainEnvelope&, const GainEnvelope&) = default;

private:
    std::vector<GainPoint> points_;
};

} // namespace cuesmith
