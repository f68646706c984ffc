#pragma once
// The Session: everything a music editor has decided about one reel, as an immutable value.
// Edits are pure functions Session -> Session (see SessionEdits); undo is a stack of earlier
// values. Large unchanging parts (imported cuts) are shared through shared_ptr<const>.
// Pure value type, any thread. Positions are integer samples since midnight at sampleRate.

#include "BusAutomation.h"
#include "DuckCurve.h"
#include "Edl.h"
#include "FadeShape.h"
#include "FrameRate.h"
#include "SpeechEdits.h"
#include "TempoMap.h"
#include "Timecode.h"

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

// Speaker layouts for stems and buses, with SMPTE channel order.
enum class ChannelLayout { Mono, Stereo, Surround51, Surround71 };

int channelCount(ChannelLayout layout);
std::string channelLayoutName(ChannelLayout layout);  // "mono", "stereo", "5.1", "7.1"
std::optional<ChannelLayout> parseChannelLayout(std::string_view name);
std::optional<ChannelLayout> layoutForChannelCount(int channels);

// One imported version of the locked cut: the EDL as read, plus the text it was read from so a
// re-export or re-read loses nothing.
struct CutVersion {
    std::string name;        // "v1", "v2", or the EDL's title
    std::string sourcePath;  // where it was imported from (informational)
    std::string edlText;     // the file's text, kept verbatim
    Edl edl;
};

// The movie the cut is edited against; it sits at its own start timecode.
struct ReferenceMovie {
    std::string path;
    int64_t startSample = 0;
    int64_t lengthSamples = 0;
    bool hasAudio = false;
};

// A recording of the dialogue (a stem, a guide track or a movie's audio), at its timestamp.
struct DialogueSource {
    std::string name;
    std::string path;
    int64_t startSample = 0;
    int64_t lengthSamples = 0;  // at the session rate
    int fileSampleRate = 0;
    int channels = 1;
    int channel = 0;  // which channel carries the dialogue (0-based)
    int ffmpegStream = -1;  // a movie's FFmpeg stream index to read; -1: the file's first audio
};

// One instrument group of a cue: a file with the same start and length as its siblings.
struct Stem {
    std::string name;  // "STR", "BRS", "PRC", "ELX", ...
    std::string path;  // what plays: the composer's file, or a stretch of it in the session's cache
    ChannelLayout layout = ChannelLayout::Stereo;
    std::string sourcePath = {};  // the composer's file when `path` is a stretch of it, else empty
};

// A piece of a cue on the timeline: a range of the cue's stems (offset from the cue's first
// sample) and where it plays. Fades are the lengths of the ramps at each end; where two segments
// of a cue overlap by a crossfade, the outgoing fadeOut and the incoming fadeIn cover the overlap.
struct CueSegment {
    int64_t sourceStart = 0;    // samples into the cue, at the session rate
    int64_t length = 0;
    int64_t timelineStart = 0;  // samples since midnight
    int64_t fadeIn = 0;
    int64_t fadeOut = 0;
    // Shapes of the two ramps: a splice pairs the outgoing fadeOut with the incoming fadeIn, so both
    // sides of one splice carry the same shape.
    FadeShape fadeInShape = FadeShape::EqualPower;
    FadeShape fadeOutShape = FadeShape::EqualPower;

    int64_t timelineEnd() const { return timelineStart + length; }
    bool operator==(const CueSegment&) const = default;
};

struct Cue {
    std::string number;  // "1M01", "2M07A"
    std::string title;
    std::string version;  // "v3", or empty
    std::vector<Stem> stems;
    int64_t writtenStartSample = 0;  // the stems' BWF TimeReference, at the session rate
    int64_t startSample = 0;         // where the cue is spotted on the timeline
    int64_t lengthSamples = 0;       // of the stems, at the session rate
    int fileSampleRate = 0;
    // Edits (conform, fit) cut the cue into segments. Empty: the cue plays whole from startSample.
    std::vector<CueSegment> segments;
    std::optional<TempoMap> tempo;  // bars and beats, given or detected
    double stretchLimit = 0.05;     // fitting may stretch this cue by at most this fraction
    double appliedStretch = 1.0;    // the stretch its stems already carry (1 = the composer's files)
    bool stretchIsPreview = false;  // that stretch came from the faster engine: renders redo it with R3
    // What a conform left for the editor to look at (splices off a bar line, gaps over new
    // picture); empty when nothing needs attention.
    std::vector<std::string> attention;
    // Named points inside the cue (the composer's hit points), samples from its first sample.
    std::vector<std::pair<std::string, int64_t>> markers;
};

// The segments a cue plays: its own, or one covering the whole cue at its spot.
std::vector<CueSegment> effectiveSegments(const Cue& cue);

// The dialogue-band cut on a bus: down only while dialogue is present and only as far as the
// music masks it in the band (see docs/DIALOGUE_MIXING.md).
struct DialogueEqSettings {
    bool enabled = true;
    double lowHz = 250.0, highHz = 2000.0;  // the band; clamped to [20, 20000], low < high
    double maxDepthDb = -8.0;               // the deepest cut; clamped to [-24, 0]
    bool includeSurrounds = false;          // 5.1/7.1: also cut the surrounds
    bool includeLfe = false;                // 5.1/7.1: also cut the LFE
    friend bool operator==(const DialogueEqSettings&, const DialogueEqSettings&) = default;
};

// A delivery bus the stems of all cues feed by name ("STR" stems to the STR bus), with its mix:
// hand automation, and the duck and dialogue EQ that act when the session has dialogue.
struct StemBus {
    std::string name;
    ChannelLayout layout = ChannelLayout::Stereo;
    DuckSettings duck;
    DialogueEqSettings eq;
    BusAutomation automation;
};

// The duck a mixer would start from for a bus of this name: brass and percussion cut through
// dialogue most, strings sit under it, everything else moderately.
DuckSettings defaultDuckFor(std::string_view busName);

struct Session {
    std::string projectName;
    FrameRate frameRate = kFps24;
    int64_t sampleRate = 48000;
    int64_t pictureStartFrame = 0;  // frames since midnight, usually 01:00:00:00
    std::vector<std::shared_ptr<const CutVersion>> cuts;
    int currentCut = -1;  // index into cuts; -1 with no cut
    std::optional<ReferenceMovie> movie;
    std::vector<DialogueSource> dialogue;
    std::vector<SpeechRegion> detectedSpeech;  // timeline samples, from the last detection
    std::vector<SpeechEdit> speechEdits;       // hand corrections, applied after detection
    std::vector<Cue> cues;
    std::vector<StemBus> buses;

    const CutVersion* currentCutVersion() const;
    int64_t pictureStartSample() const;
    // From the picture start to the last record out of the current cut (0 without a cut).
    int64_t pictureLengthSamples() const;
    const Cue* findCue(std::string_view number) const;
    // detectedSpeech with the hand edits applied: what ducking and the dialogue EQ follow.
    std::vector<SpeechRegion> speech() const;
};

// The last record-out frame of the video events (the end of picture), or the first record-in.
std::optional<int64_t> cutEndFrame(const Edl& edl);
std::optional<int64_t> cutStartFrame(const Edl& edl);

} // namespace cuesmith
