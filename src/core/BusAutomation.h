#pragma once
// A stem bus's hand-drawn automation: a volume lane (breakpoints with a curve shape to the next)
// and a mute lane. Both compile to one GainEnvelope the engine evaluates; ducking is a trim on
// top of it (added in dB). Pure values and functions, any thread.

#include "GainEnvelope.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

enum class AutomationCurve {
    Linear,  // straight in dB: an even fader move
    Smooth,  // S-shaped: eases out of the first point and into the next
    Fast,    // most of the change early
    Slow,    // most of the change late
};

std::string automationCurveName(AutomationCurve curve);  // "linear", "smooth", "fast", "slow"
std::optional<AutomationCurve> parseAutomationCurve(std::string_view name);

struct VolumePoint {
    int64_t sample = 0;
    double decibels = 0.0;  // clamped to [-120, +12] when compiled
    AutomationCurve curve = AutomationCurve::Linear;  // shape towards the next point
    friend bool operator==(const VolumePoint&, const VolumePoint&) = default;
};

struct MutePoint {
    int64_t sample = 0;
    bool muted = false;  // from here on
    friend bool operator==(const MutePoint&, const MutePoint&) = default;
};

struct BusAutomation {
    std::vector<VolumePoint> volume;
    std::vector<MutePoint> mute;
    bool empty() const { return volume.empty() && mute.empty(); }
    friend bool operator==(const BusAutomation&, const BusAutomation&) = default;
};

// The level that counts as silence: the engine plays exact zeros at or below it.
inline constexpr double kSilenceDecibels = -150.0;

// The lanes as one envelope: curves become short straight pieces (within 0.05 dB of the curve),
// mutes become 10 ms ramps to silence and back. `sampleRate` sets the mute ramp length.
GainEnvelope compileAutomation(const BusAutomation& automation, int64_t sampleRate);

// Editing a lane as a mixer does: a point placed where one already is replaces it (one point per
// time on each lane); points stay in time order. remove... returns false when no point is there.
void setVolumePoint(BusAutomation& automation, const VolumePoint& point);
void setMutePoint(BusAutomation& automation, const MutePoint& point);
bool removeVolumePoint(BusAutomation& automation, int64_t sample);
bool removeMutePoint(BusAutomation& automation, int64_t sample);

// Volume points reproducing an envelope exactly (linear pieces), for printing a duck.
std::vector<VolumePoint> volumePointsOf(const GainEnvelope& envelope);

} // namespace cuesmith
