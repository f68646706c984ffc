#include "RenderPlan.h"

#include <algorithm>

namespace cuesmith {

// A bus's gain: its automation, plus (when dialogue processing is on and the session has speech)
// its duck as a trim.
GainEnvelope busGain(const Session& session, const StemBus& bus, const std::vector<SpeechRegion>& speech,
                     bool dialogueProcessing)
{
    GainEnvelope gain = compileAutomation(bus.automation, session.sampleRate);
    if (dialogueProcessing && !speech.empty())
        gain = gain + duckCurve(speech, bus.duck, session.sampleRate);
    return gain;
}

RenderPlan compileRenderPlan(const Session& session, ChannelLayout outputLayout, bool dialogueProcessing)
{
    RenderPlan plan;
    plan.sampleRate = session.sampleRate;
    plan.outputLayout = outputLayout;
    const auto speech = session.speech();
    for (const auto& bus : session.buses)
        plan.buses.push_back(PlanBus{bus.name, busGain(session, bus, speech, dialogueProcessing), bus.eq, {},
                                     compileAutomation(bus.automation, session.sampleRate)});

    auto busIndex = [&](const std::string& name) {
        for (size_t i = 0; i < plan.buses.size(); ++i)
            if (plan.buses[i].name == name)
                return static_cast<int>(i);
        plan.buses.push_back(PlanBus{name, {}, {}, {}, {}});  // a stem without a bus gets one of its name
        return static_cast<int>(plan.buses.size()) - 1;
    };

    bool first = true;
    for (const auto& cue : session.cues) {
        const auto segments = effectiveSegments(cue);
        for (const auto& stem : cue.stems) {
            const int stemIndex = static_cast<int>(plan.stems.size());
            plan.stems.push_back(PlanStem{stem.path, cue.number, stem.layout, cue.fileSampleRate, cue.lengthSamples});
            plan.stemToBus.push_back(ChannelMatrix::between(stem.layout, outputLayout));
            const int bus = busIndex(stem.name);
            for (const auto& seg : segments) {
                if (seg.length <= 0)
                    continue;
                plan.clips.push_back(PlanClip{stemIndex, bus, seg.timelineStart, seg.length, seg.sourceStart,
                                              seg.fadeIn, seg.fadeOut, seg.fadeInShape, seg.fadeOutShape});
                plan.longestClip = std::max(plan.longestClip, seg.length);
                plan.start = first ? seg.timelineStart : std::min(plan.start, seg.timelineStart);
                plan.end = first ? seg.timelineEnd() : std::max(plan.end, seg.timelineEnd());
                first = false;
            }
        }
    }
    std::stable_sort(plan.clips.begin(), plan.clips.end(),
                     [](const PlanClip& a, const PlanClip& b) { return a.timelineStart < b.timelineStart; });
    return plan;
}

} // namespace cuesmith
