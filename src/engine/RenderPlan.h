#pragma once
// A session compiled for playback and rendering: every cue segment of every stem becomes a clip
// that reads a range of one stem file into one stem bus, with its fades. Immutable once built;
// the real-time player and the offline renderer run the same plan (DESIGN.md: one engine, two
// drivers). Built on the message thread or a worker; read anywhere.

#include "core/GainEnvelope.h"
#include "core/Session.h"
#include "dsp/ChannelMatrix.h"
#include "dsp/FadeCurve.h"

#include <cstdint>
#include <string>
#include <vector>

namespace cuesmith {

struct PlanStem {
    std::string path;
    std::string cueNumber;
    ChannelLayout layout = ChannelLayout::Stereo;
    int fileSampleRate = 0;
    int64_t lengthSamples = 0;  // at the session rate
};

struct PlanBus {
    std::string name;
    GainEnvelope gain;  // automation and duck; empty: unity
    DialogueEqSettings eq;  // used where eqDepth has points (applyDialogueEq)
    GainEnvelope eqDepth;   // the dialogue-band cut over time, dB ≤ 0; empty: none
    GainEnvelope automation;  // the gain without the duck: what listening with ducking off plays
};

struct PlanClip {
    int stem = 0;
    int bus = 0;
    int64_t timelineStart = 0;
    int64_t length = 0;
    int64_t sourceStart = 0;  // samples into the stem
    int64_t fadeIn = 0;
    int64_t fadeOut = 0;
    FadeShape fadeInShape = FadeShape::EqualPower;
    FadeShape fadeOutShape = FadeShape::EqualPower;

    int64_t timelineEnd() const { return timelineStart + length; }
};

struct RenderPlan {
    int64_t sampleRate = 48000;
    ChannelLayout outputLayout = ChannelLayout::Stereo;  // every bus and the mix
    std::vector<PlanStem> stems;
    std::vector<ChannelMatrix> stemToBus;  // per stem: its layout onto outputLayout
    std::vector<PlanBus> buses;
    std::vector<PlanClip> clips;  // sorted by timelineStart
    int64_t longestClip = 0;
    int64_t start = 0, end = 0;   // extent of all clips (start == end: nothing to play)
};

// Fades keep the shapes their cue segments carry. dialogueProcessing false: no duck (an undipped
// render, `render --no-duck`); automation stays.
RenderPlan compileRenderPlan(const Session& session, ChannelLayout outputLayout, bool dialogueProcessing = true);

} // namespace cuesmith
