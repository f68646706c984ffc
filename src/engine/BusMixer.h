#pragma once
// Mixes a RenderPlan's clips into its stem buses and the full mix, one block at a time.
// prepare() allocates everything; process() allocates nothing, takes no lock and does no I/O
// beyond StemSource::read, so the same object runs in the device callback and in offline renders
// and both produce identical samples. Message thread: prepare(); audio thread: process().

#include "ClipAudio.h"
#include "dsp/DialogueBandEq.h"
#include "RenderPlan.h"
#include "StemSource.h"

#include <memory>

#include <vector>

namespace cuesmith {

class BusMixer {
public:
    // Clips read from `audio`; the plan and the audio must outlive the mixer.
    void prepare(const RenderPlan& plan, ClipAudio& audio, int maxBlockFrames);
    // sources[i] feeds plan.stems[i] directly; the plan and the sources must outlive the mixer.
    void prepare(const RenderPlan& plan, std::vector<StemSource*> sources, int maxBlockFrames);

    // Renders timeline samples [start, start + frames) into busOutput(b) and mixOutput(),
    // interleaved in the plan's output layout (SMPTE order). audio thread
    void process(int64_t start, int frames);

    const float* busOutput(int bus) const { return busBuffers_[static_cast<size_t>(bus)].data(); }
    const float* mixOutput() const { return mixBuffer_.data(); }
    int outputChannels() const { return outputChannels_; }
    int busCount() const { return static_cast<int>(busBuffers_.size()); }

private:
    void addClip(size_t clipIndex, int64_t blockStart, int frames);

    const RenderPlan* plan_ = nullptr;
    ClipAudio* audio_ = nullptr;
    std::unique_ptr<StemClipAudio> ownAudio_;  // when prepared with stem sources
    int maxBlock_ = 0;
    int outputChannels_ = 0;
    std::vector<std::vector<float>> busBuffers_;
    std::vector<float> mixBuffer_;
    std::vector<float> sourceScratch_;
    std::vector<float> gainScratch_;
    std::vector<float> busGain_;
    std::vector<DialogueBandEq> dialogueEqs_;
};

} // namespace cuesmith
