#pragma once
// Per-10-ms-frame features that tell dialogue from the music, room tone and effects under it, for
// SpeechDetector (and for the program that trains its model, bench/SpeechDetectionEval.cpp):
// - 24 band levels (mel-spaced, 100 Hz–4 kHz) against their own 3-second average: what stands
//   out of a bed that is, over seconds, fairly steady;
// - how the spectral peaks between 150 Hz and 3 kHz move: music holds notes, so its peak pattern
//   40 ms later is the same one; voiced speech glides, so its pattern reappears shifted or not at
//   all. Four subbands of that, plus the direction of the shift 20 ms on.
// Everything is defined in Hz and seconds, so any rate from 8 to 192 kHz gives the same features:
// input above 32 kHz is low-passed and decimated to 16–32 kHz first (speech cues live below 4 kHz).
// Offline analysis on a worker thread: allocates while it runs, streams in blocks with a bounded
// look-ahead (1.5 s), so a two-hour track costs memory only for its per-frame output.

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cuesmith {

class SpeechFeatures {
public:
    static constexpr int kBands = 24;
    static constexpr int kPeakBands = 4;
    // Band levels, then (peak self-similarity, best shifted similarity minus it) per peak band, then
    // the glide direction.
    static constexpr int kCount = kBands + 2 * kPeakBands + 1;
    // Frames between a frame and the latest frame its features need: the band average reaches
    // this far ahead (1.5 s).
    static constexpr int kLookAheadFrames = 150;

    struct Frame {
        std::array<float, kCount> values{};
        float levelDb = -120.0f;  // 100 Hz–4 kHz level of the frame's window, dBFS (mean square)
    };

    // Throws std::invalid_argument for a rate outside 8–192 kHz.
    explicit SpeechFeatures(int sampleRate);
    ~SpeechFeatures();
    SpeechFeatures(SpeechFeatures&&) noexcept;
    SpeechFeatures& operator=(SpeechFeatures&&) noexcept;
    SpeechFeatures(const SpeechFeatures&) = delete;
    SpeechFeatures& operator=(const SpeechFeatures&) = delete;

    // Feeds the next samples (any block size; non-finite samples count as silence) and appends the
    // frames whose features are now complete to `out`, in order.
    void process(std::span<const float> samples, std::vector<Frame>& out);
    // The recording has ended: appends the remaining frames. process() may not follow.
    void finish(std::vector<Frame>& out);

    int sampleRate() const;

    // Frame k covers the input samples [frameStart(k), frameStart(k + 1)): 10 ms, rounded down to
    // whole samples, so frames tile the input exactly at any rate (44.1 kHz: 441; 22.05 kHz: 220 or 221).
    static int64_t frameStart(int64_t frame, int sampleRate);
    // Frames covering `samples` input samples (the last may be partial).
    static int64_t frameCount(int64_t samples, int sampleRate);

private:
    struct State;
    std::unique_ptr<State> state_;
};

} // namespace cuesmith
