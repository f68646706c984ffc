#include "TempoDetection.h"

#include "AudioFileReader.h"

#include <aubio/aubio.h>
#include <cctype>
#include <cmath>
#include <memory>
#include <stdexcept>

namespace cuesmith {

namespace {

constexpr uint_t kWindow = 1024;
constexpr uint_t kHop = 512;

struct TempoDeleter {
    void operator()(aubio_tempo_t* t) const { del_aubio_tempo(t); }
};
struct VecDeleter {
    void operator()(fvec_t* v) const { del_fvec(v); }
};

} // namespace

bool isPercussionStem(const std::string& name)
{
    std::string upper;
    for (char c : name)
        upper += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return upper == "PRC" || upper == "PERC" || upper == "DRM" || upper == "DRUMS" || upper == "PERCUSSION";
}

TempoDetectionResult detectTempo(const std::vector<DetectionStem>& stems, int64_t sampleRate, int64_t lengthSamples,
                                 int beatsPerBar, int beatUnit)
{
    if (stems.empty())
        throw std::runtime_error("no stems to detect a tempo in");
    bool percussion = false;
    for (const auto& stem : stems)
        percussion = percussion || isPercussionStem(stem.name);
    std::vector<std::unique_ptr<AudioFileReader>> readers;
    for (const auto& stem : stems)
        if (!percussion || isPercussionStem(stem.name))
            readers.push_back(std::make_unique<AudioFileReader>(stem.path, std::nullopt, static_cast<int>(sampleRate)));

    std::unique_ptr<aubio_tempo_t, TempoDeleter> tempo(
        new_aubio_tempo("default", kWindow, kHop, static_cast<uint_t>(sampleRate)));
    if (!tempo)
        throw std::runtime_error("aubio refused a beat tracker at " + std::to_string(sampleRate) + " Hz");
    std::unique_ptr<fvec_t, VecDeleter> input(new_fvec(kHop)), output(new_fvec(1));

    TempoDetectionResult result;
    result.fromPercussion = percussion;
    std::vector<int64_t> beats;

    std::vector<float> block;
    int64_t position = 0;
    for (bool more = true; more;) {
        // Sum every channel of every stem into one mono hop.
        std::fill(input->data, input->data + kHop, 0.0f);
        size_t longest = 0;
        for (auto& reader : readers) {
            const int channels = reader->channels();
            block.resize(static_cast<size_t>(kHop) * static_cast<size_t>(channels));
            const size_t got = reader->read(block.data(), kHop);
            longest = std::max(longest, got);
            for (size_t i = 0; i < got; ++i)
                for (int c = 0; c < channels; ++c)
                    input->data[i] += block[i * static_cast<size_t>(channels) + static_cast<size_t>(c)];
        }
        more = longest == kHop;
        if (longest == 0)
            break;
        aubio_tempo_do(tempo.get(), input.get(), output.get());
        if (output->data[0] != 0.0f) {
            const int64_t beat = static_cast<int64_t>(aubio_tempo_get_last(tempo.get()));
            if (beats.empty() || beat > beats.back())
                beats.push_back(beat);
        }
        position += static_cast<int64_t>(longest);
    }
    result.detectedBeats = beats.size();
    result.bpm = aubio_tempo_get_bpm(tempo.get());
    result.confidence = aubio_tempo_get_confidence(tempo.get());
    if (beats.size() < 4 || !(result.bpm >= 20.0 && result.bpm <= 400.0))
        throw std::runtime_error(stems.front().path.string() + ": no steady beat found (" + std::to_string(beats.size())
                                 + " beats); give the tempo instead");

    // aubio's tempo is quantised by its hop size; refine it with a least-squares line through the
    // detected beats, each numbered by aubio's period, then once more without the outliers.
    double period = 60.0 * static_cast<double>(sampleRate) / result.bpm;
    double offset = static_cast<double>(beats.front());
    for (int pass = 0; pass < 2; ++pass) {
        double n = 0, sk = 0, sb = 0, skk = 0, skb = 0;
        for (int64_t b : beats) {
            const double k = std::round((static_cast<double>(b) - offset) / period);
            const double residual = static_cast<double>(b) - (offset + k * period);
            if (pass > 0 && std::abs(residual) > period / 4.0)
                continue;
            n += 1;
            sk += k;
            sb += static_cast<double>(b);
            skk += k * k;
            skb += k * static_cast<double>(b);
        }
        const double denominator = n * skk - sk * sk;
        if (n < 4 || denominator <= 0.0)
            break;
        period = (n * skb - sk * sb) / denominator;
        offset = (sb - period * sk) / n;
    }
    result.bpm = 60.0 * static_cast<double>(sampleRate) / period;
    if (!(result.bpm >= 20.0 && result.bpm <= 400.0))
        throw std::runtime_error(stems.front().path.string() + ": no steady beat found; give the tempo instead");
    double phase = std::fmod(offset, period);
    if (phase < 0.0)
        phase += period;
    result.map = tempoMapFromBpm(result.bpm, beatsPerBar, beatUnit, static_cast<int64_t>(std::llround(phase)),
                                 lengthSamples, sampleRate);
    result.map.source = TempoSource::Detected;
    return result;
}

TempoDetectionResult detectCueTempo(const Cue& cue, int64_t sampleRate, int beatsPerBar, int beatUnit)
{
    std::vector<DetectionStem> stems;
    for (const auto& stem : cue.stems)
        stems.push_back({stem.path, stem.name});
    return detectTempo(stems, sampleRate, cue.lengthSamples, beatsPerBar, beatUnit);
}

} // namespace cuesmith
