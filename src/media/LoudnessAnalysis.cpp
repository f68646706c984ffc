#include "LoudnessAnalysis.h"

#include "AudioFileReader.h"
#include "TruePeakMeter.h"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <ebur128.h>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace cuesmith {

namespace {

constexpr int kLoudnessModes = EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK;

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

// One libebur128 measurement.
class Ebur128 {
public:
    Ebur128(int sampleRate, int channels, int modes)
        : st_(ebur128_init(static_cast<unsigned>(channels), static_cast<unsigned long>(sampleRate),
                           static_cast<unsigned>(modes)))
    {
        if (st_ == nullptr)
            throw std::invalid_argument("libebur128 cannot measure " + std::to_string(channels) + " channels at "
                                        + std::to_string(sampleRate) + " Hz");
    }
    ~Ebur128() { ebur128_destroy(&st_); }
    Ebur128(const Ebur128&) = delete;
    Ebur128& operator=(const Ebur128&) = delete;

    void add(const float* interleaved, size_t frames)
    {
        if (ebur128_add_frames_float(st_, interleaved, frames) != EBUR128_SUCCESS)
            throw std::runtime_error("libebur128 ran out of memory");
    }

    // Loudness and sample peak into r.
    void fillLoudness(LoudnessReport& r) const
    {
        double integrated = -HUGE_VAL;
        if (ebur128_loudness_global(st_, &integrated) == EBUR128_SUCCESS && std::isfinite(integrated))
            r.integratedLufs = integrated;
        double range = 0.0;
        if (ebur128_loudness_range(st_, &range) == EBUR128_SUCCESS && std::isfinite(range))
            r.loudnessRangeLu = range;
        double peak = 0.0;
        for (unsigned c = 0; c < st_->channels; ++c)
            if (double v = 0.0; ebur128_sample_peak(st_, c, &v) == EBUR128_SUCCESS)
                peak = std::max(peak, v);
        r.samplePeakDbfs = peakDecibels(peak);
    }

    ebur128_state* get() const { return st_; }

private:
    ebur128_state* st_;
};

// The true peak of channels [first, last) of interleaved frames; each channel's is independent, so
// a file analysis can measure it on a second thread.
class TruePeakShare {
public:
    TruePeakShare(int sampleRate, int channels, int first, int last, size_t blockFrames)
        : meter_(sampleRate, last - first), channels_(channels), first_(first), last_(last),
          block_(blockFrames * static_cast<size_t>(last - first))
    {
    }

    void add(const float* interleaved, size_t frames)
    {
        const auto width = static_cast<size_t>(last_ - first_);
        for (size_t f = 0; f < frames; ++f)
            for (size_t c = 0; c < width; ++c)
                block_[f * width + c] =
                    interleaved[f * static_cast<size_t>(channels_) + static_cast<size_t>(first_) + c];
        meter_.add(block_.data(), frames);
    }

    double truePeak() const { return meter_.peak(); }

private:
    TruePeakMeter meter_;
    int channels_, first_, last_;
    std::vector<float> block_;
};

} // namespace

struct LoudnessMeter::State {
    State(int sampleRate, int channels) : meter(sampleRate, channels, kLoudnessModes), truePeak(sampleRate, channels) {}
    Ebur128 meter;
    TruePeakMeter truePeak;
};

LoudnessMeter::LoudnessMeter() = default;
LoudnessMeter::~LoudnessMeter() = default;
LoudnessMeter::LoudnessMeter(LoudnessMeter&&) noexcept = default;
LoudnessMeter& LoudnessMeter::operator=(LoudnessMeter&&) noexcept = default;

namespace {

void checkFormat(int sampleRate, int channels)
{
    if (sampleRate <= 0 || channels <= 0)
        throw std::invalid_argument("cannot measure loudness at " + std::to_string(sampleRate) + " Hz with "
                                    + std::to_string(channels) + " channels");
}

void setChannelMap(ebur128_state* st, int channels)
{
    const auto map = channelMap(channels);
    for (size_t c = 0; c < map.size(); ++c)
        ebur128_set_channel(st, static_cast<unsigned>(c), map[c]);
}

} // namespace

void LoudnessMeter::prepare(int sampleRate, int channels)
{
    checkFormat(sampleRate, channels);
    state_ = std::make_unique<State>(sampleRate, channels);
    setChannelMap(state_->meter.get(), channels);
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
    state_->meter.add(interleaved, frames);
    state_->truePeak.add(interleaved, frames);
    frames_ += static_cast<int64_t>(frames);
}

LoudnessReport LoudnessMeter::report() const
{
    LoudnessReport r;
    r.frames = frames_;
    r.sampleRate = sampleRate_;
    r.channels = channels_;
    if (state_) {
        state_->meter.fillLoudness(r);
        r.truePeakDbtp = peakDecibels(state_->truePeak.peak());
    }
    return r;
}

LoudnessReport analyzeLoudness(const std::filesystem::path& path)
{
    AudioFileReader reader(path);
    const int rate = reader.sampleRate();
    const int channels = reader.channels();
    constexpr size_t kBlockFrames = 16384;
    const auto blockFloats = kBlockFrames * static_cast<size_t>(channels);

    if (std::thread::hardware_concurrency() < 2) {
        LoudnessMeter meter;
        try {
            meter.prepare(rate, channels);
        } catch (const std::invalid_argument& e) {
            throw std::runtime_error(path.string() + ": " + e.what());
        }
        std::vector<float> block(blockFloats);
        while (const size_t got = reader.read(block.data(), kBlockFrames))
            meter.addFrames(block.data(), got);
        return meter.report();
    }

    // This thread: loudness of every channel; a second thread: the true peak of all of them.
    // With libsoxr oversampling the two cost about the same (0.16 s and 0.2 s per minute of 5.1).
    const int split = 0;
    std::optional<Ebur128> loudness;
    std::optional<TruePeakShare> mine, theirs;
    try {
        checkFormat(rate, channels);
        loudness.emplace(rate, channels, kLoudnessModes);
        if (split > 0)
            mine.emplace(rate, channels, 0, split, kBlockFrames);
        theirs.emplace(rate, channels, split, channels, kBlockFrames);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    setChannelMap(loudness->get(), channels);

    // Blocks pass through a ring, so either thread can fall a few blocks behind (the machine is
    // shared) without stopping the other. Block n is in slot n % kSlots; a block of 0 frames ends.
    constexpr int64_t kSlots = 8;
    std::vector<float> ring(blockFloats * kSlots);
    std::vector<size_t> ringFrames(kSlots, 0);
    std::atomic<int64_t> published{0};  // blocks the reader has filled
    std::atomic<int64_t> consumed{0};   // blocks the second thread is done with
    std::exception_ptr workerError;
    std::thread worker([&] {
        for (int64_t n = 0;; ++n) {
            for (int64_t p = published.load(); p <= n; p = published.load())
                published.wait(p);
            const auto slot = static_cast<size_t>(n % kSlots);
            if (ringFrames[slot] == 0)
                return;
            try {
                if (!workerError)
                    theirs->add(ring.data() + slot * blockFloats, ringFrames[slot]);
            } catch (...) {
                workerError = std::current_exception();
            }
            consumed.store(n + 1);
            consumed.notify_one();
        }
    });

    std::exception_ptr error;
    int64_t frames = 0;
    for (int64_t n = 0;; ++n) {
        for (int64_t c = consumed.load(); c < n - kSlots + 1; c = consumed.load())
            consumed.wait(c);
        const auto slot = static_cast<size_t>(n % kSlots);
        float* block = ring.data() + slot * blockFloats;
        size_t got = 0;
        if (!error) {
            try {
                got = reader.read(block, kBlockFrames);
            } catch (...) {
                error = std::current_exception();
            }
        }
        ringFrames[slot] = got;
        published.store(n + 1);
        published.notify_one();
        if (got == 0)
            break;
        try {
            loudness->add(block, got);
            if (mine)
                mine->add(block, got);
        } catch (...) {
            error = std::current_exception();
        }
        frames += static_cast<int64_t>(got);
    }
    worker.join();
    if (error)
        std::rethrow_exception(error);
    if (workerError)
        std::rethrow_exception(workerError);

    LoudnessReport r;
    r.frames = frames;
    r.sampleRate = rate;
    r.channels = channels;
    loudness->fillLoudness(r);
    r.truePeakDbtp = peakDecibels(std::max(theirs->truePeak(), mine ? mine->truePeak() : 0.0));
    return r;
}

} // namespace cuesmith
