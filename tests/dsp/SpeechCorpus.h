#pragma once
// Deterministic corpora for measuring speech detection: real speech recordings placed at known
// times over real music (and room tone, door slams), so the truth about where speech is is known
// frame by frame. Shared by tests/dsp/SpeechDetectorTest.cpp and bench/SpeechDetectionEval.cpp.
//
// Definitions (docs/SPEECH_DETECTION.md repeats them):
// - Frames are 10 ms (480 samples at the corpus rate, 48 kHz), frame k = samples [480k, 480k+480).
// - A line's speech is active in a frame whose clean-speech energy is within 40 dB of the line's
//   loudest frame; inactive gaps shorter than 200 ms between active frames are bridged (a stop
//   consonant or a breath inside a phrase is still the line).
// - SMR (speech-to-music ratio) of a line: RMS of the clean line over its active frames against the
//   RMS of the music over the same frames. Each line is scaled to the asked SMR against the music
//   actually under it, so a quiet passage of the music gets a quiet line.

#include "media/AudioFileReader.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <numeric>
#include <random>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#ifndef CUESMITH_SHARED_DATA_DIR
#error "CUESMITH_SHARED_DATA_DIR must name the shared data folder (the one holding speech/)"
#endif
// The Debian package singularity-music (CC BY-SA 3.0, Max McCracken) installs its Ogg Vorbis
// soundtrack here; scripts/install-deps lists it.
#ifndef CUESMITH_SPEECH_TEST_MUSIC_DIR
#define CUESMITH_SPEECH_TEST_MUSIC_DIR "/usr/share/games/singularity/music"
#endif

namespace cuesmith::testing {

inline constexpr int kCorpusRate = 48000;
inline constexpr int kCorpusFrame = kCorpusRate / 100;

inline std::filesystem::path speechFile(const std::string& name)
{
    return std::filesystem::path(CUESMITH_SHARED_DATA_DIR) / "speech" / name;
}

inline std::filesystem::path musicFile(const std::string& name)
{
    return std::filesystem::path(CUESMITH_SPEECH_TEST_MUSIC_DIR) / name;
}

// The speech recordings of ../shared/data/speech, split once, before any tuning. The detector's
// model was trained and its settings chosen on the tuning split together with other material
// (bench/speech_model_material.sh: recorded telephone prompts, ALSA channel names, espeak-ng,
// two other games' soundtracks); the held-out lines and tracks were only ever measured.
inline const std::vector<std::string>& tuningSpeech()
{
    static const std::vector<std::string> names{"LJ050-0131.wav"};
    return names;
}
inline const std::vector<std::string>& heldOutSpeech()
{
    static const std::vector<std::string> names{"LJ050-0075.wav", "LJ050-0115.wav", "common_voice_en_17299458.wav"};
    return names;
}
// The singularity-music tracks, alternately (by name) for tuning and held out.
inline const std::vector<std::string>& tuningMusic()
{
    static const std::vector<std::string> names{"A New Journey.ogg", "Advanced Simulacra.ogg", "By-Product.ogg",
                                                "Deprecation.ogg", "Inevitable.ogg", "Nebula.ogg"};
    return names;
}
inline const std::vector<std::string>& heldOutMusic()
{
    static const std::vector<std::string> names{"Aberrations.ogg", "Awakening.ogg", "Coherence.ogg", "Enemy Unknown.ogg",
                                                "Media Threat.ogg", "Orbital Elevator.ogg", "Through Space.ogg"};
    return names;
}

// A file as mono at the corpus rate (channels averaged), optionally an excerpt of it.
inline std::vector<float> readMono(const std::filesystem::path& path, double startSeconds = 0.0,
                                   double seconds = std::numeric_limits<double>::infinity())
{
    AudioFileReader reader(path, {}, kCorpusRate);
    const auto start = static_cast<int64_t>(std::llround(startSeconds * kCorpusRate));
    if (start > 0)
        reader.seek(start);
    const auto channels = static_cast<size_t>(reader.channels());
    const int64_t wanted = std::isfinite(seconds) ? static_cast<int64_t>(std::llround(seconds * kCorpusRate))
                                                  : std::numeric_limits<int64_t>::max();
    std::vector<float> mono;
    std::vector<float> block(4096 * channels);
    while (static_cast<int64_t>(mono.size()) < wanted) {
        const size_t n = reader.read(block.data(), 4096);
        if (n == 0)
            break;
        for (size_t i = 0; i < n && static_cast<int64_t>(mono.size()) < wanted; ++i) {
            float sum = 0.0f;
            for (size_t c = 0; c < channels; ++c)
                sum += block[i * channels + c];
            mono.push_back(sum / static_cast<float>(channels));
        }
    }
    return mono;
}

// Frame truth of a clean recording, as defined at the top of this file.
inline std::vector<uint8_t> activeFrames(std::span<const float> clean)
{
    const size_t frames = clean.size() / kCorpusFrame + (clean.size() % kCorpusFrame != 0 ? 1 : 0);
    std::vector<double> energy(frames, 0.0);
    for (size_t i = 0; i < clean.size(); ++i)
        energy[i / kCorpusFrame] += static_cast<double>(clean[i]) * clean[i];
    const double peak = energy.empty() ? 0.0 : *std::max_element(energy.begin(), energy.end());
    std::vector<uint8_t> active(frames, 0);
    if (peak <= 0.0)
        return active;
    for (size_t k = 0; k < frames; ++k)
        active[k] = energy[k] >= peak * 1e-4 ? 1 : 0;  // within 40 dB of the loudest frame
    constexpr size_t bridge = 20;                        // 200 ms
    size_t lastActive = frames;
    for (size_t k = 0; k < frames; ++k) {
        if (!active[k])
            continue;
        if (lastActive != frames && k - lastActive - 1 < bridge)
            std::fill(active.begin() + static_cast<std::ptrdiff_t>(lastActive + 1), active.begin() + static_cast<std::ptrdiff_t>(k), 1);
        lastActive = k;
    }
    return active;
}

struct SpeechLine {
    std::string name;
    std::vector<float> samples;  // at the corpus rate
    std::vector<uint8_t> active;
};

inline SpeechLine loadSpeechLine(const std::filesystem::path& path)
{
    SpeechLine line{path.filename().string(), readMono(path), {}};
    line.active = activeFrames(line.samples);
    return line;
}

// Small deterministic generator: std::uniform_*_distribution differ between standard libraries.
class CorpusRandom {
public:
    explicit CorpusRandom(uint32_t seed) : engine_(seed) {}
    double uniform() { return static_cast<double>(engine_() >> 8) / 16777216.0; }  // [0, 1)
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

private:
    std::mt19937 engine_;
};

// Pink noise (Paul Kellet's refined filter over white noise) at an RMS of `rmsDb` dBFS: room tone.
inline std::vector<float> pinkNoise(size_t samples, double rmsDb, uint32_t seed)
{
    CorpusRandom random(seed);
    std::vector<double> pink(samples);
    double b0 = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0;
    for (auto& p : pink) {
        const double white = random.uniform(-1.0, 1.0);
        b0 = 0.99886 * b0 + white * 0.0555179;
        b1 = 0.99332 * b1 + white * 0.0750759;
        b2 = 0.96900 * b2 + white * 0.1538520;
        b3 = 0.86650 * b3 + white * 0.3104856;
        b4 = 0.55000 * b4 + white * 0.5329522;
        b5 = -0.7616 * b5 - white * 0.0168980;
        p = b0 + b1 + b2 + b3 + b4 + b5 + b6 + white * 0.5362;
        b6 = white * 0.115926;
    }
    double sum = 0.0;
    for (double p : pink)
        sum += p * p;
    const double gain = samples == 0 ? 0.0 : std::pow(10.0, rmsDb / 20.0) / std::sqrt(sum / static_cast<double>(samples));
    std::vector<float> out(samples);
    for (size_t i = 0; i < samples; ++i)
        out[i] = static_cast<float>(pink[i] * gain);
    return out;
}

// A door slam: a thump (a decaying 70 Hz tone) and a crack of broadband noise, then a short rattle,
// peaking near `peakDb` dBFS. 600 ms long.
inline std::vector<float> doorSlam(double peakDb, uint32_t seed)
{
    CorpusRandom random(seed);
    const size_t length = static_cast<size_t>(0.6 * kCorpusRate);
    std::vector<float> slam(length);
    double lowpassed = 0.0;
    for (size_t i = 0; i < length; ++i) {
        const double t = static_cast<double>(i) / kCorpusRate;
        const double attack = std::min(1.0, t / 0.002);
        const double noise = random.uniform(-1.0, 1.0);
        lowpassed += 0.35 * (noise - lowpassed);  // the crack: noise, dulled above a few kHz
        const double crack = lowpassed * 1.8 * std::exp(-t / 0.045);
        const double thump = std::sin(2.0 * M_PI * 70.0 * t) * std::exp(-t / 0.09);
        const double rattleTime = t - 0.14;
        const double rattle = rattleTime > 0 ? 0.4 * noise * std::exp(-rattleTime / 0.03) : 0.0;
        slam[i] = static_cast<float>(attack * (crack + thump + rattle));
    }
    float peak = 0.0f;
    for (float s : slam)
        peak = std::max(peak, std::abs(s));
    const auto gain = static_cast<float>(std::pow(10.0, peakDb / 20.0) / peak);
    for (auto& s : slam)
        s *= gain;
    return slam;
}

struct CorpusRecipe {
    std::vector<std::filesystem::path> speech;  // lines, used in turn, each loaded once
    std::vector<std::filesystem::path> music;   // one excerpt of each, one after another
    double musicStartSeconds = 20.0;            // where each excerpt starts in its track
    std::vector<double> musicStarts;            // or per excerpt, when given
    double musicSeconds = 40.0;                 // excerpt length (the bed's length without music)
    double musicRmsDb = -23.0;                  // each excerpt is normalised to this RMS
    bool withMusic = true;                      // false: speech over room tone/silence only
    double smrDb = 0.0;                         // see the top of the file
    double speechRmsDbWithoutMusic = -23.0;     // line level (active frames) when there is no music
    double roomToneDb = -std::numeric_limits<double>::infinity();  // pink noise RMS, dBFS
    int doorSlams = 0;                          // per excerpt, at random times (over speech or not)
    double doorSlamPeakDb = -3.0;
    double gainDb = 0.0;                        // of the whole mix, applied last
    bool withSpeech = true;
    double minPauseSeconds = 0.8;               // between lines
    double maxPauseSeconds = 4.0;
    uint32_t seed = 1;
};

struct Corpus {
    std::vector<float> mix;
    std::vector<uint8_t> truth;  // per 10 ms frame
    int64_t speechFrames() const { return std::accumulate(truth.begin(), truth.end(), int64_t{0}); }
};

inline double rmsOverActive(std::span<const float> signal, std::span<const uint8_t> active)
{
    double sum = 0.0;
    int64_t count = 0;
    for (size_t k = 0; k < active.size(); ++k) {
        if (!active[k])
            continue;
        for (size_t i = k * kCorpusFrame; i < std::min(signal.size(), (k + 1) * kCorpusFrame); ++i, ++count)
            sum += static_cast<double>(signal[i]) * signal[i];
    }
    return count == 0 ? 0.0 : std::sqrt(sum / static_cast<double>(count));
}

inline Corpus buildCorpus(const CorpusRecipe& recipe)
{
    CorpusRandom random(recipe.seed);
    std::vector<SpeechLine> lines;
    if (recipe.withSpeech)
        for (const auto& path : recipe.speech)
            lines.push_back(loadSpeechLine(path));

    // The bed: music excerpts (each normalised, 50 ms crossfades between them) or silence.
    const auto excerptLength = static_cast<size_t>(recipe.musicSeconds * kCorpusRate) / kCorpusFrame * kCorpusFrame;
    const size_t excerpts = recipe.withMusic ? recipe.music.size() : 1;
    std::vector<float> music(excerptLength * excerpts, 0.0f);
    if (recipe.withMusic) {
        for (size_t e = 0; e < recipe.music.size(); ++e) {
            const double start = e < recipe.musicStarts.size() ? recipe.musicStarts[e] : recipe.musicStartSeconds;
            auto excerpt = readMono(recipe.music[e], start, recipe.musicSeconds);
            excerpt.resize(excerptLength, 0.0f);
            const double rms = rmsOverActive(excerpt, std::vector<uint8_t>(excerptLength / kCorpusFrame, 1));
            const double gain = rms > 0.0 ? std::pow(10.0, recipe.musicRmsDb / 20.0) / rms : 0.0;
            const size_t fade = kCorpusRate / 20;
            for (size_t i = 0; i < excerptLength; ++i) {
                const double edge = std::min({1.0, static_cast<double>(i) / fade, static_cast<double>(excerptLength - i) / fade});
                music[e * excerptLength + i] = static_cast<float>(excerpt[i] * gain * edge);
            }
        }
    }

    Corpus corpus;
    corpus.truth.assign(music.size() / kCorpusFrame, 0);
    std::vector<float> speech(music.size(), 0.0f);
    if (!lines.empty()) {
        // Lines at frame-aligned times with random pauses, every excerpt filled to its end.
        size_t next = 0;
        size_t frame = static_cast<size_t>(random.uniform(0.5, 2.0) * 100);
        while (true) {
            const SpeechLine& line = lines[next++ % lines.size()];
            if ((frame + line.active.size()) * kCorpusFrame > speech.size())
                break;
            const size_t offset = frame * kCorpusFrame;
            double gain = std::pow(10.0, recipe.speechRmsDbWithoutMusic / 20.0);
            const double speechRms = rmsOverActive(line.samples, line.active);
            if (recipe.withMusic) {
                std::vector<uint8_t> under(corpus.truth.size(), 0);
                std::copy(line.active.begin(), line.active.end(), under.begin() + static_cast<std::ptrdiff_t>(frame));
                gain = rmsOverActive(music, under) * std::pow(10.0, recipe.smrDb / 20.0);
            }
            gain /= speechRms;
            for (size_t i = 0; i < line.samples.size(); ++i)
                speech[offset + i] += static_cast<float>(line.samples[i] * gain);
            for (size_t k = 0; k < line.active.size(); ++k)
                corpus.truth[frame + k] |= line.active[k];
            frame += line.active.size() + static_cast<size_t>(random.uniform(recipe.minPauseSeconds, recipe.maxPauseSeconds) * 100);
        }
    }

    corpus.mix.resize(music.size());
    for (size_t i = 0; i < music.size(); ++i)
        corpus.mix[i] = music[i] + speech[i];
    if (std::isfinite(recipe.roomToneDb)) {
        const auto tone = pinkNoise(music.size(), recipe.roomToneDb, recipe.seed + 1000);
        for (size_t i = 0; i < music.size(); ++i)
            corpus.mix[i] += tone[i];
    }
    for (size_t e = 0; e < excerpts; ++e) {
        for (int s = 0; s < recipe.doorSlams; ++s) {
            const auto slam = doorSlam(recipe.doorSlamPeakDb, recipe.seed + 2000 + static_cast<uint32_t>(e * 100 + s));
            const auto at = e * excerptLength + static_cast<size_t>(random.uniform() * static_cast<double>(excerptLength - slam.size()));
            for (size_t i = 0; i < slam.size(); ++i)
                corpus.mix[at + i] += slam[i];
        }
    }
    const auto gain = static_cast<float>(std::pow(10.0, recipe.gainDb / 20.0));
    for (auto& s : corpus.mix)
        s *= gain;
    return corpus;
}

// Frame-level counts of a detection against the truth: a frame is detected when its centre lies
// inside a region (regions are in samples at the corpus rate).
struct FrameScore {
    int64_t truePositives = 0, falsePositives = 0, falseNegatives = 0, trueNegatives = 0;

    double precision() const
    {
        const auto d = truePositives + falsePositives;
        return d == 0 ? 1.0 : static_cast<double>(truePositives) / static_cast<double>(d);
    }
    double recall() const
    {
        const auto d = truePositives + falseNegatives;
        return d == 0 ? 1.0 : static_cast<double>(truePositives) / static_cast<double>(d);
    }
    double f1() const
    {
        const double p = precision(), r = recall();
        return p + r == 0.0 ? 0.0 : 2.0 * p * r / (p + r);
    }
    // Of the frames without speech, the share marked as speech.
    double falsePositiveRate() const
    {
        const auto d = falsePositives + trueNegatives;
        return d == 0 ? 0.0 : static_cast<double>(falsePositives) / static_cast<double>(d);
    }
    FrameScore& operator+=(const FrameScore& o)
    {
        truePositives += o.truePositives;
        falsePositives += o.falsePositives;
        falseNegatives += o.falseNegatives;
        trueNegatives += o.trueNegatives;
        return *this;
    }
};

inline FrameScore scoreFrames(std::span<const uint8_t> truth, std::span<const uint8_t> detected)
{
    FrameScore score;
    for (size_t k = 0; k < truth.size(); ++k) {
        const bool d = k < detected.size() && detected[k];
        if (truth[k])
            (d ? score.truePositives : score.falseNegatives)++;
        else
            (d ? score.falsePositives : score.trueNegatives)++;
    }
    return score;
}

// Regions (samples at `sampleRate`) as flags on the 10 ms frame grid (frame k starts at sample
// k * rate / 100, as in SpeechFeatures): a frame is in when its centre is.
template <typename Region>
std::vector<uint8_t> framesInRegions(const std::vector<Region>& regions, size_t frames, int sampleRate = kCorpusRate)
{
    std::vector<uint8_t> flags(frames, 0);
    auto start = [&](int64_t k) { return k * sampleRate / 100; };
    for (const auto& r : regions) {
        for (int64_t k = std::max<int64_t>(0, r.start * 100 / sampleRate - 1); k < static_cast<int64_t>(frames); ++k) {
            const int64_t centre = (start(k) + start(k + 1)) / 2;
            if (centre >= r.end)
                break;
            if (centre >= r.start)
                flags[static_cast<size_t>(k)] = 1;
        }
    }
    return flags;
}

} // namespace cuesmith::testing
