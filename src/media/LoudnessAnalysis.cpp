#include "LoudnessAnalysis.h"

#include "AudioFileReader.h"

#include <algorithm>
#include <cmath>
#include <ebur128.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace cuesmith {

namespace {

constexpr int kModes = EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_TRUE_PEAK | EBUR128_MODE_SAMPLE_PEAK;

// libebur128 weights M±060, M±090 and M±110 by 1.41 (+1.5 dB) but not M±135, so 7.1's rear
// surrounds are mapped to M±110 (LEFT/RIGHT_SURROUND): BS.1770 and FFmpeg's ebur128 filter both
// weight every side and rear surround alike.
std::vector<int> channelMap(int channels)
{
    switch (channels) {
    case 1:
        return {EBUR128_LEFT};
    case 2:
        return {EBUR128_LEFT, EBUR128_RIGHT};
    case 3:
        return {EBUR128_LEFT, EBUR128_RIGHT, EBUR128_CENTER};
    case 4:
        return {EBUR128_LEFT, EBUR128_RIGHT, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND};
    case 5:
        return {EBUR128_LEFT, EBUR128_RIGHT, EBUR128_CENTER, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND};
    case 6:
        return {EBUR128_LEFT, EBUR128_RIGHT, EBUR128_CENTER, EBUR128_UNUSED, EBUR128_LEFT_SURROUND,
                EBUR128_RIGHT_SURROUND};
    case 8:
        return {EBUR128_LEFT,  EBUR128_RIGHT, EBUR128_CENTER,        EBUR128_UNUSED,
                EBUR128_Mp090, EBUR128_Mm090, EBUR128_LEFT_SURROUND, EBUR128_RIGHT_SURROUND};
    default:
        return std::vector<int>(static_cast<size_t>(channels), EBUR128_CENTER);
    }
}

// Decibels of a linear peak; absent for zero (never -inf or NaN in a report).
std::optional<double> peakDecibels(double linear)
{
    if (!(linear > 0.0) || !std::isfinite(linear))
        return std::nullopt;
    return 20.0 * std::log10(linear);
}

} // namespace

struct LoudnessMeter::State {
    explicit State(ebur128_state* s) : st(s) {}
    ~State()
    {
        if (st != nullptr)
            ebur128_destroy(&st);
    }
    State(const State&) = delete;
    State& operator=(const State&) = delete;
    ebur128_state* st;
};

LoudnessMeter::LoudnessMeter() = default;
LoudnessMeter::~LoudnessMeter() = default;
LoudnessMeter::LoudnessMeter(LoudnessMeter&&) noexcept = default;
LoudnessMeter& LoudnessMeter::operator=(LoudnessMeter&&) noexcept = default;

void LoudnessMeter::prepare(int sampleRate, int channels)
{
    if (sampleRate <= 0 || channels <= 0)
        throw std::invalid_argument("cannot measure loudness at " + std::to_string(sampleRate) + " Hz with "
                                    + std::to_string(channels) + " channels");
    auto state = std::make_unique<State>(
        ebur128_init(static_cast<unsigned>(channels), static_cast<unsigned long>(sampleRate), kModes));
    if (state->st == nullptr)
        throw std::invalid_argument("libebur128 cannot measure " + std::to_string(channels) + " channels at "
                                    + std::to_string(sampleRate) + " Hz");
    state_ = std::move(state);
    const auto map = channelMap(channels);
    for (size_t c = 0; c < map.size(); ++c)
        ebur128_set_channel(state_->st, static_cast<unsigned>(c), map[c]);
    sampleRate_ = sampleRate;
    channels_ = channels;
    frames_ = 0;
}

void LoudnessMeter::addFrames(const float* interleaved, size_t frames)
{
    if (!state_)
        throw std::logic_error("LoudnessMeter::addFrames before prepare");
    if (frames == 0)
        return;
    if (ebur128_add_frames_float(state_->st, interleaved, frames) != EBUR128_SUCCESS)
        throw std::runtime_error("libebur128 ran out of memory");
    frames_ += static_cast<int64_t>(frames);
}

LoudnessReport LoudnessMeter::report() const
{
    LoudnessReport r;
    r.frames = frames_;
    r.sampleRate = sampleRate_;
    r.channels = channels_;
    if (!state_)
        return r;

    double integrated = -HUGE_VAL;
    if (ebur128_loudness_global(state_->st, &integrated) == EBUR128_SUCCESS && std::isfinite(integrated))
        r.integratedLufs = integrated;
    double range = 0.0;
    if (ebur128_loudness_range(state_->st, &range) == EBUR128_SUCCESS && std::isfinite(range))
        r.loudnessRangeLu = range;

    double truePeak = 0.0, samplePeak = 0.0;
    for (int c = 0; c < channels_; ++c) {
        double v = 0.0;
        if (ebur128_true_peak(state_->st, static_cast<unsigned>(c), &v) == EBUR128_SUCCESS)
            truePeak = std::max(truePeak, v);
        if (ebur128_sample_peak(state_->st, static_cast<unsigned>(c), &v) == EBUR128_SUCCESS)
            samplePeak = std::max(samplePeak, v);
    }
    r.truePeakDbtp = peakDecibels(truePeak);
    r.samplePeakDbfs = peakDecibels(samplePeak);
    return r;
}

LoudnessReport analyzeLoudness(const std::filesystem::path& path)
{
    AudioFileReader reader(path);
    LoudnessMeter meter;
    try {
        meter.prepare(reader.sampleRate(), reader.channels());
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    constexpr size_t kBlockFrames = 16384;
    std::vector<float> block(kBlockFrames * static_cast<size_t>(reader.channels()));
    while (const size_t got = reader.read(block.data(), kBlockFrames))
        meter.addFrames(block.data(), got);
    return meter.report();
}

} // namespace cuesmith
