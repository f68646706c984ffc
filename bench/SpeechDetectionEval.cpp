// Measures SpeechDetector on real speech placed over real music (the corpus of
// tests/dsp/SpeechCorpus.h), under every condition docs/SPEECH_DETECTION.md reports, next to
// libwebrtc-audio-processing's voice detection when built with CUESMITH_WITH_WEBRTC_APM; and
// trains the detector's model, never on the held-out speech and music.
//
//   cuesmith_speech_eval                     the measurements, as Markdown tables
//   cuesmith_speech_eval --train <material> --write src/dsp/SpeechDetectorModel.h
//                                            <material> from bench/speech_model_material.sh
//
// Training uses only the tuning split: the material folder, the singularity-music tracks of
// tuningMusic() and the speech of tuningSpeech(). Of that, every third French prompt, the ALSA
// channel names, LJ050-0131 and six music tracks form a development set that chooses the output
// smoothing and the operating point; the network never trains on them.

#include "dsp/SpeechCorpus.h"
#include "dsp/SpeechDetector.h"
#include "dsp/SpeechFeatures.h"

#include <soxr.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>

#ifdef CUESMITH_WITH_WEBRTC_APM
#include <webrtc/modules/audio_processing/include/audio_processing.h>
#endif

namespace fs = std::filesystem;
using namespace cuesmith;
using namespace cuesmith::testing;

namespace {

// ---------------------------------------------------------------------------------------------
// Running detectors

std::vector<float> resample(const std::vector<float>& in, int from, int to)
{
    if (from == to)
        return in;
    std::vector<float> out(static_cast<size_t>(static_cast<double>(in.size()) * to / from + 1));
    size_t done = 0;
    const auto quality = soxr_quality_spec(SOXR_VHQ, 0);
    const auto error = soxr_oneshot(from, to, 1, in.data(), in.size(), nullptr, out.data(), out.size(), &done, nullptr,
                                    &quality, nullptr);
    if (error)
        throw std::runtime_error(std::string("soxr: ") + error);
    out.resize(done);
    return out;
}

struct Detection {
    std::vector<uint8_t> frames;  // on the 10 ms grid, as many as the truth has
    size_t regions = 0;
};

Detection runDetector(const std::vector<float>& mix, int rate, size_t truthFrames, const SpeechDetectorSettings& settings = {},
                      const SpeechModelWeights& model = builtInSpeechModel())
{
    SpeechDetector detector(rate, settings, model);
    for (size_t at = 0; at < mix.size(); at += 65536)
        detector.process(std::span(mix).subspan(at, std::min<size_t>(65536, mix.size() - at)));
    detector.finish();
    const auto regions = detector.regions();
    return {framesInRegions(regions, truthFrames, rate), regions.size()};
}

#ifdef CUESMITH_WITH_WEBRTC_APM
// WebRTC's voice detection (the GMM VAD of common_audio/vad inside the audio processing module),
// on 10 ms frames at 48 kHz. Raw frame decisions, and the same decisions through SpeechDetector's
// region logic (as confidences 0 or 1) for a like-for-like comparison with its bridging.
struct WebRtcDetection {
    std::vector<uint8_t> raw, regions;
};

WebRtcDetection runWebRtc(const std::vector<float>& mix, size_t truthFrames, webrtc::VoiceDetection::Likelihood likelihood)
{
    std::unique_ptr<webrtc::AudioProcessing> apm(webrtc::AudioProcessing::Create());
    apm->voice_detection()->Enable(true);
    apm->voice_detection()->set_likelihood(likelihood);
    apm->voice_detection()->set_frame_size_ms(10);
    std::vector<float> frame(kCorpusFrame), out(kCorpusFrame);
    std::vector<float> confidence;
    for (size_t at = 0; at + kCorpusFrame <= mix.size(); at += kCorpusFrame) {
        std::copy_n(mix.begin() + static_cast<std::ptrdiff_t>(at), kCorpusFrame, frame.begin());
        const float* src[] = {frame.data()};
        float* dst[] = {out.data()};
        if (apm->ProcessStream(src, kCorpusFrame, kCorpusRate, webrtc::AudioProcessing::kMono, kCorpusRate,
                               webrtc::AudioProcessing::kMono, dst) != 0)
            throw std::runtime_error("webrtc: ProcessStream failed");
        confidence.push_back(apm->voice_detection()->stream_has_voice() ? 1.0f : 0.0f);
    }
    WebRtcDetection d;
    d.raw.assign(truthFrames, 0);
    for (size_t k = 0; k < std::min(truthFrames, confidence.size()); ++k)
        d.raw[k] = confidence[k] > 0.5f;
    const auto regions = speechRegions(confidence, kCorpusRate, static_cast<int64_t>(mix.size()), {});
    d.regions = framesInRegions(regions, truthFrames);
    return d;
}
#endif

// ---------------------------------------------------------------------------------------------
// Corpora

std::vector<fs::path> speechPaths(const std::vector<std::string>& names)
{
    std::vector<fs::path> paths;
    for (const auto& n : names)
        paths.push_back(speechFile(n));
    return paths;
}

std::vector<fs::path> musicPaths(const std::vector<std::string>& names)
{
    std::vector<fs::path> paths;
    for (const auto& n : names)
        paths.push_back(musicFile(n));
    return paths;
}

std::vector<std::string> concat(std::vector<std::string> a, const std::vector<std::string>& b)
{
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

std::string percent(double x) { return std::to_string(static_cast<int>(std::lround(x * 1000.0)) / 10.0).substr(0, 4); }

std::string fixed3(double x)
{
    char text[16];
    std::snprintf(text, sizeof text, "%.3f", x);
    return text;
}

// ---------------------------------------------------------------------------------------------
// Measurement

struct Row {
    std::string condition;
    FrameScore ours;
    std::optional<FrameScore> webrtcRaw, webrtcRegions;
};

void printRows(const std::string& title, const std::vector<Row>& rows, bool webrtc)
{
    std::printf("\n### %s\n\n", title.c_str());
    if (webrtc) {
        std::printf("| condition | speech | P | R | F1 | WebRTC VAD F1 (frames) | WebRTC VAD F1 (+ our regions) |\n");
        std::printf("| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    } else {
        std::printf("| condition | speech | P | R | F1 |\n| --- | ---: | ---: | ---: | ---: |\n");
    }
    for (const auto& r : rows) {
        const auto total = r.ours.truePositives + r.ours.falseNegatives + r.ours.falsePositives + r.ours.trueNegatives;
        const double share = static_cast<double>(r.ours.truePositives + r.ours.falseNegatives) / static_cast<double>(std::max<int64_t>(1, total));
        std::printf("| %s | %s %% | %s | %s | **%s** |", r.condition.c_str(), percent(share).c_str(), fixed3(r.ours.precision()).c_str(),
                    fixed3(r.ours.recall()).c_str(), fixed3(r.ours.f1()).c_str());
        if (webrtc)
            std::printf(" %s | %s |", r.webrtcRaw ? fixed3(r.webrtcRaw->f1()).c_str() : "-",
                        r.webrtcRegions ? fixed3(r.webrtcRegions->f1()).c_str() : "-");
        std::printf("\n");
    }
    std::fflush(stdout);
}

#ifdef CUESMITH_WITH_WEBRTC_APM
constexpr bool kWebRtc = true;
#else
constexpr bool kWebRtc = false;
#endif

Row measure(const std::string& name, const CorpusRecipe& recipe, int rate = kCorpusRate)
{
    const Corpus corpus = buildCorpus(recipe);
    Row row{name, {}, {}, {}};
    const auto mix = resample(corpus.mix, kCorpusRate, rate);
    row.ours = scoreFrames(corpus.truth, runDetector(mix, rate, corpus.truth.size()).frames);
#ifdef CUESMITH_WITH_WEBRTC_APM
    if (rate == kCorpusRate) {
        // The likelihood that does best on this very corpus: the baseline gets the benefit of the doubt.
        for (auto likelihood : {webrtc::VoiceDetection::kVeryLowLikelihood, webrtc::VoiceDetection::kLowLikelihood,
                                webrtc::VoiceDetection::kModerateLikelihood, webrtc::VoiceDetection::kHighLikelihood}) {
            const auto d = runWebRtc(corpus.mix, corpus.truth.size(), likelihood);
            const auto raw = scoreFrames(corpus.truth, d.raw), regions = scoreFrames(corpus.truth, d.regions);
            if (!row.webrtcRaw || raw.f1() > row.webrtcRaw->f1())
                row.webrtcRaw = raw;
            if (!row.webrtcRegions || regions.f1() > row.webrtcRegions->f1())
                row.webrtcRegions = regions;
        }
    }
#endif
    return row;
}

CorpusRecipe overMusic(const std::vector<std::string>& speech, const std::vector<std::string>& music, double smrDb)
{
    CorpusRecipe r;
    r.speech = speechPaths(speech);
    r.music = musicPaths(music);
    r.musicStartSeconds = 20.0;
    r.musicSeconds = 40.0;
    r.smrDb = smrDb;
    return r;
}

int measureAll()
{
    const auto started = std::chrono::steady_clock::now();
    const auto allSpeech = concat(heldOutSpeech(), tuningSpeech());
    const auto allMusic = concat(heldOutMusic(), tuningMusic());

    std::vector<Row> main;
    main.push_back(measure("held-out speech over held-out music", overMusic(heldOutSpeech(), heldOutMusic(), 0.0)));
    main.push_back(measure("all speech over all music", overMusic(allSpeech, allMusic, 0.0)));
    main.push_back(measure("tuning speech over tuning music", overMusic(tuningSpeech(), tuningMusic(), 0.0)));
    main.push_back(measure("held-out speech over tuning music", overMusic(heldOutSpeech(), tuningMusic(), 0.0)));
    main.push_back(measure("tuning speech over held-out music", overMusic(tuningSpeech(), heldOutMusic(), 0.0)));
    printRows("Speech over music at 0 dB SMR (frame level, default settings)", main, kWebRtc);

    std::vector<Row> smr;
    for (double db : {-10.0, -6.0, -3.0, 0.0, 3.0, 6.0, 10.0, 20.0})
        smr.push_back(measure("all speech over all music, SMR " + std::to_string(static_cast<int>(db)) + " dB", overMusic(allSpeech, allMusic, db)));
    printRows("Speech-to-music ratio", smr, kWebRtc);

    std::vector<Row> robust;
    {
        CorpusRecipe r = overMusic(allSpeech, allMusic, 0.0);
        r.roomToneDb = -60.0;
        r.doorSlams = 2;
        robust.push_back(measure("all over all music at 0 dB + room tone -60 dBFS + 2 door slams per 40 s", r));
    }
    for (double tone : {-60.0, -45.0}) {
        CorpusRecipe r = overMusic(allSpeech, allMusic, 0.0);
        r.withMusic = false;
        r.roomToneDb = tone;
        robust.push_back(measure("all speech (-23 dBFS) over room tone " + std::to_string(static_cast<int>(tone)) + " dBFS, no music", r));
    }
    {
        CorpusRecipe r = overMusic(allSpeech, allMusic, 0.0);
        r.withMusic = false;
        r.roomToneDb = -60.0;
        r.doorSlams = 3;
        robust.push_back(measure("all speech over room tone -60 dBFS + 3 door slams per 40 s", r));
    }
    for (double gain : {-30.0, -12.0, 6.0}) {
        CorpusRecipe r = overMusic(allSpeech, allMusic, 0.0);
        r.gainDb = gain;
        robust.push_back(measure("all over all music at 0 dB, whole mix " + std::to_string(static_cast<int>(gain)) + " dB", r));
    }
    for (int rate : {8000, 16000, 44100, 96000})
        robust.push_back(measure("all over all music at 0 dB, resampled to " + std::to_string(rate) + " Hz",
                                 overMusic(allSpeech, allMusic, 0.0), rate));
    printRows("Robustness", robust, kWebRtc);

    // Without speech: how much is wrongly marked, and how many regions that makes.
    std::printf("\n### Without speech (false alarms)\n\n| material | minutes | frames marked | regions | regions per minute |\n"
                "| --- | ---: | ---: | ---: | ---: |\n");
    auto falseAlarms = [](const std::string& name, const CorpusRecipe& recipe) {
        const Corpus corpus = buildCorpus(recipe);
        const auto d = runDetector(corpus.mix, kCorpusRate, corpus.truth.size());
        const auto score = scoreFrames(corpus.truth, d.frames);
        const double minutes = static_cast<double>(corpus.mix.size()) / kCorpusRate / 60.0;
        std::printf("| %s | %.1f | %s %% | %zu | %.2f |\n", name.c_str(), minutes, percent(score.falsePositiveRate()).c_str(), d.regions,
                    static_cast<double>(d.regions) / minutes);
        std::fflush(stdout);
    };
    for (const auto& track : allMusic) {
        CorpusRecipe r;
        r.withSpeech = false;
        r.music = musicPaths({track});
        r.musicStartSeconds = 0.0;
        r.musicSeconds = 200.0;
        falseAlarms("music alone: " + track + " (first 200 s)", r);
    }
    for (double tone : {-60.0, -45.0, -30.0}) {
        CorpusRecipe r;
        r.withSpeech = false;
        r.withMusic = false;
        r.musicSeconds = 120.0;
        r.roomToneDb = tone;
        falseAlarms("room tone alone, " + std::to_string(static_cast<int>(tone)) + " dBFS", r);
    }
    {
        CorpusRecipe r;
        r.withSpeech = false;
        r.withMusic = false;
        r.musicSeconds = 120.0;
        r.roomToneDb = -60.0;
        r.doorSlams = 20;
        falseAlarms("20 door slams (peak -3 dBFS) over room tone -60 dBFS", r);
    }
    {
        CorpusRecipe r;
        r.withSpeech = false;
        r.withMusic = false;
        r.musicSeconds = 120.0;
        falseAlarms("digital silence", r);
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    std::printf("\n(measured in %.0f s)\n", seconds);
    return 0;
}

// ---------------------------------------------------------------------------------------------
// Training

struct Net {
    int inputs = SpeechFeatures::kCount, projection = 12, hidden = 32;
    std::vector<int> offsets{-15, -12, -9, -6, -3, 0, 3, 6, 9, 12, 15};
    std::vector<float> mean, scale, A, a, B, b, w;
    float c = 0.0f;
    int smoothing = 10;

    SpeechModelWeights view() const
    {
        return {inputs, projection, hidden, offsets, mean, scale, A, a, B, b, w, c, smoothing};
    }
};

struct Example {
    std::vector<std::array<float, SpeechFeatures::kCount>> x;  // standardised once the net knows how
    std::vector<float> gate;
    std::vector<uint8_t> truth;
};

Example examplesOf(const Corpus& corpus)
{
    SpeechFeatures features(kCorpusRate);
    std::vector<SpeechFeatures::Frame> frames;
    for (size_t at = 0; at < corpus.mix.size(); at += 65536)
        features.process(std::span(corpus.mix).subspan(at, std::min<size_t>(65536, corpus.mix.size() - at)), frames);
    features.finish(frames);
    Example e;
    for (const auto& f : frames) {
        e.x.push_back(f.values);
        e.gate.push_back(std::clamp((f.levelDb + 80.0f) / 10.0f, 0.0f, 1.0f));  // as SpeechDetector's
    }
    e.truth = corpus.truth;
    e.truth.resize(e.x.size(), 0);
    return e;
}

// Pre-sigmoid outputs of the net over one corpus (the detector's arithmetic, without its gate).
std::vector<float> logits(const Net& n, const Example& e)
{
    const auto frames = static_cast<int64_t>(e.x.size());
    const auto P = static_cast<size_t>(n.projection);
    std::vector<float> z(static_cast<size_t>(frames) * P), out(static_cast<size_t>(frames));
    for (int64_t k = 0; k < frames; ++k)
        for (size_t p = 0; p < P; ++p) {
            float s = n.a[p];
            for (int i = 0; i < n.inputs; ++i)
                s += n.A[p * static_cast<size_t>(n.inputs) + static_cast<size_t>(i)] * e.x[static_cast<size_t>(k)][static_cast<size_t>(i)];
            z[static_cast<size_t>(k) * P + p] = std::tanh(s);
        }
    const size_t width = n.offsets.size() * P;
    for (int64_t k = 0; k < frames; ++k) {
        float o = n.c;
        for (int h = 0; h < n.hidden; ++h) {
            float s = n.b[static_cast<size_t>(h)];
            for (size_t j = 0; j < n.offsets.size(); ++j) {
                const int64_t at = std::clamp<int64_t>(k + n.offsets[j], 0, frames - 1);
                for (size_t p = 0; p < P; ++p)
                    s += n.B[static_cast<size_t>(h) * width + j * P + p] * z[static_cast<size_t>(at) * P + p];
            }
            o += n.w[static_cast<size_t>(h)] * std::tanh(s);
        }
        out[static_cast<size_t>(k)] = o;
    }
    return out;
}

FrameScore decideAndScore(const Example& e, const std::vector<float>& logit, float shift, int smoothing,
                          const SpeechDetectorSettings& settings = {}, size_t* regionCount = nullptr)
{
    const auto frames = static_cast<int64_t>(logit.size());
    std::vector<float> p(logit.size()), c(logit.size());
    for (size_t k = 0; k < logit.size(); ++k)
        p[k] = 1.0f / (1.0f + std::exp(-(logit[k] + shift))) * e.gate[k];
    for (int64_t k = 0; k < frames; ++k) {
        double sum = 0.0;
        const int64_t lo = std::max<int64_t>(0, k - smoothing), hi = std::min(frames - 1, k + smoothing);
        for (int64_t j = lo; j <= hi; ++j)
            sum += p[static_cast<size_t>(j)];
        c[static_cast<size_t>(k)] = static_cast<float>(sum / static_cast<double>(hi - lo + 1));
    }
    const auto regions = speechRegions(c, kCorpusRate, frames * kCorpusFrame, settings);
    if (regionCount)
        *regionCount = regions.size();
    return scoreFrames(e.truth, framesInRegions(regions, e.truth.size()));
}

void train(Net& n, std::vector<Example>& examples, int epochs, uint32_t seed)
{
    const int D = n.inputs, M = n.projection, H = n.hidden, J = static_cast<int>(n.offsets.size());
    // Standardise the inputs.
    std::vector<double> s1(static_cast<size_t>(D), 0.0), s2(static_cast<size_t>(D), 0.0);
    double count = 0.0;
    for (const auto& e : examples)
        for (const auto& x : e.x) {
            for (int i = 0; i < D; ++i) {
                s1[static_cast<size_t>(i)] += x[static_cast<size_t>(i)];
                s2[static_cast<size_t>(i)] += static_cast<double>(x[static_cast<size_t>(i)]) * x[static_cast<size_t>(i)];
            }
            count += 1.0;
        }
    n.mean.resize(static_cast<size_t>(D));
    n.scale.resize(static_cast<size_t>(D));
    for (size_t i = 0; i < static_cast<size_t>(D); ++i) {
        const double mean = s1[i] / count;
        n.mean[i] = static_cast<float>(mean);
        n.scale[i] = static_cast<float>(1.0 / std::sqrt(std::max(1e-6, s2[i] / count - mean * mean)));
    }
    for (auto& e : examples)
        for (auto& x : e.x)
            for (size_t i = 0; i < static_cast<size_t>(D); ++i)
                x[i] = (x[i] - n.mean[i]) * n.scale[i];

    CorpusRandom random(seed);
    auto init = [&](std::vector<float>& v, size_t size, double fanIn) {
        v.resize(size);
        for (auto& x : v)
            x = static_cast<float>(random.uniform(-1.0, 1.0) * std::sqrt(3.0 / fanIn));
    };
    init(n.A, static_cast<size_t>(M * D), D);
    n.a.assign(static_cast<size_t>(M), 0.0f);
    init(n.B, static_cast<size_t>(H * J * M), J * M);
    n.b.assign(static_cast<size_t>(H), 0.0f);
    init(n.w, static_cast<size_t>(H), H);
    n.c = 0.0f;

    struct Block {
        std::vector<float>* values;
        bool decay;
    };
    const std::vector<Block> blocks{{&n.A, true}, {&n.a, false}, {&n.B, true}, {&n.b, false}, {&n.w, true}};
    std::vector<std::vector<float>> grad, m1, m2;
    for (const auto& block : blocks) {
        grad.emplace_back(block.values->size(), 0.0f);
        m1.emplace_back(block.values->size(), 0.0f);
        m2.emplace_back(block.values->size(), 0.0f);
    }
    float gc = 0.0f, m1c = 0.0f, m2c = 0.0f;

    std::vector<std::pair<uint32_t, uint32_t>> order;
    for (size_t e = 0; e < examples.size(); ++e)
        for (size_t k = 0; k < examples[e].x.size(); ++k)
            order.emplace_back(static_cast<uint32_t>(e), static_cast<uint32_t>(k));
    constexpr float kRate = 0.002f, kDecay = 1e-4f;
    constexpr size_t kBatch = 128;
    std::vector<float> z(static_cast<size_t>(J * M)), gz(static_cast<size_t>(J * M)), h(static_cast<size_t>(H));
    int step = 0;
    for (int epoch = 0; epoch < epochs; ++epoch) {
        for (size_t i = order.size() - 1; i > 0; --i)
            std::swap(order[i], order[static_cast<size_t>(random.uniform() * static_cast<double>(i + 1))]);
        const float rate = kRate * (epoch >= epochs * 2 / 3 ? 0.3f : 1.0f);
        double loss = 0.0;
        for (size_t first = 0; first < order.size(); first += kBatch) {
            for (auto& g : grad)
                std::fill(g.begin(), g.end(), 0.0f);
            gc = 0.0f;
            const size_t count = std::min(kBatch, order.size() - first);
            for (size_t q = first; q < first + count; ++q) {
                const auto& e = examples[order[q].first];
                const auto k = static_cast<int64_t>(order[q].second);
                const auto frames = static_cast<int64_t>(e.x.size());
                for (int j = 0; j < J; ++j) {
                    const auto& x = e.x[static_cast<size_t>(std::clamp<int64_t>(k + n.offsets[static_cast<size_t>(j)], 0, frames - 1))];
                    for (int m = 0; m < M; ++m) {
                        float s = n.a[static_cast<size_t>(m)];
                        const float* row = &n.A[static_cast<size_t>(m * D)];
                        for (int i = 0; i < D; ++i)
                            s += row[i] * x[static_cast<size_t>(i)];
                        z[static_cast<size_t>(j * M + m)] = std::tanh(s);
                    }
                }
                float o = n.c;
                for (int u = 0; u < H; ++u) {
                    float s = n.b[static_cast<size_t>(u)];
                    const float* row = &n.B[static_cast<size_t>(u * J * M)];
                    for (int i = 0; i < J * M; ++i)
                        s += row[i] * z[static_cast<size_t>(i)];
                    h[static_cast<size_t>(u)] = std::tanh(s);
                    o += n.w[static_cast<size_t>(u)] * h[static_cast<size_t>(u)];
                }
                const float p = 1.0f / (1.0f + std::exp(-o));
                const float y = e.truth[static_cast<size_t>(k)];
                loss -= y * std::log(p + 1e-7f) + (1.0f - y) * std::log(1.0f - p + 1e-7f);
                const float go = (p - y) / static_cast<float>(count);
                gc += go;
                std::fill(gz.begin(), gz.end(), 0.0f);
                for (int u = 0; u < H; ++u) {
                    grad[4][static_cast<size_t>(u)] += go * h[static_cast<size_t>(u)];
                    const float gh = go * n.w[static_cast<size_t>(u)] * (1.0f - h[static_cast<size_t>(u)] * h[static_cast<size_t>(u)]);
                    grad[3][static_cast<size_t>(u)] += gh;
                    float* gB = &grad[2][static_cast<size_t>(u * J * M)];
                    const float* row = &n.B[static_cast<size_t>(u * J * M)];
                    for (int i = 0; i < J * M; ++i) {
                        gB[i] += gh * z[static_cast<size_t>(i)];
                        gz[static_cast<size_t>(i)] += gh * row[i];
                    }
                }
                for (int j = 0; j < J; ++j) {
                    const auto& x = e.x[static_cast<size_t>(std::clamp<int64_t>(k + n.offsets[static_cast<size_t>(j)], 0, frames - 1))];
                    for (int m = 0; m < M; ++m) {
                        const float zz = z[static_cast<size_t>(j * M + m)];
                        const float gp = gz[static_cast<size_t>(j * M + m)] * (1.0f - zz * zz);
                        grad[1][static_cast<size_t>(m)] += gp;
                        float* gA = &grad[0][static_cast<size_t>(m * D)];
                        for (int i = 0; i < D; ++i)
                            gA[i] += gp * x[static_cast<size_t>(i)];
                    }
                }
            }
            // Adam.
            ++step;
            const float c1 = 1.0f - std::pow(0.9f, static_cast<float>(step)), c2 = 1.0f - std::pow(0.999f, static_cast<float>(step));
            for (size_t bi = 0; bi < blocks.size(); ++bi) {
                auto& v = *blocks[bi].values;
                for (size_t i = 0; i < v.size(); ++i) {
                    const float g = grad[bi][i] + (blocks[bi].decay ? kDecay * v[i] : 0.0f);
                    m1[bi][i] = 0.9f * m1[bi][i] + 0.1f * g;
                    m2[bi][i] = 0.999f * m2[bi][i] + 0.001f * g * g;
                    v[i] -= rate * (m1[bi][i] / c1) / (std::sqrt(m2[bi][i] / c2) + 1e-8f);
                }
            }
            m1c = 0.9f * m1c + 0.1f * gc;
            m2c = 0.999f * m2c + 0.001f * gc * gc;
            n.c -= rate * (m1c / c1) / (std::sqrt(m2c / c2) + 1e-8f);
        }
        std::fprintf(stderr, "epoch %d: loss %.4f\n", epoch + 1, loss / static_cast<double>(order.size()));
    }
}

void writeModel(const Net& n, const fs::path& path, const std::string& summary)
{
    std::ostringstream out;
    out << "#pragma once\n"
           "// Generated by `cuesmith_speech_eval --train <material> --write src/dsp/SpeechDetectorModel.h`\n"
           "// (bench/SpeechDetectionEval.cpp; <material> from bench/speech_model_material.sh): the weights of\n"
           "// SpeechDetector's network, trained on the tuning split only (tests/dsp/SpeechCorpus.h): the\n"
           "// held-out speech and music never took part. Do not edit by hand.\n";
    out << summary;
    out << "\nnamespace cuesmith::speech_model {\n\n";
    out << "inline constexpr int kInputs = " << n.inputs << ";\n";
    out << "inline constexpr int kProjection = " << n.projection << ";\n";
    out << "inline constexpr int kHidden = " << n.hidden << ";\n";
    out << "// Output smoothing, frames either side (SpeechDetector::finish()).\n";
    out << "inline constexpr int kSmoothingFrames = " << n.smoothing << ";\n";
    out << "inline constexpr int kOffsets[] = {";
    for (size_t i = 0; i < n.offsets.size(); ++i)
        out << (i ? ", " : "") << n.offsets[i];
    out << "};\n";
    auto array = [&](const char* name, const std::vector<float>& v) {
        out << "inline constexpr float " << name << "[] = {";
        for (size_t i = 0; i < v.size(); ++i) {
            char text[32];
            std::snprintf(text, sizeof text, "%.8g", static_cast<double>(v[i]));
            out << (i % 8 == 0 ? "\n    " : " ") << text << "f" << (i + 1 < v.size() ? "," : "");
        }
        out << "\n};\n";
    };
    array("kInputMean", n.mean);
    array("kInputScale", n.scale);
    array("kProjectionWeights", n.A);
    array("kProjectionBias", n.a);
    array("kHiddenWeights", n.B);
    array("kHiddenBias", n.b);
    array("kOutputWeights", n.w);
    char bias[32];
    std::snprintf(bias, sizeof bias, "%.8g", static_cast<double>(n.c));
    out << "inline constexpr float kOutputBias = " << bias << "f;\n";
    out << "\n} // namespace cuesmith::speech_model\n";
    std::ofstream(path) << out.str();
}

std::vector<fs::path> wavsIn(const fs::path& folder)
{
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(folder))
        if (entry.is_regular_file())
            files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

int trainModel(const fs::path& material, const fs::path& header, int corporaCount, int musicOnlyCount, int epochs)
{
    const auto started = std::chrono::steady_clock::now();
    // Speech: development = every third French prompt, the ALSA names and LJ050-0131.
    std::vector<fs::path> trainSpeech, devSpeech;
    int french = 0;
    for (const auto& path : wavsIn(material / "speech")) {
        const auto name = path.filename().string();
        const bool dev = name.rfind("alsa_", 0) == 0 || (name.rfind("fr_CA", 0) == 0 && french++ % 3 == 0);
        (dev ? devSpeech : trainSpeech).push_back(path);
    }
    for (const auto& name : tuningSpeech())
        devSpeech.push_back(speechFile(name));
    {
        CorpusRandom random(3);
        for (size_t i = trainSpeech.size() - 1; i > 0; --i)
            std::swap(trainSpeech[i], trainSpeech[static_cast<size_t>(random.uniform() * static_cast<double>(i + 1))]);
    }
    // Music: development = two singularity tuning tracks and four drascula tracks.
    const std::set<std::string> devMusicNames{"Nebula.ogg", "Deprecation.ogg", "track5.ogg", "track10.ogg", "track15.ogg", "track20.ogg"};
    std::vector<fs::path> devMusic;
    std::vector<std::pair<fs::path, double>> pool;  // tracks to draw training excerpts from, with lengths
    auto add = [&](const fs::path& path) {
        if (devMusicNames.count(path.filename().string())) {
            devMusic.push_back(path);
            return;
        }
        AudioFileReader reader(path);
        const double seconds = static_cast<double>(reader.frames()) / reader.sampleRate();
        if (seconds > 30.0)
            pool.emplace_back(path, seconds);
    };
    for (const auto& path : musicPaths(tuningMusic()))
        add(path);
    for (const auto& path : wavsIn(material / "music"))
        add(path);
    std::sort(devMusic.begin(), devMusic.end());
    std::fprintf(stderr, "speech: %zu training lines, %zu development lines; music: %zu training tracks, %zu development tracks\n",
                 trainSpeech.size(), devSpeech.size(), pool.size(), devMusic.size());

    // Training corpora: six 20 s excerpts of random tracks each, lines at a random SMR between -6
    // and +6 dB, room tone, door slams and the overall level varied.
    std::vector<Example> examples;
    CorpusRandom random(5);
    size_t nextLine = 0;
    for (int i = 0; i < corporaCount; ++i) {
        CorpusRecipe r;
        for (int e = 0; e < 6; ++e) {
            const auto& [path, seconds] = pool[static_cast<size_t>(random.uniform() * static_cast<double>(pool.size()))];
            r.music.push_back(path);
            r.musicStarts.push_back(random.uniform(3.0, seconds - 23.0));
        }
        for (int l = 0; l < 30; ++l)
            r.speech.push_back(trainSpeech[nextLine++ % trainSpeech.size()]);
        r.musicSeconds = 20.0;
        r.smrDb = random.uniform(-6.0, 6.0);
        r.seed = 10 + static_cast<uint32_t>(i);
        r.minPauseSeconds = 0.5;
        r.maxPauseSeconds = 5.0;
        if (random.uniform() < 0.5)
            r.roomToneDb = random.uniform(-70.0, -45.0);
        if (random.uniform() < 0.5)
            r.doorSlams = 1;
        r.gainDb = random.uniform(-20.0, 6.0);
        // Some corpora are music alone: film music mostly plays without dialogue, and long cues
        // must not get regions of their own.
        r.withSpeech = i >= musicOnlyCount;
        examples.push_back(examplesOf(buildCorpus(r)));
        std::fprintf(stderr, "\rcorpus %d/%d", i + 1, corporaCount);
    }
    std::fprintf(stderr, "\n");

    Net net;
    train(net, examples, epochs, 7);

    // Development: choose the smoothing and shift the output so that 0.5 is the best threshold,
    // on lines over music and on the same music alone (pooled: a false alarm in a cue without
    // dialogue costs as much as one between lines).
    CorpusRecipe dev;
    dev.music = devMusic;
    dev.speech = devSpeech;
    dev.musicStartSeconds = 15.0;
    dev.musicSeconds = 40.0;
    dev.seed = 99;
    CorpusRecipe devMusicAlone = dev;
    devMusicAlone.withSpeech = false;
    devMusicAlone.musicStartSeconds = 25.0;  // within the shortest development track
    devMusicAlone.musicSeconds = 45.0;
    std::vector<Example> devExamples{examplesOf(buildCorpus(dev)), examplesOf(buildCorpus(devMusicAlone))};
    std::vector<std::vector<float>> devLogits;
    for (auto& e : devExamples) {
        for (auto& x : e.x)
            for (size_t i = 0; i < x.size(); ++i)
                x[i] = (x[i] - net.mean[i]) * net.scale[i];
        devLogits.push_back(logits(net, e));
    }
    auto devScore = [&](float shift, int smoothing, const SpeechDetectorSettings& settings, size_t* aloneRegions) {
        FrameScore score = decideAndScore(devExamples[0], devLogits[0], shift, smoothing, settings);
        score += decideAndScore(devExamples[1], devLogits[1], shift, smoothing, settings, aloneRegions);
        return score;
    };
    double best = -1.0;
    float bestShift = 0.0f;
    for (int smoothing : {5, 10, 15, 20})
        for (float shift = -3.0f; shift <= 3.001f; shift += 0.25f) {
            const double f1 = devScore(shift, smoothing, {}, nullptr).f1();
            if (f1 > best + 1e-4) {
                best = f1;
                bestShift = shift;
                net.smoothing = smoothing;
            }
        }
    net.c += bestShift;
    for (auto& l : devLogits)
        for (auto& x : l)
            x += bestShift;
    // The decision settings against false alarms, on whole development tracks without speech.
    std::vector<Example> devTracks;
    double devTrackMinutes = 0.0;
    for (const auto& path : devMusic) {
        CorpusRecipe alone;
        alone.withSpeech = false;
        alone.music = {path};
        alone.musicStartSeconds = 0.0;
        alone.musicSeconds = std::floor(static_cast<double>(AudioFileReader(path).frames()) / AudioFileReader(path).sampleRate());
        devTrackMinutes += alone.musicSeconds / 60.0;
        devTracks.push_back(examplesOf(buildCorpus(alone)));
        for (auto& x : devTracks.back().x)
            for (size_t i = 0; i < x.size(); ++i)
                x[i] = (x[i] - net.mean[i]) * net.scale[i];
    }
    std::vector<std::vector<float>> devTrackLogits;
    for (const auto& e : devTracks)
        devTrackLogits.push_back(logits(net, e));
    std::fprintf(stderr, "development settings (lines over music at 0 dB; whole tracks without speech, %.0f min):\n", devTrackMinutes);
    for (float confirmation : {0.5f, 0.6f, 0.7f, 0.75f, 0.8f, 0.85f, 0.9f})
        for (double minimumSpeech : {0.15, 0.25, 0.35}) {
            SpeechDetectorSettings settings;
            settings.confirmation = confirmation;
            settings.minimumSpeechSeconds = minimumSpeech;
            size_t alone = 0;
            FrameScore music;
            for (size_t t = 0; t < devTracks.size(); ++t) {
                size_t regions = 0;
                music += decideAndScore(devTracks[t], devTrackLogits[t], 0.0f, net.smoothing, settings, &regions);
                alone += regions;
            }
            const auto lines = decideAndScore(devExamples[0], devLogits[0], 0.0f, net.smoothing, settings);
            std::fprintf(stderr, "  confirmation %.2f, minimum speech %.2f s: lines F1 %.3f; music alone %.2f %% of frames, %.2f regions/min\n",
                         confirmation, minimumSpeech, lines.f1(), 100.0 * music.falsePositiveRate(),
                         static_cast<double>(alone) / devTrackMinutes);
        }
    const auto devLines = decideAndScore(devExamples[0], devLogits[0], 0.0f, net.smoothing);
    std::fprintf(stderr, "development lines at 0 dB: smoothing ±%d frames, shift %+.2f: P %.3f R %.3f F1 %.3f\n", net.smoothing, bestShift,
                 devLines.precision(), devLines.recall(), devLines.f1());

    // The same through SpeechDetector itself: the written model must behave exactly so.
    const Corpus devCorpus = buildCorpus(dev);
    const auto check = scoreFrames(devCorpus.truth, runDetector(devCorpus.mix, kCorpusRate, devCorpus.truth.size(), {}, net.view()).frames);
    std::fprintf(stderr, "through SpeechDetector: F1 %.3f\n", check.f1());

    std::ostringstream summary;
    summary << "// " << corporaCount << " corpora of 2 min (" << musicOnlyCount << " of them music alone), " << epochs
            << " epochs; development lines over music at 0 dB SMR:\n// P " << fixed3(devLines.precision()) << ", R "
            << fixed3(devLines.recall()) << ", F1 " << fixed3(devLines.f1()) << ".\n";
    writeModel(net, header, summary.str());
    std::fprintf(stderr, "wrote %s in %.0f s\n", header.c_str(),
                 std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    try {
        std::optional<fs::path> material, header;
        int corpora = 120, musicOnly = 30, epochs = 15;  // the shipped model's
        for (int i = 1; i < argc; ++i) {
            const std::string arg = argv[i];
            auto value = [&]() -> std::string {
                if (i + 1 >= argc)
                    throw std::runtime_error(arg + " needs a value");
                return argv[++i];
            };
            if (arg == "--train")
                material = value();
            else if (arg == "--write")
                header = value();
            else if (arg == "--corpora")
                corpora = std::stoi(value());
            else if (arg == "--music-only")
                musicOnly = std::stoi(value());
            else if (arg == "--epochs")
                epochs = std::stoi(value());
            else
                throw std::runtime_error("unknown argument " + arg);
        }
        if (material) {
            if (!header)
                throw std::runtime_error("--train needs --write <header>");
            return trainModel(*material, *header, corpora, musicOnly, epochs);
        }
        return measureAll();
    } catch (const std::exception& e) {
        std::fprintf(stderr, "cuesmith_speech_eval: %s\n", e.what());
        return 1;
    }
}
