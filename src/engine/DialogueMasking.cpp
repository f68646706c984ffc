#include "DialogueMasking.h"

#include "BusMixer.h"
#include "FileStemSource.h"
#include "core/DuckCurve.h"
#include "media/AudioFileReader.h"

#include <algorithm>
#include <aubio/aubio.h>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <thread>

namespace cuesmith {

namespace {

constexpr int kFftSize = 4096;
constexpr double kTargetMarginDb = 15.0;  // dialogue this far above the music: intelligibility saturates

int64_t floorDiv(int64_t a, int64_t b)
{
    return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

// Third-octave bands (centres 1000 * 2^(k/3)) whose centres lie in [lowHz, highHz], as FFT bin ranges.
std::vector<std::pair<int, int>> thirdOctaveBins(double lowHz, double highHz, double sampleRate)
{
    std::vector<std::pair<int, int>> bands;
    for (int k = -30; k <= 30; ++k) {
        const double centre = 1000.0 * std::pow(2.0, k / 3.0);
        if (centre < lowHz * 0.999 || centre > highHz * 1.001)
            continue;
        const double binHz = sampleRate / kFftSize;
        const int lo = std::max(1, static_cast<int>(std::floor(centre * std::pow(2.0, -1.0 / 6.0) / binHz)));
        const int hi = std::min(kFftSize / 2, static_cast<int>(std::ceil(centre * std::pow(2.0, 1.0 / 6.0) / binHz)));
        if (hi > lo)
            bands.emplace_back(lo, hi);
    }
    return bands;
}

// Band energies of a mono signal, Hann-windowed frames with half overlap, summed.
class BandEnergy {
public:
    BandEnergy(std::vector<std::pair<int, int>> bands)
        : bands_(std::move(bands)), fft_(new_aubio_fft(kFftSize)), in_(new_fvec(kFftSize)),
          spectrum_(new_fvec(kFftSize)), window_(kFftSize)
    {
        if (fft_ == nullptr)
            throw std::runtime_error("aubio cannot make a " + std::to_string(kFftSize) + "-point FFT");
        for (int i = 0; i < kFftSize; ++i)
            window_[static_cast<size_t>(i)] = static_cast<float>(0.5 - 0.5 * std::cos(2.0 * M_PI * i / kFftSize));
    }
    ~BandEnergy()
    {
        del_aubio_fft(fft_);
        del_fvec(in_);
        del_fvec(spectrum_);
    }
    BandEnergy(const BandEnergy&) = delete;
    BandEnergy& operator=(const BandEnergy&) = delete;

    // Adds the band energies of signal (any length ≥ 0, its first sample at timeline `start`) into
    // `energy`, and each frame's also into the slice its centre falls in (`into` names the member,
    // music or dialogue; slices are made as needed, kept sorted). Frames start every half frame
    // while more than half a frame is left; the last runs past the end into zeros, so a region
    // shorter than a frame (85 ms) and the tail of a longer one count too.
    void add(const std::vector<float>& signal, int64_t start, int64_t sliceSamples, std::vector<double>& energy,
             std::vector<MaskingSlice>& slices, std::vector<double> MaskingSlice::*into)
    {
        energy.resize(bands_.size(), 0.0);
        constexpr size_t kHop = kFftSize / 2;
        size_t slice = 0;
        for (size_t from = 0; from < signal.size() && (from == 0 || from + kHop < signal.size()); from += kHop) {
            const size_t n = std::min<size_t>(kFftSize, signal.size() - from);
            for (size_t i = 0; i < static_cast<size_t>(kFftSize); ++i)
                in_->data[i] = i < n ? signal[from + i] * window_[i] : 0.0f;
            // The frame's centre, inside the signal (the last frame's may lie in its zero padding).
            const int64_t centre = start + static_cast<int64_t>(std::min(from + kFftSize / 2, signal.size() - 1));
            const int64_t sliceStart = floorDiv(centre, sliceSamples) * sliceSamples;
            while (slice < slices.size() && slices[slice].start < sliceStart)
                ++slice;
            if (slice == slices.size() || slices[slice].start != sliceStart)
                slices.insert(slices.begin() + static_cast<std::ptrdiff_t>(slice), MaskingSlice{sliceStart, {}, {}});
            std::vector<double>& part = slices[slice].*into;
            part.resize(bands_.size(), 0.0);
            // The complex spectrum, not aubio_fft_do: that also takes every bin's phase (an
            // atan2 each), a tenth of a dialogue render's time, for nothing. Layout: real parts
            // 0 .. N/2, then imaginary parts N/2-1 .. 1.
            aubio_fft_do_complex(fft_, in_, spectrum_);
            const float* c = spectrum_->data;
            for (size_t b = 0; b < bands_.size(); ++b)
                for (int k = bands_[b].first; k < bands_[b].second; ++k) {
                    const double re = c[k], im = k < kFftSize / 2 ? c[kFftSize - k] : 0.0;
                    energy[b] += re * re + im * im;
                    part[b] += re * re + im * im;
                }
        }
    }

private:
    std::vector<std::pair<int, int>> bands_;
    aubio_fft_t* fft_;
    fvec_t* in_;
    fvec_t* spectrum_;
    std::vector<float> window_;
};

// The music of [start, end) as mono: the sum of the front channels of the undipped mix. Buffers
// are the caller's, reused from phrase to phrase: fresh large vectors per phrase meant page
// faults and mmap/munmap in both measuring threads, which then mostly waited on each other.
void musicOf(BusMixer& mixer, int channels, int64_t start, int64_t end, std::vector<float>& mono)
{
    mono.clear();
    mono.reserve(static_cast<size_t>(end - start));
    constexpr int kBlock = 8192;
    const int fronts = std::min(channels, 3);
    for (int64_t t = start; t < end; t += kBlock) {
        const int n = static_cast<int>(std::min<int64_t>(kBlock, end - t));
        mixer.process(t, n);
        const float* mix = mixer.mixOutput();
        for (int i = 0; i < n; ++i) {
            float v = 0.0f;
            for (int c = 0; c < fronts; ++c)
                v += mix[i * channels + c];
            mono.push_back(v);
        }
    }
}

// The dialogue of [start, end) as mono at the session rate: every source's dialogue channel summed.
void dialogueOf(const Session& session, std::vector<std::unique_ptr<AudioFileReader>>& readers, int64_t start,
                int64_t end, std::vector<float>& mono, std::vector<float>& block)
{
    mono.assign(static_cast<size_t>(end - start), 0.0f);
    for (size_t s = 0; s < session.dialogue.size(); ++s) {
        const DialogueSource& source = session.dialogue[s];
        AudioFileReader& reader = *readers[s];
        const int64_t from = std::max(start, source.startSample);
        const int64_t to = std::min(end, source.startSample + reader.frames());
        if (to <= from)
            continue;
        reader.seek(from - source.startSample);
        block.resize(static_cast<size_t>((to - from) * reader.channels()));
        const size_t got = reader.read(block.data(), static_cast<size_t>(to - from));
        for (size_t i = 0; i < got; ++i) {
            const float v = block[i * static_cast<size_t>(reader.channels()) + static_cast<size_t>(source.channel)];
            mono[static_cast<size_t>(from - start) + i] += std::isfinite(v) ? v : 0.0f;
        }
    }
}

// The cut that brings the music kTargetMarginDb under the dialogue in each band, averaged with the
// dialogue's energy share per band as the weight.
double neededCut(const std::vector<double>& music, const std::vector<double>& dialogue)
{
    double total = 0.0, needed = 0.0;
    for (double d : dialogue)
        total += d;
    if (total > 0.0)
        for (size_t b = 0; b < dialogue.size() && b < music.size(); ++b) {
            if (dialogue[b] <= 0.0 || music[b] <= 0.0)
                continue;
            const double margin = 10.0 * std::log10(music[b] / dialogue[b]) + kTargetMarginDb;
            needed += dialogue[b] / total * std::max(0.0, margin);
        }
    return needed;
}

void addEnergies(std::vector<double>& sum, const std::vector<double>& part)
{
    sum.resize(std::max(sum.size(), part.size()), 0.0);
    for (size_t b = 0; b < part.size(); ++b)
        sum[b] += part[b];
}

// Adds `more`'s slices into `into`, both sorted by start: a slice both have (a phrase ending in the
// slice where the next begins) sums its energies.
void addSlices(std::vector<MaskingSlice>& into, const std::vector<MaskingSlice>& more)
{
    std::vector<MaskingSlice> merged;
    merged.reserve(into.size() + more.size());
    size_t a = 0, b = 0;
    while (a < into.size() || b < more.size()) {
        if (b == more.size() || (a < into.size() && into[a].start < more[b].start)) {
            merged.push_back(std::move(into[a++]));
        } else if (a == into.size() || more[b].start < into[a].start) {
            merged.push_back(more[b++]);
        } else {
            merged.push_back(std::move(into[a++]));
            addEnergies(merged.back().musicEnergy, more[b].musicEnergy);
            addEnergies(merged.back().dialogueEnergy, more[b++].dialogueEnergy);
        }
    }
    into = std::move(merged);
}

double total(const std::vector<double>& energies)
{
    double sum = 0.0;
    for (double e : energies)
        sum += e;
    return sum;
}

} // namespace

int64_t maskingSliceSamples(int64_t sampleRate)
{
    return std::max<int64_t>(1, std::llround(kMaskingSliceSeconds * static_cast<double>(sampleRate)));
}

int64_t maskingWindowSamples(int64_t sampleRate)
{
    return std::max<int64_t>(1, std::llround(kMaskingWindowSeconds * static_cast<double>(sampleRate)));
}

std::vector<WindowMasking> maskingWindows(const PhraseMasking& masking, int64_t sampleRate)
{
    const SpeechRegion& phrase = masking.phrase;
    const int64_t length = phrase.length();
    const int64_t count = length > 0 ? length / maskingWindowSamples(sampleRate) : 0;
    if (count < 2 || masking.slices.empty())
        return {{phrase.start, phrase.end, masking.neededCutDb, total(masking.dialogueEnergy) > 0.0}};

    // Equal windows end to end; a slice counts in the window its middle falls in (the first and
    // last slices may start before the phrase or end after it: they go to the nearest window).
    std::vector<std::vector<double>> music(static_cast<size_t>(count)), dialogue(static_cast<size_t>(count));
    const int64_t half = maskingSliceSamples(sampleRate) / 2;
    for (const auto& slice : masking.slices) {
        const int64_t into = std::clamp<int64_t>((slice.start + half - phrase.start) * count / length, 0, count - 1);
        addEnergies(music[static_cast<size_t>(into)], slice.musicEnergy);
        addEnergies(dialogue[static_cast<size_t>(into)], slice.dialogueEnergy);
    }
    std::vector<WindowMasking> windows;
    for (int64_t k = 0; k < count; ++k) {
        const auto w = static_cast<size_t>(k);
        windows.push_back({phrase.start + length * k / count, phrase.start + length * (k + 1) / count,
                           neededCut(music[w], dialogue[w]), total(dialogue[w]) > 0.0});
    }
    return windows;
}

std::vector<PhraseMasking> measureDialogueMasking(const Session& session, double lowHz, double highHz, double holdMs,
                                                  unsigned threadCount)
{
    const auto phrases = speechPhrases(session.speech(),
                                       static_cast<int64_t>(std::llround(holdMs * static_cast<double>(session.sampleRate) / 1000.0)));
    if (phrases.empty() || session.dialogue.empty())
        return {};
    const RenderPlan plan = compileRenderPlan(session, ChannelLayout::Surround51, false);
    const auto bins = thirdOctaveBins(lowHz, highHz, static_cast<double>(session.sampleRate));
    const int64_t sliceSamples = maskingSliceSamples(session.sampleRate);

    // Phrases are independent (the undipped mix has no filter state and its gains follow the
    // timeline), so contiguous runs of them are measured on separate threads, each with its own
    // readers and mixer; the result does not depend on how they are split.
    std::vector<PhraseMasking> out(phrases.size());
    auto measureRun = [&](size_t first, size_t last) {
        std::vector<std::unique_ptr<FileStemSource>> sources;
        std::vector<StemSource*> pointers;
        for (const auto& stem : plan.stems) {
            sources.push_back(std::make_unique<FileStemSource>(stem.path, plan.sampleRate));
            pointers.push_back(sources.back().get());
        }
        BusMixer mixer;
        mixer.prepare(plan, pointers, 8192);
        std::vector<std::unique_ptr<AudioFileReader>> readers;
        for (const auto& d : session.dialogue)
            readers.push_back(std::make_unique<AudioFileReader>(
                d.path, d.ffmpegStream >= 0 ? std::optional<int>(d.ffmpegStream) : std::nullopt,
                static_cast<int>(session.sampleRate)));
        BandEnergy bands(bins);
        std::vector<float> musicSignal, dialogueSignal, dialogueBlock;
        for (size_t p = first; p < last; ++p) {
            const SpeechRegion& phrase = phrases[p];
            std::vector<double> music, dialogue;
            std::vector<MaskingSlice> slices;
            musicOf(mixer, mixer.outputChannels(), phrase.start, phrase.end, musicSignal);
            dialogueOf(session, readers, phrase.start, phrase.end, dialogueSignal, dialogueBlock);
            // The same frames, slice by slice, from the same pass: windows cost no second read.
            bands.add(musicSignal, phrase.start, sliceSamples, music, slices, &MaskingSlice::musicEnergy);
            bands.add(dialogueSignal, phrase.start, sliceSamples, dialogue, slices, &MaskingSlice::dialogueEnergy);
            const double needed = neededCut(music, dialogue);
            out[p] = {phrase, needed, std::move(music), std::move(dialogue), std::move(slices)};
        }
    };

    // Split by phrase length so each thread reads about as much audio.
    const size_t threads = std::clamp<size_t>(threadCount > 0 ? threadCount : std::thread::hardware_concurrency(), 1, 4);
    int64_t totalLength = 0;
    for (const auto& p : phrases)
        totalLength += p.length();
    std::vector<size_t> bounds{0};
    int64_t sum = 0;
    for (size_t p = 0; p < phrases.size(); ++p) {
        sum += phrases[p].length();
        if (bounds.size() < threads && sum * static_cast<int64_t>(threads) >= totalLength * static_cast<int64_t>(bounds.size()))
            bounds.push_back(p + 1);
    }
    if (bounds.back() != phrases.size())
        bounds.push_back(phrases.size());
    std::vector<std::thread> workers;
    std::vector<std::exception_ptr> failures(bounds.size());
    for (size_t r = 0; r + 1 < bounds.size(); ++r)
        workers.emplace_back([&, r] {
            try {
                measureRun(bounds[r], bounds[r + 1]);
            } catch (...) {
                failures[r] = std::current_exception();
            }
        });
    for (auto& w : workers)
        w.join();
    for (const auto& f : failures)
        if (f)
            std::rethrow_exception(f);
    return out;
}

std::vector<PhraseMasking> maskingAtHold(const std::vector<PhraseMasking>& measured, int64_t holdSamples)
{
    std::vector<PhraseMasking> sorted = measured;
    std::sort(sorted.begin(), sorted.end(),
              [](const PhraseMasking& a, const PhraseMasking& b) { return a.phrase.start < b.phrase.start; });
    std::vector<PhraseMasking> joined;
    for (auto& m : sorted) {
        if (joined.empty() || m.phrase.start - joined.back().phrase.end >= holdSamples) {
            joined.push_back(std::move(m));
            continue;
        }
        PhraseMasking& p = joined.back();
        // As speechPhrases joins regions: confidence weighted by length, the end the later one.
        const double wa = static_cast<double>(p.phrase.length()), wb = static_cast<double>(m.phrase.length());
        if (wa + wb > 0.0)
            p.phrase.confidence = static_cast<float>((p.phrase.confidence * wa + m.phrase.confidence * wb) / (wa + wb));
        p.phrase.end = std::max(p.phrase.end, m.phrase.end);
        addEnergies(p.musicEnergy, m.musicEnergy);
        addEnergies(p.dialogueEnergy, m.dialogueEnergy);
        addSlices(p.slices, m.slices);
    }
    // From the energies (summed where joined), so a phrase gets the same cut however it was made.
    for (auto& p : joined)
        if (!p.dialogueEnergy.empty())
            p.neededCutDb = neededCut(p.musicEnergy, p.dialogueEnergy);
    return joined;
}

void applyDialogueEq(RenderPlan& plan, const Session& session, const std::vector<PhraseMasking>& measured)
{
    for (auto& planBus : plan.buses) {
        const auto bus = std::find_if(session.buses.begin(), session.buses.end(),
                                      [&](const StemBus& b) { return b.name == planBus.name; });
        if (bus == session.buses.end() || !bus->eq.enabled)
            continue;
        const DuckSettings duck = clamped(bus->duck);
        // The phrases of this bus's own duck: its cut stays down through the pauses its duck holds.
        const auto masking = maskingAtHold(
            measured, static_cast<int64_t>(std::llround(duck.holdMs * static_cast<double>(session.sampleRate) / 1000.0)));
        // A printed duck still takes its share: it plays from the volume lane now.
        const double ducked = duck.enabled || duck.printed ? -duck.depthDb : 0.0;
        const double limit = -std::clamp(std::isnan(bus->eq.maxDepthDb) ? -8.0 : bus->eq.maxDepthDb, -24.0, 0.0);
        auto depthFor = [&](double neededCutDb) { return -std::clamp(neededCutDb - ducked, 0.0, limit); };
        std::vector<std::vector<DepthWindow>> phrases;
        for (const auto& m : masking) {
            const auto windows = maskingWindows(m, session.sampleRate);
            std::vector<DepthWindow> depths;
            if (windows.size() == 1) {
                depths.push_back({m.phrase.start, m.phrase.end, depthFor(m.neededCutDb)});
            } else {
                // Each window as deep as its music needs, none shallower than the floor (so the
                // cut holds through the phrase, as the duck does) unless no window needs that much.
                double deepest = 0.0;
                for (const auto& w : windows)
                    if (w.hasDialogue)
                        deepest = std::min(deepest, depthFor(w.neededCutDb));
                const double shallowest = std::max(deepest, -kPhraseFloorDb);
                for (const auto& w : windows)
                    depths.push_back({w.start, w.end, w.hasDialogue ? std::min(depthFor(w.neededCutDb), shallowest) : shallowest});
            }
            phrases.push_back(std::move(depths));
        }
        planBus.eq = bus->eq;
        planBus.eqDepth = windowedPhraseCurve(phrases, duck, session.sampleRate);
    }
}

} // namespace cuesmith
