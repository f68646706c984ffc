#include "media/CueStretcher.h"

#include "media/AudioFileReader.h"

#include <rubberband/RubberBandStretcher.h>
#include <sndfile.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <memory>
#include <set>
#include <stdexcept>
#include <thread>

namespace cuesmith {

namespace {

using RubberBand::RubberBandStretcher;

// Frames per study()/process()/retrieve() call: what the rubberband command-line tool uses, and
// small enough that 16 channels of buffers stay well under a megabyte.
constexpr size_t kBlockFrames = 1024;

// How long the stretch loop waits for Rubber Band's worker threads (R2 with several CPUs) to hand
// over the tail before concluding that they never will.
constexpr auto kTailTimeout = std::chrono::seconds(60);

std::string shortNumber(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

std::string formatRatio(double ratio)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.6f", ratio);
    return text;
}

// The stems of the cue, read in lockstep into one set of planar channel buffers: stem 0's channels,
// then stem 1's, ...; the stretcher sees them as one multichannel signal.
class CueInput {
public:
    CueInput(const std::vector<std::filesystem::path>& stems, int expectedRate)
    {
        for (const auto& stem : stems)
            readers_.emplace_back(stem);
        const AudioFileReader& first = readers_.front();
        rate_ = expectedRate > 0 ? expectedRate : first.sampleRate();
        exactFrames_ = true;
        for (const AudioFileReader& reader : readers_) {
            if (reader.sampleRate() != rate_)
                throw std::runtime_error(reader.path().string() + ": " + std::to_string(reader.sampleRate())
                                         + " Hz, but the cue is at " + std::to_string(rate_)
                                         + " Hz; all stems of a cue must share one sample rate");
            if (reader.channels() <= 0)
                throw std::runtime_error(reader.path().string() + ": has no audio channels");
            if (reader.framesAreExact() && first.framesAreExact() && reader.frames() != first.frames())
                throw std::runtime_error(reader.path().string() + ": " + std::to_string(reader.frames())
                                         + " frames, but " + first.path().string() + " has "
                                         + std::to_string(first.frames())
                                         + "; all stems of a cue must have the same length");
            exactFrames_ = exactFrames_ && reader.framesAreExact();
            firstChannel_.push_back(channels_);
            channels_ += reader.channels();
        }
        frames_ = first.frames();
        interleaved_.resize(kBlockFrames * static_cast<size_t>(maxStemChannels()));
        planar_.assign(static_cast<size_t>(channels_), std::vector<float>(kBlockFrames));
        for (auto& channel : planar_)
            pointers_.push_back(channel.data());
    }

    // Opens the stems again from their first frame (the stretch pass after the study pass).
    void rewind()
    {
        for (AudioFileReader& reader : readers_)
            reader = AudioFileReader(std::filesystem::path(reader.path()));
    }

    // Reads the next block of up to maxFrames (<= kBlockFrames) frames of every stem into the
    // planar buffers; returns the frame count, the same for every stem or an error naming the one
    // that ends early or late.
    size_t read(size_t maxFrames)
    {
        size_t count = 0;
        for (size_t s = 0; s < readers_.size(); ++s) {
            AudioFileReader& reader = readers_[s];
            const auto channels = static_cast<size_t>(reader.channels());
            const size_t n = reader.read(interleaved_.data(), maxFrames);
            if (s == 0)
                count = n;
            else if (n != count)
                throw std::runtime_error(reader.path().string() + ": "
                                         + (n < count ? "ends before " : "runs on after ")
                                         + readers_.front().path().string()
                                         + "; all stems of a cue must have the same length");
            float* const* out = pointers_.data() + firstChannel_[s];
            for (size_t i = 0; i < n; ++i)
                for (size_t c = 0; c < channels; ++c)
                    out[c][i] = interleaved_[i * channels + c];
        }
        return count;
    }

    const float* const* channelPointers() const { return pointers_.data(); }
    int rate() const { return rate_; }
    int channels() const { return channels_; }
    bool exactFrames() const { return exactFrames_; }
    int64_t frames() const { return frames_; }  // exact only when exactFrames()
    int stemChannels(size_t stem) const { return readers_[stem].channels(); }
    const std::filesystem::path& firstPath() const { return readers_.front().path(); }

private:
    int maxStemChannels() const
    {
        int most = 0;
        for (const AudioFileReader& reader : readers_)
            most = std::max(most, reader.channels());
        return most;
    }

    std::vector<AudioFileReader> readers_;
    std::vector<int> firstChannel_;
    int rate_ = 0;
    int channels_ = 0;
    bool exactFrames_ = false;
    int64_t frames_ = 0;
    std::vector<float> interleaved_;
    std::vector<std::vector<float>> planar_;
    std::vector<float*> pointers_;
};

// One stretched stem on its way to disk: a 32-bit float WAV (RF64 past 4 GB) under a temporary
// name, removed again unless commit() renames it into place.
class StretchedStemFile {
public:
    StretchedStemFile(std::filesystem::path finalPath, int rate, int channels, int64_t frames)
        : finalPath_(std::move(finalPath)), channels_(channels)
    {
        temporaryPath_ = finalPath_;
        temporaryPath_ += ".partial-" + std::to_string(::getpid());
        const auto dataBytes = static_cast<uint64_t>(frames) * static_cast<uint64_t>(channels) * sizeof(float);
        const bool rf64 = dataBytes > 0xffffffffull - 4096;  // RIFF sizes are 32-bit; leave room for the header
        SF_INFO info{};
        info.samplerate = rate;
        info.channels = channels;
        info.format = (rf64 ? SF_FORMAT_RF64 : SF_FORMAT_WAV) | SF_FORMAT_FLOAT;
        handle_ = sf_open(temporaryPath_.c_str(), SFM_WRITE, &info);
        if (handle_ == nullptr)
            throw std::runtime_error(finalPath_.string() + ": cannot create (" + sf_strerror(nullptr) + ")");
        sf_command(handle_, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);
    }

    ~StretchedStemFile()
    {
        if (handle_ != nullptr)
            sf_close(handle_);
        if (!committed_) {
            std::error_code ec;
            std::filesystem::remove(temporaryPath_, ec);
        }
    }

    StretchedStemFile(const StretchedStemFile&) = delete;
    StretchedStemFile& operator=(const StretchedStemFile&) = delete;

    int channels() const { return channels_; }

    void write(const float* interleaved, int64_t frames)
    {
        if (sf_writef_float(handle_, interleaved, frames) != frames)
            throw std::runtime_error(finalPath_.string() + ": cannot write (" + sf_strerror(handle_)
                                     + "; is the disk full?)");
    }

    void close()
    {
        const int error = sf_close(handle_);
        handle_ = nullptr;
        if (error != 0)
            throw std::runtime_error(finalPath_.string() + ": cannot finish writing (is the disk full?)");
    }

    void commit()
    {
        std::error_code ec;
        std::filesystem::rename(temporaryPath_, finalPath_, ec);
        if (ec)
            throw std::runtime_error(finalPath_.string() + ": cannot rename the finished file into place ("
                                     + ec.message() + ")");
        committed_ = true;
    }

    // Removes the renamed file again (another stem of the cue could not be completed).
    void withdraw()
    {
        if (!committed_)
            return;
        std::error_code ec;
        std::filesystem::remove(finalPath_, ec);
        committed_ = false;
    }

private:
    std::filesystem::path finalPath_;
    std::filesystem::path temporaryPath_;
    int channels_ = 0;
    SNDFILE* handle_ = nullptr;
    bool committed_ = false;
};

// Hands the stretcher's planar output to the stem files, keeping exactly `target` frames: Rubber
// Band's offline mode should deliver that many already, but a trim or a zero pad makes it certain.
class StretchedCueOutput {
public:
    StretchedCueOutput(std::vector<std::unique_ptr<StretchedStemFile>>& files, int channels, int64_t target)
        : files_(files), target_(target)
    {
        int most = 0;
        for (const auto& file : files_)
            most = std::max(most, file->channels());
        interleaved_.resize(kBlockFrames * static_cast<size_t>(most));
        planar_.assign(static_cast<size_t>(channels), std::vector<float>(kBlockFrames));
        for (auto& channel : planar_)
            pointers_.push_back(channel.data());
    }

    // Retrieves what the stretcher has ready. With waitForEnd, keeps going until it reports that
    // everything has been handed over (its worker threads may still be busy after the last process()).
    void drain(RubberBandStretcher& stretcher, bool waitForEnd)
    {
        auto lastProgress = std::chrono::steady_clock::now();
        for (;;) {
            const int available = stretcher.available();
            if (available < 0)
                return;
            if (available == 0) {
                if (!waitForEnd)
                    return;
                if (std::chrono::steady_clock::now() - lastProgress > kTailTimeout)
                    throw std::runtime_error("Rubber Band stopped delivering output after "
                                             + std::to_string(delivered_) + " frames");
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
                continue;
            }
            const size_t got =
                stretcher.retrieve(pointers_.data(), std::min(static_cast<size_t>(available), kBlockFrames));
            delivered_ += static_cast<int64_t>(got);
            write(got);
            lastProgress = std::chrono::steady_clock::now();
        }
    }

    // Pads the tail with silence up to the target length.
    void finish()
    {
        for (auto& channel : planar_)
            std::fill(channel.begin(), channel.end(), 0.0f);
        while (written_ < target_)
            write(static_cast<size_t>(std::min<int64_t>(target_ - written_, static_cast<int64_t>(kBlockFrames))));
    }

    int64_t delivered() const { return delivered_; }

private:
    void write(size_t frames)
    {
        const auto n = static_cast<size_t>(std::min<int64_t>(static_cast<int64_t>(frames), target_ - written_));
        if (n == 0)
            return;
        size_t channel = 0;
        for (const auto& file : files_) {
            const auto channels = static_cast<size_t>(file->channels());
            for (size_t i = 0; i < n; ++i)
                for (size_t c = 0; c < channels; ++c)
                    interleaved_[i * channels + c] = planar_[channel + c][i];
            file->write(interleaved_.data(), static_cast<int64_t>(n));
            channel += channels;
        }
        written_ += static_cast<int64_t>(n);
    }

    std::vector<std::unique_ptr<StretchedStemFile>>& files_;
    int64_t target_ = 0;
    int64_t written_ = 0;
    int64_t delivered_ = 0;
    std::vector<float> interleaved_;
    std::vector<std::vector<float>> planar_;
    std::vector<float*> pointers_;
};

RubberBandStretcher::Options stretcherOptions(StretchRequest::Quality quality)
{
    // The rubberband tool's defaults (crisp transients, compound detector, laminar phase, standard
    // window, automatic threading: one worker per channel for R2 when several CPUs are present),
    // so a render sounds and costs the same as the tool's.
    RubberBandStretcher::Options options =
        RubberBandStretcher::OptionProcessOffline | RubberBandStretcher::OptionThreadingAuto;
    options |= quality == StretchRequest::Quality::Render ? RubberBandStretcher::OptionEngineFiner
                                                          : RubberBandStretcher::OptionEngineFaster;
    return options;
}

} // namespace

std::string stretchedStemFileName(const std::filesystem::path& stem, double timeRatio, StretchRequest::Quality quality)
{
    return stem.stem().string() + ".stretch-" + formatRatio(timeRatio) + "-"
           + (quality == StretchRequest::Quality::Render ? "r3" : "r2") + ".wav";
}

StretchResult stretchCue(const StretchRequest& request)
{
    const double ratio = request.timeRatio;
    if (!(ratio > kMinStretchRatio && ratio < kMaxStretchRatio))
        throw std::runtime_error("time ratio " + shortNumber(ratio) + " is outside the stretchable range ("
                                 + shortNumber(kMinStretchRatio) + ", " + shortNumber(kMaxStretchRatio) + ")");
    if (request.stems.empty())
        throw std::runtime_error("no stems to stretch");

    StretchResult result;
    std::set<std::string> names;
    for (const auto& stem : request.stems) {
        const std::string name = stretchedStemFileName(stem, ratio, request.quality);
        if (!names.insert(name).second)
            throw std::runtime_error(stem.string() + ": another stem of the cue has the same file name");
        result.stretchedStems.push_back(request.outputFolder / name);
    }

    CueInput input(request.stems, request.sampleRate);
    RubberBandStretcher stretcher(static_cast<size_t>(input.rate()), static_cast<size_t>(input.channels()),
                                  stretcherOptions(request.quality), ratio, 1.0);
    stretcher.setMaxProcessSize(kBlockFrames);
    if (input.exactFrames())
        stretcher.setExpectedInputDuration(static_cast<size_t>(input.frames()));

    // Pass 1: the stretcher studies the whole cue (R2 lays out its stretch around the transients it
    // finds; both engines learn the exact length, which is what makes the output length exact).
    int64_t inputFrames = 0;
    for (bool final = false; !final;) {
        const size_t n = input.read(kBlockFrames);
        inputFrames += static_cast<int64_t>(n);
        final = n < kBlockFrames || (input.exactFrames() && inputFrames >= input.frames());
        stretcher.study(input.channelPointers(), n, final);
    }
    if (inputFrames == 0)
        throw std::runtime_error(input.firstPath().string() + ": no audio to stretch");
    if (!input.exactFrames())
        stretcher.setExpectedInputDuration(static_cast<size_t>(inputFrames));

    result.inputFrames = inputFrames;
    result.outputFrames = std::llround(static_cast<double>(inputFrames) * ratio);

    std::error_code ec;
    std::filesystem::create_directories(request.outputFolder, ec);
    if (ec)
        throw std::runtime_error(request.outputFolder.string() + ": cannot create the output folder ("
                                 + ec.message() + ")");

    std::vector<std::unique_ptr<StretchedStemFile>> files;
    for (size_t s = 0; s < request.stems.size(); ++s) {
        files.push_back(std::make_unique<StretchedStemFile>(result.stretchedStems[s], input.rate(),
                                                            input.stemChannels(s), result.outputFrames));
    }

    // Pass 2: stretch block by block, handing over output as soon as it is ready.
    input.rewind();
    StretchedCueOutput output(files, input.channels(), result.outputFrames);
    for (int64_t processed = 0; processed < inputFrames;) {
        const size_t want = static_cast<size_t>(std::min<int64_t>(inputFrames - processed, kBlockFrames));
        const size_t n = input.read(want);
        if (n != want)
            throw std::runtime_error(input.firstPath().string() + ": changed while it was being stretched");
        processed += static_cast<int64_t>(n);
        stretcher.process(input.channelPointers(), n, processed == inputFrames);
        output.drain(stretcher, false);
    }
    output.drain(stretcher, true);
    output.finish();
    result.stretcherFrames = output.delivered();

    for (auto& file : files)
        file->close();
    // All stems or none: a stem that cannot be renamed into place takes the others back out.
    try {
        for (auto& file : files)
            file->commit();
    } catch (...) {
        for (auto& file : files)
            file->withdraw();
        throw;
    }
    return result;
}

} // namespace cuesmith
