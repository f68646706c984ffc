#include "BusMixer.h"

#include "dsp/EnvelopeGain.h"

#include <algorithm>
#include <stdexcept>

namespace cuesmith {

namespace {

// What a bus carries: the widest layout of the stems that feed it (a bus is named after its stems
// and takes their layout; a stereo STR stays stereo inside a 5.1 delivery). Its dialogue EQ weighs
// channels by this, not by the delivery's layout.
ChannelLayout busContentLayout(const RenderPlan& plan, int bus)
{
    ChannelLayout widest = ChannelLayout::Mono;
    for (const auto& clip : plan.clips)
        if (clip.bus == bus) {
            const ChannelLayout layout = plan.stems[static_cast<size_t>(clip.stem)].layout;
            if (channelCount(layout) > channelCount(widest))
                widest = layout;
        }
    return widest;
}

} // namespace

void BusMixer::prepare(const RenderPlan& plan, std::vector<StemSource*> sources, int maxBlockFrames)
{
    ownAudio_ = std::make_unique<StemClipAudio>(plan, std::move(sources));
    prepare(plan, *ownAudio_, maxBlockFrames);
}

void BusMixer::prepare(const RenderPlan& plan, ClipAudio& audio, int maxBlockFrames)
{
    plan_ = &plan;
    audio_ = &audio;
    maxBlock_ = maxBlockFrames;
    outputChannels_ = channelCount(plan.outputLayout);
    busBuffers_.assign(plan.buses.size(), std::vector<float>(static_cast<size_t>(maxBlockFrames * outputChannels_)));
    busWritten_.assign(plan.buses.size(), false);
    mixBuffer_.assign(static_cast<size_t>(maxBlockFrames * outputChannels_), 0.0f);
    sourceScratch_.assign(static_cast<size_t>(maxBlockFrames * ChannelMatrix::kMaxChannels), 0.0f);
    gainScratch_.assign(static_cast<size_t>(maxBlockFrames), 0.0f);
    busGain_.assign(static_cast<size_t>(maxBlockFrames), 1.0f);
    automationGain_.assign(static_cast<size_t>(maxBlockFrames), 1.0f);
    dialogueEqs_.assign(plan.buses.size(), DialogueBandEq{});
    for (size_t b = 0; b < plan.buses.size(); ++b)
        dialogueEqs_[b].prepare(static_cast<double>(plan.sampleRate), plan.outputLayout,
                                busContentLayout(plan, static_cast<int>(b)), plan.buses[b].eq, plan.buses[b].eqDepth);
}

// audio thread
void BusMixer::process(int64_t start, int frames)
{
    frames = std::min(frames, maxBlock_);
    const size_t samples = static_cast<size_t>(frames * outputChannels_);
    // A bus holds last block's samples until its first clip of this block overwrites them (or it
    // is zeroed: no clip, or one that does not cover the whole block).
    std::fill(busWritten_.begin(), busWritten_.end(), false);
    audio_->beginBlock(start, frames);

    // Clips are sorted by start; none is longer than longestClip, so only those starting in
    // (start - longestClip, start + frames) can overlap this block.
    const auto& clips = plan_->clips;
    const int64_t earliest = start - plan_->longestClip;
    auto it = std::lower_bound(clips.begin(), clips.end(), earliest,
                               [](const PlanClip& c, int64_t t) { return c.timelineStart <= t; });
    for (; it != clips.end() && it->timelineStart < start + frames; ++it)
        if (it->timelineEnd() > start)
            addClip(static_cast<size_t>(it - clips.begin()), start, frames);
    for (size_t b = 0; b < busBuffers_.size(); ++b)
        if (!busWritten_[b])
            std::fill_n(busBuffers_[b].begin(), samples, 0.0f);

    // How much of the dialogue processing this block plays (A/B), moving toward the target.
    const double amountFrom = dialogueAmount_;
    const double step = static_cast<double>(frames) / kDialogueRampFrames;
    dialogueAmount_ = dialogueTarget_ > amountFrom ? std::min(dialogueTarget_, amountFrom + step)
                                                   : std::max(dialogueTarget_, amountFrom - step);

    // Each bus's dialogue-band cut, then its automation and duck.
    for (size_t b = 0; b < busBuffers_.size(); ++b)
        dialogueEqs_[b].process(start, busBuffers_[b].data(), frames, amountFrom, dialogueAmount_);
    for (size_t b = 0; b < busBuffers_.size(); ++b)
        applyBusGain(b, start, frames, amountFrom, dialogueAmount_);

    // The mix is the sum of the buses, so stems null against it by construction.
    // In runs that stay in the first-level cache while every bus is added in.
    if (busBuffers_.empty())
        std::fill_n(mixBuffer_.begin(), samples, 0.0f);
    constexpr size_t kRun = 2048;
    for (size_t from = 0; from < samples && !busBuffers_.empty(); from += kRun) {
        const size_t n = std::min(kRun, samples - from);
        float* mix = mixBuffer_.data() + from;
        std::copy_n(busBuffers_[0].data() + from, n, mix);
        for (size_t b = 1; b < busBuffers_.size(); ++b) {
            const float* bus = busBuffers_[b].data() + from;
            for (size_t i = 0; i < n; ++i)
                mix[i] += bus[i];
        }
    }
}

void BusMixer::exchangeOutputs(std::vector<std::vector<float>>& buffers)
{
    const size_t size = mixBuffer_.size();
    if (buffers.size() != busBuffers_.size() + 1
        || std::any_of(buffers.begin(), buffers.end(), [&](const auto& b) { return b.size() != size; }))
        throw std::logic_error("BusMixer::exchangeOutputs: buffers of the wrong shape");
    for (size_t b = 0; b < busBuffers_.size(); ++b)
        busBuffers_[b].swap(buffers[b]);
    mixBuffer_.swap(buffers.back());
}

// audio thread (compares names, allocates nothing)
void BusMixer::continueFrom(const BusMixer& previous)
{
    dialogueTarget_ = previous.dialogueTarget_;
    dialogueAmount_ = previous.dialogueAmount_;
    if (plan_ == nullptr || previous.plan_ == nullptr)
        return;
    for (size_t b = 0; b < dialogueEqs_.size(); ++b)
        for (size_t p = 0; p < previous.dialogueEqs_.size(); ++p)
            if (plan_->buses[b].name == previous.plan_->buses[p].name)
                dialogueEqs_[b].continueFrom(previous.dialogueEqs_[p]);
}

// audio thread: the bus's gain with its duck (amount 1), its automation alone (0), or a straight
// crossfade between the two while an A/B change ramps.
void BusMixer::applyBusGain(size_t b, int64_t start, int frames, double amountFrom, double amountTo)
{
    const PlanBus& bus = plan_->buses[b];
    float* gains = busGain_.data();
    if (amountFrom == 1.0 && amountTo == 1.0) {
        if (!fillEnvelopeGains(bus.gain, start, frames, gains))
            return;
    } else if (amountFrom == 0.0 && amountTo == 0.0) {
        if (!fillEnvelopeGains(bus.automation, start, frames, gains))
            return;
    } else {
        if (!fillEnvelopeGains(bus.gain, start, frames, gains))
            std::fill_n(gains, frames, 1.0f);
        float* automation = automationGain_.data();
        if (!fillEnvelopeGains(bus.automation, start, frames, automation))
            std::fill_n(automation, frames, 1.0f);
        for (int f = 0; f < frames; ++f) {
            const double amount = amountFrom + (amountTo - amountFrom) * (f + 1) / frames;
            gains[f] = static_cast<float>(automation[f] + amount * (gains[f] - automation[f]));
        }
    }
    float* x = busBuffers_[b].data();
    for (int f = 0; f < frames; ++f)
        for (int c = 0; c < outputChannels_; ++c)
            x[f * outputChannels_ + c] *= gains[f];
}

// audio thread
void BusMixer::addClip(size_t clipIndex, int64_t blockStart, int frames)
{
    const PlanClip& clip = plan_->clips[clipIndex];
    const int64_t from = std::max(blockStart, clip.timelineStart);
    const int64_t to = std::min(blockStart + frames, clip.timelineEnd());
    const int count = static_cast<int>(to - from);
    if (count <= 0)
        return;
    const int64_t offsetInClip = from - clip.timelineStart;

    // Fade gains: centred sample positions, so a fade-out and a fade-in of the same length over
    // the same samples are exact complements for sum-to-one shapes. Outside the fades, unity.
    const bool fading = (clip.fadeIn > 0 && offsetInClip < clip.fadeIn)
                        || (clip.fadeOut > 0 && offsetInClip + count > clip.length - clip.fadeOut);
    for (int i = 0; fading && i < count; ++i) {
        const int64_t k = offsetInClip + i;
        float g = 1.0f;
        if (clip.fadeIn > 0 && k < clip.fadeIn)
            g *= fadeGain(clip.fadeInShape, (static_cast<double>(k) + 0.5) / static_cast<double>(clip.fadeIn));
        const int64_t fromEnd = clip.length - 1 - k;
        if (clip.fadeOut > 0 && fromEnd < clip.fadeOut)
            g *= fadeGain(clip.fadeOutShape, (static_cast<double>(fromEnd) + 0.5) / static_cast<double>(clip.fadeOut));
        gainScratch_[static_cast<size_t>(i)] = g;
    }

    const auto bus = static_cast<size_t>(clip.bus);
    if (!busWritten_[bus] && count < frames)
        std::fill_n(busBuffers_[bus].begin(), static_cast<size_t>(frames * outputChannels_), 0.0f);
    const bool overwrite = !busWritten_[bus];
    busWritten_[bus] = true;

    // Read in place from the streamer's buffer when it can, else through a copy.
    const float* source = audio_->viewClip(clipIndex, offsetInClip, count);
    if (source == nullptr) {
        audio_->readClip(clipIndex, offsetInClip, sourceScratch_.data(), count);
        source = sourceScratch_.data();
    }
    float* out = busBuffers_[bus].data() + (from - blockStart) * outputChannels_;
    const ChannelMatrix& matrix = plan_->stemToBus[static_cast<size_t>(clip.stem)];
    const float* gains = fading ? gainScratch_.data() : nullptr;
    if (overwrite)
        matrix.writeScaled(source, gains, out, count);
    else
        matrix.addScaled(source, gains, out, count);
    if (source != sourceScratch_.data())
        audio_->releaseClip(clipIndex, offsetInClip, count);
}

} // namespace cuesmith
