// Judges a music render made under dialogue against the same music undipped, with the truth of
// where the speech is taken from the clean dialogue track (10 ms frames within 40 dB of the
// loudest, gaps under 200 ms bridged: the definition of docs/SPEECH_DETECTION.md):
//   band_improvement_db   how much lower the music's 250 Hz-2 kHz band is during speech (the
//                          dialogue-to-music ratio there improves by as much)
//   outside_change_lu     the music's loudness change more than 1 s from any speech
//   max_slope_db_per_s    the fastest the music's level moves against the undipped mix (its
//                          broadband gain in 100 ms windows, compared 100 ms apart), where the
//                          music is not near silence: what a slope ceiling limits
//   ducks_per_phrase      per spoken phrase (speech joined across pauses under 700 ms, from
//                          0.5 s before to 0.5 s after it), how many times that gain falls
//                          through -1 dB (re-armed above -0.5 dB): 1 is one duck, more is pumping
// Usage: cuesmith_dialogue_metrics UNDIPPED.wav PROCESSED.wav DIALOGUE.wav   (same rate, same start)
// Prints one JSON object. For bench/dialogue_render_vs_ffmpeg.sh.

#include "dsp/LoudnessMeter.h"
#include "engine/DialogueBandFilter.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstdio>
#include <sndfile.h>
#include <string>
#include <vector>

namespace {

struct Audio {
    std::vector<float> samples;
    int channels = 0, rate = 0;
    size_t frames() const { return channels == 0 ? 0 : samples.size() / static_cast<size_t>(channels); }
};

Audio load(const char* path)
{
    SF_INFO info{};
    SNDFILE* f = sf_open(path, SFM_READ, &info);
    if (f == nullptr) {
        std::fprintf(stderr, "%s: cannot open\n", path);
        std::exit(1);
    }
    Audio a{std::vector<float>(static_cast<size_t>(info.frames * info.channels)), info.channels, info.samplerate};
    sf_readf_float(f, a.samples.data(), info.frames);
    sf_close(f);
    return a;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 4) {
        std::fprintf(stderr, "usage: %s UNDIPPED.wav PROCESSED.wav DIALOGUE.wav\n", argv[0]);
        return 2;
    }
    const Audio reference = load(argv[1]), processed = load(argv[2]), dialogue = load(argv[3]);
    const size_t frame = static_cast<size_t>(reference.rate / 100);
    const size_t frames = std::min({reference.frames(), processed.frames(), dialogue.frames()}) / frame;

    // Truth from the clean dialogue.
    std::vector<double> energy(frames, 0.0);
    double peak = 0.0;
    for (size_t k = 0; k < frames; ++k) {
        for (size_t i = k * frame; i < (k + 1) * frame; ++i) {
            const double x = dialogue.samples[i * static_cast<size_t>(dialogue.channels)];
            energy[k] += x * x;
        }
        peak = std::max(peak, energy[k]);
    }
    std::vector<char> speech(frames, 0);
    for (size_t k = 0; k < frames; ++k)
        speech[k] = energy[k] >= peak * 1e-4;
    for (size_t k = 0, last = SIZE_MAX; k < frames; ++k)
        if (speech[k]) {
            if (last != SIZE_MAX && k - last > 1 && k - last <= 20)
                for (size_t j = last + 1; j < k; ++j)
                    speech[j] = 1;
            last = k;
        }
    std::vector<char> far(frames, 1);
    for (size_t k = 0; k < frames; ++k)
        if (speech[k])
            for (size_t j = k > 100 ? k - 100 : 0; j < std::min(frames, k + 101); ++j)
                far[j] = 0;

    const auto refBand = cuesmith::testing::dialogueBand(reference.samples, reference.channels, reference.rate);
    const auto procBand = cuesmith::testing::dialogueBand(processed.samples, processed.channels, processed.rate);
    double refEnergy = 0, procEnergy = 0;
    for (size_t k = 0; k < frames; ++k)
        if (speech[k])
            for (size_t i = k * frame; i < (k + 1) * frame; ++i) {
                refEnergy += static_cast<double>(refBand[i]) * refBand[i];
                procEnergy += static_cast<double>(procBand[i]) * procBand[i];
            }
    auto outside = [&](const Audio& a) {
        cuesmith::LoudnessMeter meter;
        meter.prepare(a.rate, a.channels);
        for (size_t k = 0; k < frames; ++k)
            if (far[k])
                meter.addFrames(a.samples.data() + k * frame * static_cast<size_t>(a.channels), frame);
        return meter.report().integratedLufs.value_or(NAN);
    };
    // The broadband gain against the undipped mix, 100 ms windows every 10 ms.
    std::vector<double> refFrame(frames, 0.0), procFrame(frames, 0.0);
    for (size_t k = 0; k < frames; ++k)
        for (size_t i = k * frame * static_cast<size_t>(reference.channels);
             i < (k + 1) * frame * static_cast<size_t>(reference.channels); ++i) {
            refFrame[k] += static_cast<double>(reference.samples[i]) * reference.samples[i];
            procFrame[k] += static_cast<double>(processed.samples[i]) * processed.samples[i];
        }
    double loudestWindow = 0.0;
    std::vector<double> gain(frames, 0.0), refWindow(frames, 0.0);
    for (size_t k = 0; k + 10 <= frames; ++k) {
        double r = 0.0, p = 0.0;
        for (size_t j = k; j < k + 10; ++j) {
            r += refFrame[j];
            p += procFrame[j];
        }
        refWindow[k] = r;
        loudestWindow = std::max(loudestWindow, r);
        gain[k] = r > 0.0 && p > 0.0 ? 10.0 * std::log10(p / r) : 0.0;
    }
    double maxSlope = 0.0;
    for (size_t k = 0; k + 20 <= frames; ++k)
        if (refWindow[k] > loudestWindow * 1e-4 && refWindow[k + 10] > loudestWindow * 1e-4)
            maxSlope = std::max(maxSlope, std::abs(gain[k + 10] - gain[k]) / 0.1);
    // Phrases: speech joined across pauses under 700 ms.
    std::vector<std::pair<size_t, size_t>> phrases;
    for (size_t k = 0; k < frames; ++k)
        if (speech[k]) {
            if (!phrases.empty() && k - phrases.back().second <= 70)
                phrases.back().second = k;
            else
                phrases.push_back({k, k});
        }
    double duckSum = 0.0;
    size_t duckMax = 0;
    for (const auto& [first, last] : phrases) {
        size_t ducks = 0;
        bool armed = true;
        for (size_t k = first > 50 ? first - 50 : 0; k < std::min(frames, last + 50); ++k) {
            const double g = gain[k >= 5 ? k - 5 : 0];  // the window centred on frame k
            if (armed && g < -1.0) {
                ++ducks;
                armed = false;
            } else if (g > -0.5) {
                armed = true;
            }
        }
        duckSum += static_cast<double>(ducks);
        duckMax = std::max(duckMax, ducks);
    }

    size_t speechFrames = 0, farFrames = 0;
    for (size_t k = 0; k < frames; ++k) {
        speechFrames += speech[k] != 0;
        farFrames += far[k] != 0;
    }
    std::printf("{\"band_improvement_db\": %.2f, \"outside_change_lu\": %.3f, \"max_slope_db_per_s\": %.1f, "
                "\"ducks_per_phrase\": %.2f, \"most_ducks_in_a_phrase\": %zu, \"phrases\": %zu, "
                "\"speech_seconds\": %.1f, \"outside_seconds\": %.1f}\n",
                10.0 * std::log10(refEnergy / procEnergy), outside(processed) - outside(reference), maxSlope,
                phrases.empty() ? 0.0 : duckSum / static_cast<double>(phrases.size()), duckMax, phrases.size(),
                static_cast<double>(speechFrames) / 100.0, static_cast<double>(farFrames) / 100.0);
    return 0;
}
