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

    // Listening A/B: on plays the plan's dialogue processing (ducks and dialogue EQ), off plays each
    // bus's automation alone. A change crossfades over kDialogueRampFrames so it does not click.
    // Settled "off" gives exactly the undipped render; settled "on" the ducked render, exactly once
    // the dialogue filters have forgotten the time they were off (at the latest when the cut
    // next returns to flat). audio thread
    // immediately: no crossfade (a mixer that has not played yet).
    void setDialogueProcessing(bool on, bool immediately = false)
    {
        dialogueTarget_ = on ? 1.0 : 0.0;
        if (immediately)
            dialogueAmount_ = dialogueTarget_;
    }
    bool dialogueProcessing() const { return dialogueTarget_ == 1.0; }
    static constexpr int kDialogueRampFrames = 4800;

    // Takes over the running state of the mixer this one replaces (a new program after an edit):
    // the A/B position and each same-named bus's filter history, so the swap is seamless.
    // audio thread
    void continueFrom(const BusMixer& previous);

    // Hands the last block's outputs over without copying: swaps buffers[b] with bus b's output
    // and buffers[busCount()] with the mix. Each must hold maxBlockFrames × outputChannels() floats;
    // the mixer writes its next block into what it received. Offline renderer only (the vectors
    // change owners, nothing is allocated).
    void exchangeOutputs(std::vector<std::vector<float>>& buffers);

    const float* busOutput(int bus) const { return busBuffers_[static_cast<size_t>(bus)].data(); }
    const float* mixOutput() const { return mixBuffer_.data(); }
    int outputChannels() const { return outputChannels_; }
    int busCount() const { return static_cast<int>(busBuffers_.size()); }

private:
    void addClip(size_t clipIndex, int64_t blockStart, int frames);
    void applyBusGain(size_t bus, int64_t start, int frames, double amountFrom, double amountTo);

    const RenderPlan* plan_ = nullptr;
    ClipAudio* audio_ = nullptr;
    std::unique_ptr<StemClipAudio> ownAudio_;  // when prepared with stem sources
    int maxBlock_ = 0;
    int outputChannels_ = 0;
    std::vector<std::vector<float>> busBuffers_;
    std::vector<char> busWritten_;  // per bus: this block's first clip has been written
    std::vector<float> mixBuffer_;
    std::vector<float> sourceScratch_;
    std::vector<float> gainScratch_;
    std::vector<float> busGain_;
    std::vector<float> automationGain_;
    double dialogueTarget_ = 1.0, dialogueAmount_ = 1.0;  // 1: ducks and EQ as planned, 0: none
    std::vector<DialogueBandEq> dialogueEqs_;
};

} // namespace cuesmith
