#pragma once
// The timeline's geometry and content without any drawing: which blocks the session puts on which
// lane, how samples map to pixels at the current zoom, and where the ruler's labels go. Kept free
// of JUCE so it is tested directly. Message thread.

#include "core/BusAutomation.h"
#include "core/GainEnvelope.h"
#include "core/Session.h"
#include "core/SpeechRegion.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

// The visible part of the timeline: the first sample at the left edge and the zoom.
class TimelineViewport {
public:
    TimelineViewport() = default;
    TimelineViewport(int64_t firstSample, double samplesPerPixel);

    int64_t firstSample() const { return firstSample_; }
    double samplesPerPixel() const { return samplesPerPixel_; }

    double sampleToX(int64_t sample) const;
    int64_t xToSample(double x) const;

    // Zooms by a factor (>1 zooms out) keeping the sample under anchorX where it is.
    TimelineViewport zoomedAround(double anchorX, double factor) const;
    TimelineViewport scrolledBy(double pixels) const;
    // Shows [start, end) across widthPixels.
    static TimelineViewport fitting(int64_t start, int64_t end, double widthPixels);

    static constexpr double kMinSamplesPerPixel = 1.0;
    static constexpr double kMaxSamplesPerPixel = 48000.0 * 60.0;

private:
    int64_t firstSample_ = 0;
    double samplesPerPixel_ = 1000.0;
};

enum class TimelineLane { Picture, Dialogue, Music };

struct TimelineBlock {
    TimelineLane lane = TimelineLane::Picture;
    int row = 0;  // stacking row inside the lane for overlapping blocks
    int64_t startSample = 0;
    int64_t endSample = 0;
    std::string label;
    std::string detail;
    std::string cueNumber;    // music blocks: the cue they belong to
    int64_t fadeInEnd = 0;    // music blocks: the fade-in ends here (== startSample: none)
    int64_t fadeOutStart = 0; // music blocks: the fade-out starts here (== endSample: none)
    bool needsAttention = false;  // the cue has conform notes to look at
};

struct TimelineMarker {
    int64_t sample = 0;
    std::string label;
    std::string color;  // "RED", "GREEN", ... as the EDL wrote it
};

struct TimelineContent {
    std::vector<TimelineBlock> blocks;
    std::vector<TimelineMarker> markers;
    int musicRows = 1;
    int64_t startSample = 0;  // extent of everything, for "fit"
    int64_t endSample = 0;
};

// Blocks for the current cut's picture events, the dialogue sources and the cues; markers from the
// current cut. Overlapping cues go on separate rows.
TimelineContent buildTimelineContent(const Session& session);

struct RulerTick {
    int64_t sample = 0;
    bool major = false;  // major ticks carry a timecode label
    std::string label;
};

// The music block under a point: lane-relative row and a timeline sample (nullptr when none).
const TimelineBlock* musicBlockAt(const TimelineContent& content, int row, int64_t sample);

// A stem bus's mix lane: the gain it plays (automation and duck) and its dialogue-band cut, as the
// compiled playback plan has them.
struct BusCurves {
    std::string name;
    GainEnvelope gain;     // dB, automation plus duck
    GainEnvelope eqDepth;  // dB ≤ 0; empty: no cut
};

struct OutlinePoint {
    double x = 0.0;  // pixels from the timeline's left edge
    double decibels = 0.0;
};

// The envelope across [0, widthPixels] as a polyline: its value at both edges and every breakpoint
// in between (exact, since it is straight between breakpoints). Steps give two points at one x.
std::vector<OutlinePoint> envelopeOutline(const GainEnvelope& envelope, const TimelineViewport& viewport,
                                          double widthPixels);

// The speech region containing `sample` (nullptr when none); regions sorted.
const SpeechRegion* speechRegionAt(const std::vector<SpeechRegion>& regions, int64_t sample);

// The speech edge a pointer at `sample` grabs: the nearest region start or end within `tolerance`
// samples (nullopt when none). `inside` is a sample of that region (what nudgeEdits() takes).
struct SpeechEdgeGrab {
    bool startEdge = true;
    int64_t edge = 0;
    int64_t inside = 0;
};
std::optional<SpeechEdgeGrab> speechEdgeNear(const std::vector<SpeechRegion>& regions, int64_t sample, int64_t tolerance);

// How far an edge dragged from `from` to `to` moves, in whole frames' worth of samples (rounded
// to the nearest frame: speech edits, like the menu's nudges, move by frames).
int64_t frameSnappedDelta(int64_t from, int64_t to, int64_t samplesPerFrame);

// ---- Bus lanes: the volume automation drawn and edited by hand ----

// The vertical scale of a bus lane is a fader taper, as on a console and in a DAW's volume graph:
// +6 dB at the top, 0 dB an eighth of the way down, -12 dB half way, silence (-120 dB) at the
// bottom; piecewise straight in dB between marks at -6, -20, -30, -40 and -60, so the ducks and
// rides a mixer makes (0 to -20 dB) get most of the height. Fractions run 0 (top) to 1 (bottom).
double faderFraction(double decibels);
double decibelsAtFaderFraction(double fraction);

// A bus lane's pixel rows: levels map to [top + kPad, top + height - kPad].
struct VolumeLaneScale {
    double top = 0.0, height = 0.0;
    static constexpr double kPad = 4.0;
    double yOf(double decibels) const;
    double decibelsAt(double y) const;  // clamped to the lane: above it is +6 dB, below it -120
};

// A level set by hand: rounded to 0.1 dB, within the [-120, +12] dB the engine plays.
double handSetDecibels(double decibels);

// The frame boundary nearest a sample (points drawn by hand sit on frames, as speech edits do).
int64_t nearestFrameSample(int64_t sample, const FrameRate& rate, int64_t sampleRate);

// The volume point within radiusPixels of (x, y) (x from the timeline's left edge), the nearest
// one when several are; nullopt when none. Points sorted by sample.
std::optional<size_t> volumePointAt(const std::vector<VolumePoint>& points, const TimelineViewport& viewport,
                                    const VolumeLaneScale& scale, double x, double y, double radiusPixels);

// Edits of a bus's volume points; each returns the new list, sorted by sample.
// Adding at the sample of an existing point replaces that point's level (its curve stays).
std::vector<VolumePoint> withVolumePointAdded(const std::vector<VolumePoint>& points, VolumePoint point);
// Moves point `index` to the frame nearest `sample` and to `decibels` (handSetDecibels); nullopt
// keeps that coordinate exactly as it was. It stays strictly between its neighbours: dragged past
// one, it stops on the last frame before it (or keeps its time when no frame fits between them).
std::vector<VolumePoint> withVolumePointMoved(const std::vector<VolumePoint>& points, size_t index,
                                              std::optional<int64_t> sample, std::optional<double> decibels,
                                              const FrameRate& rate, int64_t sampleRate);
std::vector<VolumePoint> withVolumePointRemoved(const std::vector<VolumePoint>& points, size_t index);
std::vector<VolumePoint> withVolumeCurve(const std::vector<VolumePoint>& points, size_t index, AutomationCurve curve);

// Ticks on frame boundaries, spaced so labels are at least minLabelPixels apart.
std::vector<RulerTick> rulerTicks(const TimelineViewport& viewport, double widthPixels, const Session& session,
                                  double minLabelPixels = 90.0);

} // namespace cuesmith
