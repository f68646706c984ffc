#pragma once
// Finds the dialogue in a recording, at 10 ms resolution, even with music, room tone or effects
// under it, so that music can be ducked under the lines before they start. Each 10 ms frame gets
// a speech confidence (0..1) from a small network over SpeechFeatures; regions follow from a
// threshold with hysteresis, bridging of short pauses, a hangover and a minimum length.
// Offline analysis on a worker thread: process() blocks of any size, then finish(); it allocates
// as it goes. Memory grows by 8 bytes per frame (about 6 MB for two hours); roughly 1.7 s of audio
// is held back as look-ahead. Method and measurements: docs/SPEECH_DETECTION.md.

#include "core/SpeechRegion.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace cuesmith {

// Out-of-range values are clamped, never rejected (clampedSpeechSettings shows the result):
//   threshold              [0.01, 0.99]   (0 would call everything speech)
//   confirmation           [threshold, 0.99]
//   minimumPauseSeconds    [0, 10]        (negative means no bridging)
//   hangoverSeconds        [0, 5]
//   minimumSpeechSeconds   [0, 5]
// Non-finite values fall back to the defaults. The defaults of threshold, confirmation and
// minimumSpeechSeconds were chosen on the development set (docs/SPEECH_DETECTION.md).
struct SpeechDetectorSettings {
    // A frame is speech when its confidence reaches this.
    float threshold = 0.5f;
    // ...and a region is kept only if its confidence reaches this somewhere (hysteresis): music
    // that briefly looks like speech rarely looks very much like it.
    float confirmation = 0.8f;
    // Gaps between speech shorter than this are bridged: the line goes on through a breath.
    double minimumPauseSeconds = 0.3;
    // Each region runs on this long after its last speech frame (a word's tail, and time for the
    // music to come back up without clipping it).
    double hangoverSeconds = 0.1;
    // Regions with less speech than this (before the hangover) are dropped: a cough, a slam.
    double minimumSpeechSeconds = 0.25;
};

SpeechDetectorSettings clampedSpeechSettings(const SpeechDetectorSettings& settings);

// The network's weights, as spans so that the training program can run candidate models through
// the very code the detector uses; the storage must outlive the detector. builtInSpeechModel() is
// the trained one (SpeechDetectorModel.h).
struct SpeechModelWeights {
    int inputs = 0;          // SpeechFeatures::kCount
    int projection = 0;      // per-frame projection size
    int hidden = 0;          // hidden units over the context
    std::span<const int> offsets;             // context frames, relative, ascending
    std::span<const float> inputMean;         // [inputs]
    std::span<const float> inputScale;        // [inputs], multiplies (x - mean)
    std::span<const float> projectionWeights; // [projection][inputs]
    std::span<const float> projectionBias;    // [projection]
    std::span<const float> hiddenWeights;     // [hidden][offsets.size() * projection]
    std::span<const float> hiddenBias;        // [hidden]
    std::span<const float> outputWeights;     // [hidden]
    float outputBias = 0.0f;
    int smoothingFrames = 0;                  // the output is averaged over this many frames either side
};

const SpeechModelWeights& builtInSpeechModel();

class SpeechDetector {
public:
    static constexpr double kFrameSeconds = 0.01;

    // Throws std::invalid_argument for a rate outside 8–192 kHz, or weights that do not fit the
    // features.
    explicit SpeechDetector(int sampleRate, const SpeechDetectorSettings& settings = {},
                            const SpeechModelWeights& model = builtInSpeechModel());
    ~SpeechDetector();
    SpeechDetector(SpeechDetector&&) noexcept;
    SpeechDetector& operator=(SpeechDetector&&) noexcept;
    SpeechDetector(const SpeechDetector&) = delete;
    SpeechDetector& operator=(const SpeechDetector&) = delete;

    // Mono samples at the detector's rate, in order, any block size.
    void process(std::span<const float> mono);
    // The recording has ended. Results are complete only after this; process() may not follow.
    void finish();

    // One confidence per frame, 0..1: frame k covers samples [frameStart(k), frameStart(k + 1)).
    const std::vector<float>& frameConfidence() const;
    // The speech regions under the detector's settings, in order, not overlapping, within the input.
    std::vector<SpeechRegion> regions() const;
    // The same frames under other settings, without analysing again.
    std::vector<SpeechRegion> regions(const SpeechDetectorSettings& settings) const;

    int sampleRate() const;
    const SpeechDetectorSettings& settings() const;  // clamped
    int64_t samplesProcessed() const;
    int64_t frameStart(int64_t frame) const;

private:
    struct State;
    std::unique_ptr<State> state_;
};

// The decision logic alone, over per-frame confidences of a recording `totalSamples` long at
// `sampleRate` (frames as in SpeechDetector). Linear in the number of frames. Throws
// std::invalid_argument for a rate that is not positive.
std::vector<SpeechRegion> speechRegions(std::span<const float> frameConfidence, int sampleRate, int64_t totalSamples,
                                        const SpeechDetectorSettings& settings);

// Whole-buffer convenience: process(), finish(), regions().
std::vector<SpeechRegion> detectSpeech(std::span<const float> mono, int sampleRate,
                                       const SpeechDetectorSettings& settings = {});

} // namespace cuesmith
