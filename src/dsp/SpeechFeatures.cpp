#include "SpeechFeatures.h"

#include <aubio/aubio.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <stdexcept>
#include <string>

namespace cuesmith {

namespace {

constexpr double kWindowSeconds = 0.040;  // long enough to resolve a low voice's harmonics
constexpr double kLowestBandHz = 100.0;
constexpr double kHighestBandHz = 4000.0;
constexpr double kPeakLowHz = 150.0;
constexpr double kPeakHighHz = 3000.0;
constexpr int kStepsPerOctave = 48;                     // quarter-semitone grid for the peak pattern
constexpr int kWhiteningHalfWidth = kStepsPerOctave / 3;  // ±1/3 octave: keeps peaks, drops the envelope
constexpr int kPeakLag = 4;                             // frames (40 ms) between compared patterns
constexpr int kGlideLag = 2;
constexpr int kMaxShift = 3;                            // grid steps: up to 3/4 semitone per 40 ms
constexpr int kGridEdge = kMaxShift + 1;                // steps left out at both ends so shifts stay inside
constexpr int kRing = 512;                              // per-frame history; > 2 * kLookAheadFrames + 2
constexpr int kPeakRing = 16;                           // whitened patterns kept; > 2 * kPeakLag + 1
constexpr int64_t kTrimAt = 1 << 16;                    // samples of dead buffer before it is erased
constexpr int kPeakValues = 2 * SpeechFeatures::kPeakBands + 1;

static_assert(kRing > 2 * SpeechFeatures::kLookAheadFrames + 2);
static_assert(kPeakRing > 2 * kPeakLag + 1);

double melOf(double hz) { return 2595.0 * std::log10(1.0 + hz / 700.0); }
double hzOfMel(double mel) { return 700.0 * (std::pow(10.0, mel / 2595.0) - 1.0); }

struct FftDeleter {
    void operator()(aubio_fft_t* fft) const { del_aubio_fft(fft); }
};
struct FvecDeleter {
    void operator()(fvec_t* v) const { del_fvec(v); }
};

size_t ring(int64_t frame, int size) { return static_cast<size_t>(frame & (size - 1)); }

} // namespace

struct SpeechFeatures::State {
    int rate = 0;
    int decimation = 1;
    double analysisRate = 0.0;
    std::vector<float> taps;  // decimating low-pass, odd length, centred on its middle tap
    int64_t halfTaps = 0;

    std::vector<float> input;  // input samples from inputBase on
    int64_t inputBase = 0;
    int64_t inputEnd = 0;      // input samples received
    std::vector<float> analysis;  // decimated samples from analysisBase on
    int64_t analysisBase = 0;
    int64_t analysisEnd = 0;
    bool finished = false;
    int64_t totalFrames = 0;   // known once finished

    int window = 0;
    int fftSize = 0;
    std::vector<float> hann;
    double powerScale = 0.0;  // power spectrum to mean square (Parseval, one side, window energy)
    std::unique_ptr<aubio_fft_t, FftDeleter> fft;
    std::unique_ptr<fvec_t, FvecDeleter> fftIn, fftOut;
    std::vector<std::pair<int, int>> bandBins;  // [first, last) bins of each band
    std::vector<double> gridBin;                // fractional bin of each peak-grid point
    int highestGridBin = 0;
    std::vector<double> power;
    std::vector<double> gridDb, gridSum;

    int64_t rawFrames = 0;   // frames analysed
    int64_t peakFrames = 0;  // frames with their peak features
    int64_t doneFrames = 0;  // frames handed out
    std::vector<std::array<float, kBands>> level;
    std::vector<std::array<double, kBands>> cumulative;  // sum of each band's level over frames 0..k
    std::vector<float> levelDb;
    std::vector<std::array<float, kPeakValues>> peakValues;
    std::vector<std::vector<float>> patterns;  // whitened peak patterns, kPeakRing of them

    explicit State(int sampleRate) : rate(sampleRate)
    {
        // Decimate to 16–32 kHz: the cues are below 4 kHz, and the FFT then costs the same at 192 kHz.
        decimation = std::max(1, rate / 16000);
        analysisRate = static_cast<double>(rate) / decimation;
        if (decimation > 1) {
            // Windowed sinc (Blackman), cut-off at 0.4 of the analysis rate: aliases land above 4 kHz
            // until far into the stop band, where the window has them 70 dB down.
            const int length = 16 * decimation + 1;
            halfTaps = length / 2;
            taps.resize(static_cast<size_t>(length));
            const double cutoff = 0.4 / decimation;  // cycles per input sample
            double sum = 0.0;
            for (int i = 0; i < length; ++i) {
                const double n = i - halfTaps;
                const double sinc = n == 0 ? 2.0 * cutoff : std::sin(2.0 * std::numbers::pi * cutoff * n) / (std::numbers::pi * n);
                const double x = static_cast<double>(i) / (length - 1);
                const double blackman = 0.42 - 0.5 * std::cos(2.0 * std::numbers::pi * x) + 0.08 * std::cos(4.0 * std::numbers::pi * x);
                taps[static_cast<size_t>(i)] = static_cast<float>(sinc * blackman);
                sum += sinc * blackman;
            }
            for (auto& t : taps)
                t = static_cast<float>(t / sum);
        }

        window = static_cast<int>(std::lround(kWindowSeconds * analysisRate));
        fftSize = 1;
        while (fftSize < 2 * window)  // zero-padded twice over: finer bins for the log-frequency grid
            fftSize *= 2;
        hann.resize(static_cast<size_t>(window));
        double energy = 0.0;
        for (int i = 0; i < window; ++i) {
            const double w = 0.5 - 0.5 * std::cos(2.0 * std::numbers::pi * (i + 0.5) / window);
            hann[static_cast<size_t>(i)] = static_cast<float>(w);
            energy += w * w;
        }
        powerScale = 2.0 / (static_cast<double>(fftSize) * energy);
        fft.reset(new_aubio_fft(static_cast<uint_t>(fftSize)));
        fftIn.reset(new_fvec(static_cast<uint_t>(fftSize)));
        fftOut.reset(new_fvec(static_cast<uint_t>(fftSize)));
        if (!fft || !fftIn || !fftOut)
            throw std::runtime_error("SpeechFeatures: aubio could not set up a " + std::to_string(fftSize) + "-point FFT");
        power.resize(static_cast<size_t>(fftSize / 2 + 1));

        const double binsPerHz = fftSize / analysisRate;
        const int nyquistBin = fftSize / 2;
        for (int b = 0; b < kBands; ++b) {
            const double lowHz = hzOfMel(melOf(kLowestBandHz) + (melOf(kHighestBandHz) - melOf(kLowestBandHz)) * b / kBands);
            const double highHz = hzOfMel(melOf(kLowestBandHz) + (melOf(kHighestBandHz) - melOf(kLowestBandHz)) * (b + 1) / kBands);
            const int first = std::min(nyquistBin, static_cast<int>(std::ceil(lowHz * binsPerHz)));
            const int last = std::min(nyquistBin + 1, std::max(first + 1, static_cast<int>(std::ceil(highHz * binsPerHz))));
            bandBins.emplace_back(first, last);
        }
        const int gridPoints = static_cast<int>(std::log2(kPeakHighHz / kPeakLowHz) * kStepsPerOctave);
        for (int g = 0; g < gridPoints; ++g)
            gridBin.push_back(kPeakLowHz * std::pow(2.0, static_cast<double>(g) / kStepsPerOctave) * binsPerHz);
        highestGridBin = std::min(nyquistBin, static_cast<int>(gridBin.back()) + 1);
        gridDb.resize(gridBin.size());
        gridSum.resize(gridBin.size() + 1);

        level.resize(kRing);
        cumulative.resize(kRing);
        levelDb.resize(kRing);
        peakValues.resize(kRing);
        patterns.assign(kPeakRing, std::vector<float>(gridBin.size(), 0.0f));
    }

    // --- decimation -------------------------------------------------------------------------

    float inputAt(int64_t i) const
    {
        if (i < inputBase || i >= inputEnd)
            return 0.0f;  // before the start, or past the end once finished
        return input[static_cast<size_t>(i - inputBase)];
    }

    // Computes the analysis samples the input received so far allows (all of them once finished).
    void decimate()
    {
        const int64_t last = finished ? (inputEnd + halfTaps) / decimation  // past it the filter sees only zeros
                                      : (inputEnd - 1 - halfTaps) / decimation;
        if (inputEnd - 1 - halfTaps < 0 && !finished)
            return;
        for (int64_t j = analysisEnd; j <= last; ++j) {
            float value = 0.0f;
            if (decimation == 1) {
                value = inputAt(j);
            } else {
                const int64_t centre = j * decimation;
                double sum = 0.0;
                for (int64_t t = -halfTaps; t <= halfTaps; ++t)
                    sum += static_cast<double>(taps[static_cast<size_t>(t + halfTaps)]) * inputAt(centre + t);
                value = static_cast<float>(sum);
            }
            analysis.push_back(value);
            ++analysisEnd;
        }
        // Keep only the input the next analysis sample still reads.
        const int64_t keepFrom = analysisEnd * decimation - halfTaps;
        if (keepFrom - inputBase > kTrimAt) {
            input.erase(input.begin(), input.begin() + static_cast<std::ptrdiff_t>(keepFrom - inputBase));
            inputBase = keepFrom;
        }
    }

    float analysisAt(int64_t j) const
    {
        if (j < analysisBase || j >= analysisEnd)
            return 0.0f;
        return analysis[static_cast<size_t>(j - analysisBase)];
    }

    // First analysis sample of frame k's window (centred on the frame).
    int64_t windowStart(int64_t frame) const
    {
        const int64_t centre = (frameStart(frame, rate) + frameStart(frame + 1, rate)) / 2;
        return (centre + decimation / 2) / decimation - window / 2;
    }

    // --- stage 1: the frame's spectrum ------------------------------------------------------

    void analyseFrame(int64_t frame)
    {
        const int64_t first = windowStart(frame);
        for (int i = 0; i < fftSize; ++i)
            fftIn->data[i] = i < window ? hann[static_cast<size_t>(i)] * analysisAt(first + i) : 0.0f;
        aubio_fft_do_complex(fft.get(), fftIn.get(), fftOut.get());
        // aubio packs the complex spectrum as re[0..N/2], then im[N/2-1..1] backwards.
        const float* out = fftOut->data;
        power[0] = static_cast<double>(out[0]) * out[0] * powerScale;
        for (int i = 1; i < fftSize / 2; ++i)
            power[static_cast<size_t>(i)] = (static_cast<double>(out[i]) * out[i] + static_cast<double>(out[fftSize - i]) * out[fftSize - i]) * powerScale;
        power[static_cast<size_t>(fftSize / 2)] = static_cast<double>(out[fftSize / 2]) * out[fftSize / 2] * powerScale;

        const size_t slot = ring(frame, kRing);
        const size_t previous = ring(frame - 1, kRing);
        double total = 0.0;
        for (int b = 0; b < kBands; ++b) {
            double sum = 0.0;
            for (int i = bandBins[static_cast<size_t>(b)].first; i < bandBins[static_cast<size_t>(b)].second; ++i)
                sum += power[static_cast<size_t>(i)];
            total += sum;
            // A floor at -100 dB: digital silence and dither read alike, not as deep valleys.
            const auto db = static_cast<float>(10.0 * std::log10(sum + 1e-10));
            level[slot][static_cast<size_t>(b)] = db;
            cumulative[slot][static_cast<size_t>(b)] = (frame > 0 ? cumulative[previous][static_cast<size_t>(b)] : 0.0) + db;
        }
        levelDb[slot] = static_cast<float>(10.0 * std::log10(total + 1e-12));

        // The peak pattern: dB on a log-frequency grid, minus its ±1/3-octave average, floored at 0.
        for (int i = 0; i <= highestGridBin; ++i)
            power[static_cast<size_t>(i)] = 10.0 * std::log10(power[static_cast<size_t>(i)] + 1e-12);
        for (size_t g = 0; g < gridBin.size(); ++g) {
            const auto bin = static_cast<size_t>(gridBin[g]);
            const double fraction = gridBin[g] - static_cast<double>(bin);
            gridDb[g] = power[bin] * (1.0 - fraction) + power[std::min(bin + 1, static_cast<size_t>(highestGridBin))] * fraction;
            gridSum[g + 1] = gridSum[g] + gridDb[g];
        }
        auto& pattern = patterns[ring(frame, kPeakRing)];
        const auto points = static_cast<int64_t>(gridBin.size());
        for (int64_t g = 0; g < points; ++g) {
            const int64_t lo = std::max<int64_t>(0, g - kWhiteningHalfWidth);
            const int64_t hi = std::min<int64_t>(points - 1, g + kWhiteningHalfWidth);
            const double mean = (gridSum[static_cast<size_t>(hi + 1)] - gridSum[static_cast<size_t>(lo)]) / static_cast<double>(hi - lo + 1);
            pattern[static_cast<size_t>(g)] = static_cast<float>(std::max(0.0, gridDb[static_cast<size_t>(g)] - mean));
        }
    }

    // --- stage 2: how the peak pattern moves ------------------------------------------------

    // Normalised correlation of frame a's pattern with frame b's shifted by `shift` grid steps,
    // over grid points [from, to).
    double correlation(int64_t a, int64_t b, int shift, int from, int to) const
    {
        const auto& x = patterns[ring(a, kPeakRing)];
        const auto& y = patterns[ring(b, kPeakRing)];
        const int points = static_cast<int>(x.size());
        double xy = 0.0, xx = 0.0, yy = 0.0;
        for (int g = std::max(from, kGridEdge); g < std::min(to, points - kGridEdge); ++g) {
            const double u = x[static_cast<size_t>(g)];
            const double v = y[static_cast<size_t>(g + shift)];
            xy += u * v;
            xx += u * u;
            yy += v * v;
        }
        return xy / std::sqrt(xx * yy + 1e-9);
    }

    void peakFeatures(int64_t frame, int64_t lastFrame)
    {
        const int64_t before = std::max<int64_t>(0, frame - kPeakLag);
        const int64_t after = std::min(lastFrame, frame + kPeakLag);
        const int points = static_cast<int>(gridBin.size());
        auto& values = peakValues[ring(frame, kRing)];
        for (int band = 0; band < kPeakBands; ++band) {
            const int from = band * points / kPeakBands;
            const int to = (band + 1) * points / kPeakBands;
            const double held = 0.5 * (correlation(frame, before, 0, from, to) + correlation(frame, after, 0, from, to));
            double moved = 0.0;
            for (int shift = -kMaxShift; shift <= kMaxShift; ++shift)
                if (shift != 0)
                    moved = std::max({moved, correlation(frame, before, shift, from, to), correlation(frame, after, shift, from, to)});
            values[static_cast<size_t>(2 * band)] = static_cast<float>(held);
            values[static_cast<size_t>(2 * band + 1)] = static_cast<float>(moved - held);
        }
        const int64_t near0 = std::max<int64_t>(0, frame - kGlideLag);
        const int64_t near1 = std::min(lastFrame, frame + kGlideLag);
        values[static_cast<size_t>(2 * kPeakBands)] = static_cast<float>(
            std::abs(correlation(frame, near0, 1, 0, points) - correlation(frame, near0, -1, 0, points)) +
            std::abs(correlation(frame, near1, 1, 0, points) - correlation(frame, near1, -1, 0, points)));
    }

    // --- stage 3: levels against their 3-second average --------------------------------------

    Frame finalFrame(int64_t frame, int64_t lastFrame) const
    {
        Frame out;
        const int64_t lo = std::max<int64_t>(0, frame - kLookAheadFrames);
        const int64_t hi = std::min(lastFrame, frame + kLookAheadFrames);
        const auto& top = cumulative[ring(hi, kRing)];
        const auto& levels = level[ring(frame, kRing)];
        for (int b = 0; b < kBands; ++b) {
            const double below = lo > 0 ? cumulative[ring(lo - 1, kRing)][static_cast<size_t>(b)] : 0.0;
            const double mean = (top[static_cast<size_t>(b)] - below) / static_cast<double>(hi - lo + 1);
            out.values[static_cast<size_t>(b)] = static_cast<float>(levels[static_cast<size_t>(b)] - mean);
        }
        const auto& peaks = peakValues[ring(frame, kRing)];
        std::copy(peaks.begin(), peaks.end(), out.values.begin() + kBands);
        out.levelDb = levelDb[ring(frame, kRing)];
        return out;
    }

    // Runs the three stages as far as the data allows.
    void advance(std::vector<Frame>& out)
    {
        decimate();
        const int64_t knownFrames = finished ? totalFrames : std::numeric_limits<int64_t>::max();
        auto drain = [&] {
            const bool allAnalysed = rawFrames == knownFrames;
            // Stage 2 for each frame whose later neighbour now exists, stage 3 once the band
            // average's look-ahead is in.
            while (peakFrames < rawFrames && (peakFrames + kPeakLag < rawFrames || allAnalysed)) {
                peakFeatures(peakFrames, rawFrames - 1);
                ++peakFrames;
            }
            while (doneFrames < peakFrames && (doneFrames + kLookAheadFrames < rawFrames || allAnalysed)) {
                out.push_back(finalFrame(doneFrames, rawFrames - 1));
                ++doneFrames;
            }
        };
        while (rawFrames < knownFrames && (finished || windowStart(rawFrames) + window <= analysisEnd)) {
            analyseFrame(rawFrames);
            ++rawFrames;
            drain();
        }
        drain();
        // Keep only the analysis samples from the next frame's window on.
        const int64_t keepFrom = std::min(analysisEnd, windowStart(rawFrames));
        if (keepFrom - analysisBase > kTrimAt) {
            analysis.erase(analysis.begin(), analysis.begin() + static_cast<std::ptrdiff_t>(keepFrom - analysisBase));
            analysisBase = keepFrom;
        }
    }
};

SpeechFeatures::SpeechFeatures(int sampleRate)
{
    if (sampleRate < 8000 || sampleRate > 192000)
        throw std::invalid_argument("SpeechFeatures: sample rate " + std::to_string(sampleRate) + " Hz is outside 8-192 kHz");
    state_ = std::make_unique<State>(sampleRate);
}

SpeechFeatures::~SpeechFeatures() = default;
SpeechFeatures::SpeechFeatures(SpeechFeatures&&) noexcept = default;
SpeechFeatures& SpeechFeatures::operator=(SpeechFeatures&&) noexcept = default;

void SpeechFeatures::process(std::span<const float> samples, std::vector<Frame>& out)
{
    if (state_->finished)
        throw std::logic_error("SpeechFeatures: process() after finish()");
    auto& input = state_->input;
    const size_t needed = input.size() + samples.size();
    if (needed > input.capacity())
        input.reserve(std::max(needed, 2 * input.capacity()));  // geometric: tiny blocks stay linear
    for (float s : samples)
        input.push_back(std::isfinite(s) ? s : 0.0f);
    state_->inputEnd += static_cast<int64_t>(samples.size());
    state_->advance(out);
}

void SpeechFeatures::finish(std::vector<Frame>& out)
{
    if (state_->finished)
        return;
    state_->finished = true;
    state_->totalFrames = frameCount(state_->inputEnd, state_->rate);
    state_->advance(out);
}

int SpeechFeatures::sampleRate() const { return state_->rate; }

int64_t SpeechFeatures::frameStart(int64_t frame, int sampleRate)
{
    return frame * sampleRate / 100;
}

int64_t SpeechFeatures::frameCount(int64_t samples, int sampleRate)
{
    return samples <= 0 ? 0 : (samples * 100 + sampleRate - 1) / sampleRate;
}

} // namespace cuesmith
