#include "SpliceListening.h"

#include "AudioFileReader.h"

#include <aubio/aubio.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

namespace cuesmith {

namespace {

// aubio's modified Kullback-Leibler onset function: it finds a new note that starts legato or
// swells in (where the default high-frequency-content function misses it) and stays quiet on a
// held note with vibrato or tremolo (where the complex-domain function fires on low drones).
constexpr const char* kOnsetMethod = "mkl";
constexpr uint_t kOnsetWindow = 1024;
constexpr uint_t kOnsetHop = 256;
// Audio fed to the onset detector before the stretch that matters, so its running threshold has
// settled (it reports an onset at the very start of any stream).
constexpr int kOnsetLeadMs = 400;
constexpr int kOnsetTailMs = 100;  // after the last level window: the detector reports late

constexpr double kMinusInfinity = -std::numeric_limits<double>::infinity();

struct OnsetDeleter {
    void operator()(aubio_onset_t* o) const { del_aubio_onset(o); }
};
struct VecDeleter {
    void operator()(fvec_t* v) const { del_fvec(v); }
};

double meanSquareToDb(double meanSquare) { return meanSquare > 0.0 ? 10.0 * std::log10(meanSquare) : kMinusInfinity; }

} // namespace

struct CueListener::Readers {
    std::vector<AudioFileReader> stems;
};

CueListener::CueListener(const Cue& cue, int64_t sampleRate, SustainedNoteRule rule)
    : readers_(std::make_unique<Readers>()), sampleRate_(sampleRate), lengthSamples_(cue.lengthSamples), rule_(rule)
{
    if (cue.stems.empty())
        throw std::runtime_error("cue " + cue.number + " has no stems to listen to");
    for (const auto& stem : cue.stems)
        readers_->stems.emplace_back(stem.path, std::nullopt, static_cast<int>(sampleRate));
}

CueListener::~CueListener() = default;

std::vector<double> CueListener::readMono(int64_t from, int64_t count)
{
    std::vector<double> mono(static_cast<size_t>(std::max<int64_t>(0, count)), 0.0);
    const int64_t a = std::max<int64_t>(from, 0), b = std::min(from + count, lengthSamples_);
    if (b <= a)
        return mono;
    std::vector<float> block;
    for (auto& reader : readers_->stems) {
        const auto channels = static_cast<size_t>(reader.channels());
        reader.seek(a);
        block.resize(4096 * channels);
        int64_t done = 0;
        while (done < b - a) {
            const size_t got = reader.read(block.data(), static_cast<size_t>(std::min<int64_t>(4096, b - a - done)));
            if (got == 0)
                break;  // a stem shorter than the cue says: the rest is silence
            for (size_t i = 0; i < got; ++i) {
                double sum = 0.0;
                for (size_t c = 0; c < channels; ++c)
                    sum += block[i * channels + c];
                mono[static_cast<size_t>(a - from + done) + i] += sum / static_cast<double>(channels);
            }
            done += static_cast<int64_t>(got);
        }
    }
    return mono;
}

double CueListener::windowLevelDb(const std::vector<double>& mono, size_t start, size_t length) const
{
    double sum = 0.0;
    for (size_t i = start; i < start + length && i < mono.size(); ++i)
        sum += mono[i] * mono[i];
    return meanSquareToDb(length > 0 ? sum / static_cast<double>(length) : 0.0);
}

double CueListener::quietLevelDb()
{
    if (quietKnown_)
        return quietLevelDb_;
    // One streaming pass: the level of every window of the cue, nothing else kept.
    const int64_t window = std::max<int64_t>(1, sampleRate_ * rule_.levelWindowMs / 1000);
    std::vector<double> levels;
    std::vector<double> mono(static_cast<size_t>(window));
    std::vector<float> block;
    for (auto& reader : readers_->stems)
        reader.seek(0);
    for (int64_t at = 0; at < lengthSamples_; at += window) {
        const int64_t count = std::min(window, lengthSamples_ - at);
        if (count < window && !levels.empty())
            break;  // a last partial window would weigh a few samples like a whole window
        std::fill(mono.begin(), mono.end(), 0.0);
        for (auto& reader : readers_->stems) {
            const auto channels = static_cast<size_t>(reader.channels());
            block.resize(static_cast<size_t>(count) * channels);
            size_t got = 0;
            while (got < static_cast<size_t>(count)) {
                const size_t n = reader.read(block.data() + got * channels, static_cast<size_t>(count) - got);
                if (n == 0)
                    break;
                got += n;
            }
            for (size_t i = 0; i < got; ++i) {
                double sum = 0.0;
                for (size_t c = 0; c < channels; ++c)
                    sum += block[i * channels + c];
                mono[i] += sum / static_cast<double>(channels);
            }
        }
        levels.push_back(windowLevelDb(mono, 0, static_cast<size_t>(count)));
    }
    quietKnown_ = true;
    quietLevelDb_ = kMinusInfinity;
    if (levels.empty())
        return quietLevelDb_;
    const double loudest = *std::max_element(levels.begin(), levels.end());
    auto tenth = levels.begin() + static_cast<std::ptrdiff_t>(levels.size() / 10);
    std::nth_element(levels.begin(), tenth, levels.end());
    quietLevelDb_ = std::min(*tenth, loudest - rule_.quietBelowLoudestDb);
    return quietLevelDb_;
}

SpliceSound CueListener::hear(int64_t sourceSample)
{
    auto samplesOf = [&](int ms) { return sampleRate_ * ms / 1000; };
    const int64_t window = std::max<int64_t>(1, samplesOf(rule_.levelWindowMs));
    const int64_t before = samplesOf(rule_.soundBeforeMs), after = samplesOf(rule_.soundAfterMs);
    const int64_t radius = samplesOf(rule_.onsetRadiusMs);
    const int64_t lead = std::max(samplesOf(kOnsetLeadMs), before + radius);
    const int64_t from = sourceSample - lead;
    int64_t count = lead + std::max(after, radius) + samplesOf(kOnsetTailMs);
    count = (count + kOnsetHop - 1) / kOnsetHop * kOnsetHop;
    const std::vector<double> mono = readMono(from, count);

    SpliceSound sound;
    sound.sourceSample = sourceSample;
    sound.quietLevelDb = quietLevelDb();
    sound.soundThresholdDb = std::max(sound.quietLevelDb + rule_.aboveQuietDb, rule_.audibleDbfs);

    // The quietest window (half-overlapping) from `before` ahead of the point to `after` past it.
    double quietest = std::numeric_limits<double>::infinity();
    const int64_t step = std::max<int64_t>(1, window / 2);
    for (int64_t s = sourceSample - before; s + window <= sourceSample + after || s == sourceSample - before; s += step)
        quietest = std::min(quietest, windowLevelDb(mono, static_cast<size_t>(s - from), static_cast<size_t>(window)));
    sound.levelDb = quietest;

    std::unique_ptr<aubio_onset_t, OnsetDeleter> onset(
        new_aubio_onset(kOnsetMethod, kOnsetWindow, kOnsetHop, static_cast<uint_t>(sampleRate_)));
    if (!onset)
        throw std::runtime_error("aubio refused an onset detector at " + std::to_string(sampleRate_) + " Hz");
    std::unique_ptr<fvec_t, VecDeleter> input(new_fvec(kOnsetHop)), output(new_fvec(1));
    for (size_t hop = 0; hop + kOnsetHop <= mono.size(); hop += kOnsetHop) {
        for (uint_t i = 0; i < kOnsetHop; ++i)
            input->data[i] = static_cast<smpl_t>(mono[hop + i]);
        aubio_onset_do(onset.get(), input.get(), output.get());
        if (output->data[0] == 0.0f)
            continue;
        const int64_t at = from + static_cast<int64_t>(aubio_onset_get_last(onset.get()));
        const int64_t distance = std::llabs(at - sourceSample);
        if (distance <= radius && (!sound.onsetSample || distance < std::llabs(*sound.onsetSample - sourceSample)))
            sound.onsetSample = at;
    }
    sound.sustained = !sound.onsetSample && sound.levelDb >= sound.soundThresholdDb;
    return sound;
}

std::vector<std::string> listenToSplices(ConformResult& result, const SustainedNoteRule& rule)
{
    std::vector<std::string> problems;
    for (auto& report : result.cues) {
        if (report.splices.empty())
            continue;
        const Cue* cue = result.session.findCue(report.cue);
        if (cue == nullptr)
            continue;
        try {
            CueListener listener(*cue, result.session.sampleRate, rule);
            for (auto& splice : report.splices) {
                splice.outgoingSound = listener.hear(splice.outgoingSourceSample);
                splice.incomingSound = listener.hear(splice.incomingSourceSample);
            }
        } catch (const std::exception& e) {
            for (auto& splice : report.splices)
                splice.outgoingSound = splice.incomingSound = std::nullopt;
            report.notes.push_back(std::string("stems not heard (") + e.what()
                                   + "): its splices were not checked for sustained notes");
            problems.push_back("cue " + report.cue + ": splices not checked for sustained notes: " + e.what());
        }
    }
    applySpliceSounds(result);
    return problems;
}

} // namespace cuesmith
