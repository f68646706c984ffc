#pragma once
// The real-time player: plays the current PlaybackProgram's full mix to an audio device from the
// playhead, folded to the device's channels. The window drives it (play, stop, locate, ducking
// A/B, a new program after every edit); the device callback calls process().
//
// Threads: process() on the audio thread, where it allocates nothing, takes no lock and does no
// I/O (the disk thread reads ahead); everything else on the message thread. Requests reach the
// audio thread through atomics; a new program is handed over through an atomic pointer, and the
// one it replaces comes back the same way to be destroyed off the audio thread.

#include "PlaybackProgram.h"

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <vector>

namespace cuesmith {

class Player {
public:
    static constexpr int kMaxBlockFrames = 2048;  // process() splits larger device blocks
    static constexpr int kMaxDeviceChannels = 8;

    Player();
    ~Player();  // the device must have stopped calling process()
    Player(const Player&) = delete;
    Player& operator=(const Player&) = delete;

    // Hands a program to the audio thread, which starts playing it at its next block: its streamer
    // starts reading at the playhead first, so playback goes on without a gap. message thread
    void setProgram(std::unique_ptr<PlaybackProgram> program);
    // Destroys programs the audio thread has let go of. message thread (also called by setProgram)
    void collectGarbage();

    void play() { playing_.store(true); }
    void stop() { playing_.store(false); }
    bool isPlaying() const { return playing_.load(); }
    // Moves the playhead (timeline samples); playing or not. playhead() reports it at once; the
    // audio thread plays from it at its next block. Any thread.
    void locate(int64_t sample)
    {
        locateRequest_.store(sample);
        playhead_.store(sample);
    }
    int64_t playhead() const { return playhead_.load(std::memory_order_relaxed); }
    // Ducking and dialogue EQ on (as rendered) or off (automation only), crossfaded. Any thread.
    void setDialogueProcessing(bool on) { dialogueProcessing_.store(on); }
    bool dialogueProcessing() const { return dialogueProcessing_.load(); }

    // Highest absolute sample per device channel since the last call, and resets it. Any thread.
    float takePeak(int channel);
    // Blocks where the disk had not read far enough ahead (heard as silence), across programs.
    uint64_t underruns() const;
    // Frames mixed and sent to the device since construction.
    uint64_t framesPlayed() const { return framesPlayed_.load(std::memory_order_relaxed); }

    // Fills `channels` non-interleaved device buffers with `frames` samples. audio thread
    void process(float* const* outputs, int channels, int frames);

private:
    void adoptPendingProgram();
    void mixChunk(float* const* outputs, int channels, int offset, int frames);

    PlaybackProgram* current_ = nullptr;           // audio thread
    std::atomic<PlaybackProgram*> incoming_{nullptr};  // message thread → audio thread
    std::atomic<PlaybackProgram*> outgoing_{nullptr};  // audio thread → message thread

    std::atomic<bool> playing_{false};
    std::atomic<bool> dialogueProcessing_{true};
    static constexpr int64_t kNoLocate = INT64_MIN;
    std::atomic<int64_t> locateRequest_{kNoLocate};
    std::atomic<int64_t> playhead_{0};
    std::atomic<uint64_t> framesPlayed_{0};
    uint64_t retiredUnderruns_ = 0;  // audio thread: underruns of programs already replaced
    std::atomic<uint64_t> underruns_{0};
    std::array<std::atomic<float>, kMaxDeviceChannels> peaks_{};

    std::vector<float> folded_;  // the mix folded to the device's channels, interleaved
    std::vector<float> ones_;    // unit gains for the fold
};

} // namespace cuesmith
