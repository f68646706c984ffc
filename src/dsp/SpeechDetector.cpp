#include "SpeechDetector.h"

#include "SpeechDetectorModel.h"
#include "SpeechFeatures.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cuesmith {

namespace {

constexpr int kContextRing = 64;  // projected frames kept; > the model's context span
// Frames at or below -80 dBFS (100 Hz–4 kHz) are silence whatever the network says; full trust
// from -70 dBFS. Real dialogue sits 30-50 dB above that, even whispered.
constexpr float kSilenceDb = -80.0f;
constexpr float kSignalDb = -70.0f;

double clampOr(double value, double lo, double hi, double fallback)
{
    return std::isfinite(value) ? std::clamp(value, lo, hi) : fallback;
}

int64_t secondsToFrames(double seconds) { return static_cast<int64_t>(std::llround(seconds / SpeechDetector::kFrameSeconds)); }

} // namespace

SpeechDetectorSettings clampedSpeechSettings(const SpeechDetectorSettings& settings)
{
    const SpeechDetectorSettings defaults;
    SpeechDetectorSettings out;
    out.threshold = static_cast<float>(clampOr(settings.threshold, 0.01, 0.99, defaults.threshold));
    out.confirmation = static_cast<float>(clampOr(settings.confirmation, out.threshold, 0.99, std::max(defaults.confirmation, out.threshold)));
    out.minimumPauseSeconds = clampOr(settings.minimumPauseSeconds, 0.0, 10.0, defaults.minimumPauseSeconds);
    out.hangoverSeconds = clampOr(settings.hangoverSeconds, 0.0, 5.0, defaults.hangoverSeconds);
    out.minimumSpeechSeconds = clampOr(settings.minimumSpeechSeconds, 0.0, 5.0, defaults.minimumSpeechSeconds);
    return out;
}

const SpeechModelWeights& builtInSpeechModel()
{
    namespace m = speech_model;
    static const SpeechModelWeights weights{
        .inputs = m::kInputs,
        .projection = m::kProjection,
        .hidden = m::kHidden,
        .offsets = m::kOffsets,
        .inputMean = m::kInputMean,
        .inputScale = m::kInputScale,
        .projectionWeights = m::kProjectionWeights,
        .projectionBias = m::kProjectionBias,
        .hiddenWeights = m::kHiddenWeights,
        .hiddenBias = m::kHiddenBias,
        .outputWeights = m::kOutputWeights,
        .outputBias = m::kOutputBias,
        .smoothingFrames = m::kSmoothingFrames,
    };
    return weights;
}

struct SpeechDetector::State {
    int rate;
    SpeechDetectorSettings settings;
    SpeechModelWeights model;
    int firstOffset = 0, lastOffset = 0;
    SpeechFeatures features;
    std::vector<SpeechFeatures::Frame> newFrames;
    std::vector<float> projected;  // kContextRing frames × model.projection
    std::vector<float> gate;       // kContextRing frames
    std::vector<float> centred;    // one frame's standardised features
    int64_t projectedFrames = 0;
    std::vector<float> probability;  // per frame, gated; smoothed into `confidence` by finish()
    std::vector<float> confidence;
    int64_t samples = 0;
    bool finished = false;

    State(int sampleRate, const SpeechDetectorSettings& s, const SpeechModelWeights& weights)
        : rate(sampleRate), settings(clampedSpeechSettings(s)), model(weights), features(sampleRate)
    {
        const auto contexts = model.offsets.size();
        const auto inputs = static_cast<size_t>(model.inputs);
        const auto projection = static_cast<size_t>(model.projection);
        const auto hidden = static_cast<size_t>(model.hidden);
        const bool fits = model.inputs == SpeechFeatures::kCount && model.projection > 0 && model.hidden > 0 && contexts > 0 &&
                          std::is_sorted(model.offsets.begin(), model.offsets.end()) &&
                          model.offsets.back() - model.offsets.front() < kContextRing &&
                          model.inputMean.size() == inputs && model.inputScale.size() == inputs &&
                          model.projectionWeights.size() == projection * inputs && model.projectionBias.size() == projection &&
                          model.hiddenWeights.size() == hidden * contexts * projection && model.hiddenBias.size() == hidden &&
                          model.outputWeights.size() == hidden && model.smoothingFrames >= 0;
        if (!fits)
            throw std::invalid_argument("SpeechDetector: the model's weights do not fit its features");
        firstOffset = model.offsets.front();
        lastOffset = model.offsets.back();
        projected.resize(kContextRing * projection);
        gate.resize(kContextRing);
        centred.resize(inputs);
    }

    static size_t slot(int64_t frame) { return static_cast<size_t>(frame & (kContextRing - 1)); }

    void project(const SpeechFeatures::Frame& frame)
    {
        const auto inputs = static_cast<size_t>(model.inputs);
        for (size_t i = 0; i < inputs; ++i)
            centred[i] = (frame.values[i] - model.inputMean[i]) * model.inputScale[i];
        float* out = &projected[slot(projectedFrames) * static_cast<size_t>(model.projection)];
        for (int p = 0; p < model.projection; ++p) {
            const float* row = &model.projectionWeights[static_cast<size_t>(p) * inputs];
            float sum = model.projectionBias[static_cast<size_t>(p)];
            for (size_t i = 0; i < inputs; ++i)
                sum += row[i] * centred[i];
            out[p] = std::tanh(sum);
        }
        gate[slot(projectedFrames)] = std::clamp((frame.levelDb - kSilenceDb) / (kSignalDb - kSilenceDb), 0.0f, 1.0f);
        ++projectedFrames;
    }

    // The network's output for frame k, its context clamped to the frames [0, lastFrame].
    float classify(int64_t frame, int64_t lastFrame) const
    {
        const auto projection = static_cast<size_t>(model.projection);
        const size_t width = model.offsets.size() * projection;
        float out = model.outputBias;
        for (int h = 0; h < model.hidden; ++h) {
            const float* row = &model.hiddenWeights[static_cast<size_t>(h) * width];
            float sum = model.hiddenBias[static_cast<size_t>(h)];
            for (size_t j = 0; j < model.offsets.size(); ++j) {
                const int64_t at = std::clamp<int64_t>(frame + model.offsets[j], 0, lastFrame);
                const float* z = &projected[slot(at) * projection];
                for (size_t p = 0; p < projection; ++p)
                    sum += row[j * projection + p] * z[p];
            }
            out += model.outputWeights[static_cast<size_t>(h)] * std::tanh(sum);
        }
        return 1.0f / (1.0f + std::exp(-out)) * gate[slot(frame)];
    }

    void take(bool all)
    {
        for (const auto& frame : newFrames) {
            project(frame);
            // Classify every frame whose whole context is now projected.
            while (static_cast<int64_t>(probability.size()) + lastOffset < projectedFrames)
                probability.push_back(classify(static_cast<int64_t>(probability.size()), projectedFrames - 1));
        }
        newFrames.clear();
        if (all)
            while (static_cast<int64_t>(probability.size()) < projectedFrames)
                probability.push_back(classify(static_cast<int64_t>(probability.size()), projectedFrames - 1));
    }
};

SpeechDetector::SpeechDetector(int sampleRate, const SpeechDetectorSettings& settings, const SpeechModelWeights& model)
    : state_(std::make_unique<State>(sampleRate, settings, model))
{
}

SpeechDetector::~SpeechDetector() = default;
SpeechDetector::SpeechDetector(SpeechDetector&&) noexcept = default;
SpeechDetector& SpeechDetector::operator=(SpeechDetector&&) noexcept = default;

void SpeechDetector::process(std::span<const float> mono)
{
    if (state_->finished)
        throw std::logic_error("SpeechDetector: process() after finish()");
    state_->features.process(mono, state_->newFrames);
    state_->samples += static_cast<int64_t>(mono.size());
    state_->take(false);
}

void SpeechDetector::finish()
{
    if (state_->finished)
        return;
    state_->finished = true;
    state_->features.finish(state_->newFrames);
    state_->take(true);
    // Smooth over the model's window: a syllable's evidence carries across its neighbours, and a
    // single odd frame of music does not make a region.
    const auto& p = state_->probability;
    const auto frames = static_cast<int64_t>(p.size());
    const int64_t half = state_->model.smoothingFrames;
    auto& c = state_->confidence;
    c.resize(p.size());
    double sum = 0.0;
    int64_t lo = 0, hi = -1;  // the window [lo, hi] currently summed
    for (int64_t k = 0; k < frames; ++k) {
        const int64_t wantLo = std::max<int64_t>(0, k - half), wantHi = std::min(frames - 1, k + half);
        while (hi < wantHi)
            sum += p[static_cast<size_t>(++hi)];
        while (lo < wantLo)
            sum -= p[static_cast<size_t>(lo++)];
        c[static_cast<size_t>(k)] = std::clamp(static_cast<float>(sum / static_cast<double>(hi - lo + 1)), 0.0f, 1.0f);
    }
}

const std::vector<float>& SpeechDetector::frameConfidence() const { return state_->confidence; }

std::vector<SpeechRegion> SpeechDetector::regions() const { return regions(state_->settings); }

std::vector<SpeechRegion> SpeechDetector::regions(const SpeechDetectorSettings& settings) const
{
    return speechRegions(state_->confidence, state_->rate, state_->samples, settings);
}

int SpeechDetector::sampleRate() const { return state_->rate; }
const SpeechDetectorSettings& SpeechDetector::settings() const { return state_->settings; }
int64_t SpeechDetector::samplesProcessed() const { return state_->samples; }
int64_t SpeechDetector::frameStart(int64_t frame) const { return SpeechFeatures::frameStart(frame, state_->rate); }

std::vector<SpeechRegion> speechRegions(std::span<const float> frameConfidence, int sampleRate, int64_t totalSamples,
                                        const SpeechDetectorSettings& requested)
{
    if (sampleRate <= 0)
        throw std::invalid_argument("speechRegions: sample rate " + std::to_string(sampleRate) + " Hz");
    const auto s = clampedSpeechSettings(requested);
    const int64_t frames = std::min<int64_t>(static_cast<int64_t>(frameConfidence.size()),
                                             SpeechFeatures::frameCount(totalSamples, sampleRate));
    const int64_t minimumPause = secondsToFrames(s.minimumPauseSeconds);
    const int64_t hangover = secondsToFrames(s.hangoverSeconds);
    const int64_t minimumSpeech = secondsToFrames(s.minimumSpeechSeconds);
    auto speech = [&](int64_t k) { return frameConfidence[static_cast<size_t>(k)] >= s.threshold; };

    // Runs of speech frames, with pauses shorter than the minimum bridged, as [first, end) frames.
    struct Run {
        int64_t first, end;
        float peak;
    };
    std::vector<Run> runs;
    for (int64_t k = 0; k < frames;) {
        if (!speech(k)) {
            ++k;
            continue;
        }
        int64_t end = k;
        float peak = 0.0f;
        while (end < frames && speech(end))
            peak = std::max(peak, frameConfidence[static_cast<size_t>(end++)]);
        if (!runs.empty() && k - runs.back().end < minimumPause) {
            runs.back().end = end;
            runs.back().peak = std::max(runs.back().peak, peak);
        } else {
            runs.push_back({k, end, peak});
        }
        k = end;
    }

    std::vector<SpeechRegion> regions;
    int64_t regionEnd = 0;          // frames, with the hangover
    double sum = 0.0, counted = 0;  // confidence over the region's frames before the hangover
    for (const auto& run : runs) {
        if (run.end - run.first < std::max<int64_t>(1, minimumSpeech) || run.peak < s.confirmation)
            continue;
        double runSum = 0.0;
        for (int64_t k = run.first; k < run.end; ++k)
            runSum += frameConfidence[static_cast<size_t>(k)];
        const auto runFrames = static_cast<double>(run.end - run.first);
        const int64_t end = std::min(frames, run.end + hangover);
        if (!regions.empty() && run.first <= regionEnd) {
            // A hangover longer than the minimum pause reached this run: one region.
            sum += runSum;
            counted += runFrames;
        } else {
            regions.push_back({SpeechFeatures::frameStart(run.first, sampleRate), 0, 0.0f});
            sum = runSum;
            counted = runFrames;
        }
        regions.back().end = std::min(totalSamples, SpeechFeatures::frameStart(end, sampleRate));
        regions.back().confidence = static_cast<float>(std::clamp(sum / counted, 0.0, 1.0));
        regionEnd = end;
    }
    return regions;
}

std::vector<SpeechRegion> detectSpeech(std::span<const float> mono, int sampleRate, const SpeechDetectorSettings& settings)
{
    SpeechDetector detector(sampleRate, settings);
    // Blocks of a second: the detector's own buffers stay small whatever the buffer's length.
    for (size_t at = 0; at < mono.size(); at += static_cast<size_t>(sampleRate))
        detector.process(mono.subspan(at, std::min(mono.size() - at, static_cast<size_t>(sampleRate))));
    detector.finish();
    return detector.regions();
}

} // namespace cuesmith
