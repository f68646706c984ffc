#include "Player.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

namespace {

// What a device with `channels` outputs monitors a mix of `mix` on: the mix itself when it fits,
// else the largest standard fold that does (7.1 → 5.1 → stereo → mono).
ChannelLayout monitorLayout(ChannelLayout mix, int channels)
{
    if (channels >= channelCount(mix))
        return mix;
    for (ChannelLayout l : {ChannelLayout::Surround51, ChannelLayout::Stereo})
        if (channels >= channelCount(l) && channelCount(l) < channelCount(mix))
            return l;
    return ChannelLayout::Mono;
}

} // namespace

Player::Player()
    : folded_(static_cast<size_t>(kMaxBlockFrames * ChannelMatrix::kMaxChannels), 0.0f),
      ones_(static_cast<size_t>(kMaxBlockFrames), 1.0f)
{
    for (auto& p : peaks_)
        p.store(0.0f);
}

Player::~Player()
{
    delete current_;
    delete incoming_.exchange(nullptr);
    delete outgoing_.exchange(nullptr);
}

void Player::setProgram(std::unique_ptr<PlaybackProgram> program)
{
    collectGarbage();
    // Read ahead from where the playhead is, so the program plays from its first block.
    const int64_t at = playhead();
    program->streamer().start(at);
    if (isPlaying())
        program->streamer().waitUntilReady(at, kMaxBlockFrames);
    program->mixer().setDialogueProcessing(dialogueProcessing(), true);
    // A program the audio thread has not picked up yet is replaced, never played.
    delete incoming_.exchange(program.release());
}

void Player::collectGarbage()
{
    delete outgoing_.exchange(nullptr);
}

float Player::takePeak(int channel)
{
    if (channel < 0 || channel >= kMaxDeviceChannels)
        return 0.0f;
    return peaks_[static_cast<size_t>(channel)].exchange(0.0f);
}

uint64_t Player::underruns() const
{
    return underruns_.load(std::memory_order_relaxed);
}

// audio thread: takes the incoming program once the previous outgoing one has been collected, so
// the audio thread never has to destroy anything.
void Player::adoptPendingProgram()
{
    if (outgoing_.load(std::memory_order_acquire) != nullptr)
        return;
    PlaybackProgram* next = incoming_.exchange(nullptr, std::memory_order_acq_rel);
    if (next == nullptr)
        return;
    if (current_ != nullptr) {
        retiredUnderruns_ += current_->streamer().underruns();
        next->mixer().continueFrom(current_->mixer());
    }
    outgoing_.store(current_, std::memory_order_release);
    current_ = next;
}

// audio thread
void Player::process(float* const* outputs, int channels, int frames)
{
    for (int c = kMaxDeviceChannels; c < channels; ++c)  // outputs past the eighth stay silent
        std::fill_n(outputs[c], frames, 0.0f);
    channels = std::min(channels, kMaxDeviceChannels);
    adoptPendingProgram();
    const int64_t locate = locateRequest_.exchange(kNoLocate);
    if (locate != kNoLocate)
        playhead_.store(locate, std::memory_order_relaxed);

    if (current_ == nullptr || !playing_.load(std::memory_order_relaxed)) {
        for (int c = 0; c < channels; ++c)
            std::fill_n(outputs[c], frames, 0.0f);
        // Stopped: keep the disk reading at the playhead, so play starts with the audio there.
        if (current_ != nullptr)
            current_->streamer().beginBlock(playhead(), frames);
        return;
    }
    current_->mixer().setDialogueProcessing(dialogueProcessing_.load(std::memory_order_relaxed));
    for (int offset = 0; offset < frames; offset += kMaxBlockFrames)
        mixChunk(outputs, channels, offset, std::min(kMaxBlockFrames, frames - offset));
    underruns_.store(retiredUnderruns_ + current_->streamer().underruns(), std::memory_order_relaxed);
    framesPlayed_.fetch_add(static_cast<uint64_t>(frames), std::memory_order_relaxed);
}

// audio thread: mixes the next `frames` at the playhead into outputs[c][offset...].
void Player::mixChunk(float* const* outputs, int channels, int offset, int frames)
{
    BusMixer& mixer = current_->mixer();
    const int64_t start = playhead();
    mixer.process(start, frames);
    playhead_.store(start + frames, std::memory_order_relaxed);

    const ChannelLayout mixLayout = current_->plan().outputLayout;
    const ChannelLayout monitor = monitorLayout(mixLayout, channels);
    const float* source = mixer.mixOutput();
    int sourceChannels = mixer.outputChannels();
    if (monitor != mixLayout) {
        const ChannelMatrix fold = ChannelMatrix::between(mixLayout, monitor);
        sourceChannels = fold.outputs();
        std::fill_n(folded_.begin(), static_cast<size_t>(frames * sourceChannels), 0.0f);
        fold.addScaled(source, ones_.data(), folded_.data(), frames);
        source = folded_.data();
    }
    for (int c = 0; c < channels; ++c) {
        float* out = outputs[c] + offset;
        if (c >= sourceChannels) {
            std::fill_n(out, frames, 0.0f);
            continue;
        }
        float peak = 0.0f;
        for (int f = 0; f < frames; ++f) {
            out[f] = source[f * sourceChannels + c];
            peak = std::max(peak, std::abs(out[f]));
        }
        auto& held = peaks_[static_cast<size_t>(c)];
        float seen = held.load(std::memory_order_relaxed);
        while (peak > seen && !held.compare_exchange_weak(seen, peak, std::memory_order_relaxed)) {
        }
    }
}

} // namespace cuesmith
