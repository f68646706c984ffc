#include "Session.h"

#include <algorithm>
#include <array>

namespace cuesmith {

namespace {

struct LayoutName {
    ChannelLayout layout;
    std::string_view name;
    int channels;
};

constexpr std::array<LayoutName, 4> kLayouts{{
    {ChannelLayout::Mono, "mono", 1},
    {ChannelLayout::Stereo, "stereo", 2},
    {ChannelLayout::Surround51, "5.1", 6},
    {ChannelLayout::Surround71, "7.1", 8},
}};

} // namespace

int channelCount(ChannelLayout layout)
{
    for (const auto& l : kLayouts)
        if (l.layout == layout)
            return l.channels;
    return 2;
}

std::string channelLayoutName(ChannelLayout layout)
{
    for (const auto& l : kLayouts)
        if (l.layout == layout)
            return std::string(l.name);
    return "stereo";
}

std::optional<ChannelLayout> parseChannelLayout(std::string_view name)
{
    for (const auto& l : kLayouts)
        if (l.name == name)
            return l.layout;
    return std::nullopt;
}

std::optional<ChannelLayout> layoutForChannelCount(int channels)
{
    for (const auto& l : kLayouts)
        if (l.channels == channels)
            return l.layout;
    return std::nullopt;
}

const CutVersion* Session::currentCutVersion() const
{
    if (currentCut < 0 || currentCut >= static_cast<int>(cuts.size()))
        return nullptr;
    return cuts[static_cast<size_t>(currentCut)].get();
}

int64_t Session::pictureStartSample() const
{
    return framesToSamples(pictureStartFrame, frameRate, sampleRate);
}

int64_t Session::pictureLengthSamples() const
{
    const CutVersion* cut = currentCutVersion();
    if (cut == nullptr)
        return 0;
    const auto end = cutEndFrame(cut->edl);
    if (!end || *end <= pictureStartFrame)
        return 0;
    return framesToSamples(*end, frameRate, sampleRate) - pictureStartSample();
}

std::vector<SpeechRegion> Session::speech() const
{
    return effectiveSpeech(detectedSpeech, speechEdits, speechRemnantSamples(sampleRate));
}

DuckSettings defaultDuckFor(std::string_view busName)
{
    DuckSettings d;
    if (busName == "BRS")
        d.depthDb = -6.0;
    else if (busName == "PRC")
        d.depthDb = -4.0;
    else if (busName == "STR")
        d.depthDb = -2.0;
    else
        d.depthDb = -3.0;
    return d;
}

const Cue* Session::findCue(std::string_view number) const
{
    const auto it = std::find_if(cues.begin(), cues.end(),
                                 [&](const Cue& c) { return c.number == number; });
    return it == cues.end() ? nullptr : &*it;
}

std::vector<CueSegment> effectiveSegments(const Cue& cue)
{
    if (!cue.segments.empty())
        return cue.segments;
    return {CueSegment{0, cue.lengthSamples, cue.startSample, 0, 0}};
}

std::optional<int64_t> cutEndFrame(const Edl& edl)
{
    std::optional<int64_t> end;
    for (const auto& e : edl.events)
        if (e.isVideo() && (!end || e.recordOutFrame > *end))
            end = e.recordOutFrame;
    return end;
}

std::optional<int64_t> cutStartFrame(const Edl& edl)
{
    std::optional<int64_t> start;
    for (const auto& e : edl.events)
        if (e.isVideo() && (!start || e.recordInFrame < *start))
            start = e.recordInFrame;
    return start;
}

} // namespace cuesmith
