#include "AudioFileReader.h"

#include "dsp/Pcm24.h"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <numeric>
#include <sndfile.h>
#include <soxr.h>
#include <stdexcept>
#include <string>
#include <vector>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
#include <libavutil/channel_layout.h>
#include <libswresample/swresample.h>
}

namespace cuesmith {

namespace {

std::runtime_error fileError(const std::filesystem::path& path, const std::string& reason)
{
    return std::runtime_error(path.string() + ": " + reason);
}

std::string averror(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

// frames × to / from, rounded to the nearest frame, without overflow for any real length.
int64_t convertFrames(int64_t frames, int64_t from, int64_t to)
{
    return static_cast<int64_t>((static_cast<__int128>(frames) * to * 2 + from) / (static_cast<__int128>(from) * 2));
}

} // namespace

namespace detail {

// A file's audio at its own rate: the part of the reader that knows a library.
class AudioDecoder {
public:
    virtual ~AudioDecoder() = default;
    virtual size_t read(float* interleaved, size_t maxFrames) = 0;
    virtual void seek(int64_t frame) = 0;
    // The frame the next read() delivers; once read() has returned 0, the true length.
    virtual int64_t position() const = 0;

    int sampleRate = 0;
    int channels = 0;
    int64_t frames = 0;
    bool framesAreExact = true;
    std::string_view name;
};

} // namespace detail

namespace {

using detail::AudioDecoder;

// ---------------------------------------------------------------------------------------------
// libsndfile

// Formats libsndfile reads sample-exactly and seeks precisely. Its MP3 support (mpg123) and the
// rest are left to FFmpeg, which also knows the encoder delay of MP3 and AAC.
bool sndfileReadsWell(int format)
{
    switch (format & SF_FORMAT_TYPEMASK) {
    case SF_FORMAT_WAV:
    case SF_FORMAT_WAVEX:
    case SF_FORMAT_RF64:
    case SF_FORMAT_W64:
    case SF_FORMAT_AIFF:
    case SF_FORMAT_CAF:
    case SF_FORMAT_FLAC:
    case SF_FORMAT_OGG:
        return true;
    default:
        return false;
    }
}

class SndfileDecoder final : public AudioDecoder {
public:
    // Null when libsndfile cannot open the file or should leave it to FFmpeg; `why` says why.
    static std::unique_ptr<SndfileDecoder> open(const std::filesystem::path& path, std::string& why)
    {
        SF_INFO info{};
        SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
        if (file == nullptr) {
            why = sf_strerror(nullptr);
            while (!why.empty() && (why.back() == '.' || why.back() == ' '))
                why.pop_back();
            return nullptr;
        }
        if (!sndfileReadsWell(info.format) || info.samplerate <= 0 || info.channels <= 0) {
            why = "left to FFmpeg";
            sf_close(file);
            return nullptr;
        }
        return std::unique_ptr<SndfileDecoder>(new SndfileDecoder(path, file, info));
    }

    ~SndfileDecoder() override { sf_close(file_); }

    size_t read(float* interleaved, size_t maxFrames) override
    {
        size_t done = 0;
        while (done < maxFrames && position_ < frames) {
            const auto want =
                static_cast<sf_count_t>(std::min<int64_t>(static_cast<int64_t>(maxFrames - done), frames - position_));
            float* out = interleaved + done * static_cast<size_t>(channels);
            const sf_count_t got = rawPcm24_ ? readPcm24(out, want) : sf_readf_float(file_, out, want);
            if (got <= 0) {
                if (const int err = sf_error(file_); err != SF_ERR_NO_ERROR)
                    throw fileError(path_, std::string("cannot read: ") + sf_error_number(err));
                // Shorter than its header said (a truncated recording): that is its end.
                frames = position_;
                break;
            }
            done += static_cast<size_t>(got);
            position_ += got;
        }
        return done;
    }

    void seek(int64_t frame) override
    {
        if (frame >= frames) {
            position_ = frames;
            return;
        }
        if (sf_seek(file_, frame, SEEK_SET) < 0)
            throw fileError(path_, "cannot seek to frame " + std::to_string(frame));
        position_ = frame;
    }

    int64_t position() const override { return position_; }

private:
    SndfileDecoder(const std::filesystem::path& path, SNDFILE* file, const SF_INFO& info) : path_(path), file_(file)
    {
        sampleRate = info.samplerate;
        channels = info.channels;
        frames = info.frames;
        name = "libsndfile";
        rawPcm24_ = (info.format & SF_FORMAT_SUBMASK) == SF_FORMAT_PCM_24
                    && sf_command(file, SFC_RAW_DATA_NEEDS_ENDSWAP, nullptr, 0) == SF_FALSE;
    }

    // Little-endian 24-bit data (WAV, BWF, RF64, W64: every delivered stem) is read as bytes and
    // unpacked by dsp/Pcm24, which gives libsndfile's floats at a fifth of its cost. At most
    // kRawFrames per call, so the byte buffer stays small. Returns frames, 0 at the end.
    sf_count_t readPcm24(float* interleaved, sf_count_t frames)
    {
        const auto frameBytes = static_cast<sf_count_t>(channels) * 3;
        const sf_count_t want = std::min<sf_count_t>(frames, kRawFrames);
        if (raw_.size() < static_cast<size_t>(want * frameBytes))
            raw_.resize(static_cast<size_t>(want * frameBytes));
        const sf_count_t bytes = sf_read_raw(file_, raw_.data(), want * frameBytes);
        const sf_count_t got = bytes > 0 ? bytes / frameBytes : 0;
        pcm24ToFloat(raw_.data(), static_cast<size_t>(got * channels), interleaved);
        return got;
    }

    static constexpr sf_count_t kRawFrames = 8192;
    std::filesystem::path path_;
    SNDFILE* file_;
    int64_t position_ = 0;
    bool rawPcm24_ = false;
    std::vector<uint8_t> raw_;
};

// ---------------------------------------------------------------------------------------------
// FFmpeg

struct FormatCloser {
    void operator()(AVFormatContext* c) const { avformat_close_input(&c); }
};
struct CodecCloser {
    void operator()(AVCodecContext* c) const { avcodec_free_context(&c); }
};
struct SwrCloser {
    void operator()(SwrContext* c) const { swr_free(&c); }
};
struct PacketCloser {
    void operator()(AVPacket* p) const { av_packet_free(&p); }
};
struct FrameCloser {
    void operator()(AVFrame* f) const { av_frame_free(&f); }
};

class FfmpegDecoder final : public AudioDecoder {
public:
    FfmpegDecoder(const std::filesystem::path& path, std::optional<int> streamIndex)
        : path_(path), requestedStream_(streamIndex), packet_(av_packet_alloc()), frame_(av_frame_alloc())
    {
        if (!packet_ || !frame_)
            throw fileError(path_, "out of memory");
        name = "ffmpeg";
        openInput();
        sampleRate = decodedRate_;
        channels = decodedChannels_;
        estimateLength();
    }

    ~FfmpegDecoder() override { av_channel_layout_uninit(&swrLayout_); }

    size_t read(float* interleaved, size_t maxFrames) override
    {
        size_t done = 0;
        while (done < maxFrames) {
            if (fifoFrames() == 0) {
                if (!decodeNextFrame())
                    break;
                continue;
            }
            if (discard_ > 0) {
                const size_t n = std::min<size_t>(fifoFrames(), static_cast<size_t>(discard_));
                fifoStart_ += n;
                discard_ -= static_cast<int64_t>(n);
                position_ += static_cast<int64_t>(n);
                continue;
            }
            const size_t n = std::min(fifoFrames(), maxFrames - done);
            const auto ch = static_cast<size_t>(channels);
            std::memcpy(interleaved + done * ch, fifo_.data() + fifoStart_ * ch, n * ch * sizeof(float));
            fifoStart_ += n;
            done += n;
            position_ += static_cast<int64_t>(n);
        }
        return done;
    }

    void seek(int64_t frame) override
    {
        // Decoders need some audio before the target to settle (MP3's bit reservoir, AAC's
        // overlapping windows), so land a little early and decode up to the frame.
        const int64_t preroll = sampleRate / 10;
        if (startPts_ != AV_NOPTS_VALUE && frame > preroll && seekByTimestamp(frame, preroll))
            return;
        // From the start, counting: slow for a long way in, but exact for any stream.
        openInput();
        discard_ = frame;
    }

    int64_t position() const override { return position_; }

private:
    size_t fifoFrames() const { return fifoEnd_ - fifoStart_; }

    void openInput()
    {
        // FFmpeg's complaints about a damaged file would go to stderr; ours go in the exception.
        static std::once_flag quiet;
        std::call_once(quiet, [] { av_log_set_level(AV_LOG_QUIET); });
        codec_.reset();
        format_.reset();
        AVFormatContext* raw = nullptr;
        if (const int err = avformat_open_input(&raw, path_.c_str(), nullptr, nullptr); err < 0)
            throw fileError(path_, "cannot open (" + averror(err) + ")");
        format_.reset(raw);
        if (const int err = avformat_find_stream_info(format_.get(), nullptr); err < 0)
            throw fileError(path_, "cannot read its streams (" + averror(err) + ")");

        if (requestedStream_) {
            const int i = *requestedStream_;
            if (i < 0 || i >= static_cast<int>(format_->nb_streams))
                throw fileError(path_, "has no stream " + std::to_string(i) + " (it has "
                                           + std::to_string(format_->nb_streams) + ")");
            if (format_->streams[i]->codecpar->codec_type != AVMEDIA_TYPE_AUDIO)
                throw fileError(path_, "stream " + std::to_string(i) + " is not audio");
            stream_ = i;
        } else {
            stream_ = -1;
            for (unsigned i = 0; i < format_->nb_streams && stream_ < 0; ++i)
                if (format_->streams[i]->codecpar->codec_type == AVMEDIA_TYPE_AUDIO)
                    stream_ = static_cast<int>(i);
            if (stream_ < 0)
                throw fileError(path_, "has no audio stream");
        }
        // Other streams' packets would only be read and dropped.
        for (unsigned i = 0; i < format_->nb_streams; ++i)
            format_->streams[i]->discard = static_cast<int>(i) == stream_ ? AVDISCARD_DEFAULT : AVDISCARD_ALL;

        const AVStream* stream = format_->streams[stream_];
        const AVCodec* codec = avcodec_find_decoder(stream->codecpar->codec_id);
        if (codec == nullptr)
            throw fileError(path_, std::string("no decoder for its ") + avcodec_get_name(stream->codecpar->codec_id)
                                       + " audio");
        codec_.reset(avcodec_alloc_context3(codec));
        if (!codec_)
            throw fileError(path_, "out of memory");
        if (const int err = avcodec_parameters_to_context(codec_.get(), stream->codecpar); err < 0)
            throw fileError(path_, "cannot set up its decoder (" + averror(err) + ")");
        // Lets the decoder move timestamps past the samples it drops (encoder delay).
        codec_->pkt_timebase = stream->time_base;
        codec_->thread_count = 1;
        if (const int err = avcodec_open2(codec_.get(), codec, nullptr); err < 0)
            throw fileError(path_, "cannot open its decoder (" + averror(err) + ")");

        fifoStart_ = fifoEnd_ = 0;
        position_ = 0;
        discard_ = 0;
        demuxEnded_ = false;
        // Decoding the first frame proves the stream is audio we can read, and gives the true
        // rate, channels and the timestamp that frame 0 has.
        if (!decodeNextFrame())
            throw fileError(path_, "has no decodable audio");
        if (startPts_ == AV_NOPTS_VALUE)
            startPts_ = framePts_;
    }

    void estimateLength()
    {
        const AVStream* stream = format_->streams[stream_];
        framesAreExact = false;
        if (stream->duration > 0 && stream->duration != AV_NOPTS_VALUE)
            frames = av_rescale_q(stream->duration, stream->time_base, AVRational{1, sampleRate});
        else if (format_->duration > 0)
            frames = av_rescale_q(format_->duration, AV_TIME_BASE_Q, AVRational{1, sampleRate});
        else
            frames = 0;
    }

    // Decodes one frame into the FIFO; false at the end of the stream.
    bool decodeNextFrame()
    {
        for (;;) {
            int err = avcodec_receive_frame(codec_.get(), frame_.get());
            if (err == 0) {
                framePts_ = frame_->best_effort_timestamp;
                const int n = frame_->nb_samples;
                appendFrame();
                av_frame_unref(frame_.get());
                if (n > 0)
                    return true;
                continue;
            }
            if (err == AVERROR_EOF)
                return false;
            if (err != AVERROR(EAGAIN) && err != AVERROR_INVALIDDATA)
                throw fileError(path_, "cannot decode (" + averror(err) + ")");
            if (err == AVERROR_INVALIDDATA)
                continue;  // a damaged frame: the decoder conceals it, as every player does
            if (demuxEnded_)
                return false;
            err = av_read_frame(format_.get(), packet_.get());
            if (err == AVERROR_EOF) {
                demuxEnded_ = true;
                avcodec_send_packet(codec_.get(), nullptr);  // drain what the decoder holds
                continue;
            }
            if (err < 0)
                throw fileError(path_, "cannot read (" + averror(err) + ")");
            if (packet_->stream_index == stream_) {
                err = avcodec_send_packet(codec_.get(), packet_.get());
                if (err < 0 && err != AVERROR_INVALIDDATA && err != AVERROR(EAGAIN)) {
                    av_packet_unref(packet_.get());
                    throw fileError(path_, "cannot decode (" + averror(err) + ")");
                }
            }
            av_packet_unref(packet_.get());
        }
    }

    // Converts the decoded frame to interleaved float at the end of the FIFO.
    void appendFrame()
    {
        const AVFrame& f = *frame_;
        if (f.nb_samples <= 0)
            return;
        AVChannelLayout layout{};
        if (f.ch_layout.order == AV_CHANNEL_ORDER_UNSPEC || f.ch_layout.nb_channels <= 0)
            av_channel_layout_default(&layout, f.ch_layout.nb_channels > 0 ? f.ch_layout.nb_channels
                                                                            : codec_->ch_layout.nb_channels);
        else
            av_channel_layout_copy(&layout, &f.ch_layout);
        if (layout.nb_channels <= 0 || f.sample_rate <= 0) {
            av_channel_layout_uninit(&layout);
            throw fileError(path_, "its audio has no channels or no sample rate");
        }

        if (decodedChannels_ == 0) {
            decodedChannels_ = layout.nb_channels;
            decodedRate_ = f.sample_rate;
        } else if (layout.nb_channels != decodedChannels_ || f.sample_rate != decodedRate_) {
            av_channel_layout_uninit(&layout);
            throw fileError(path_, "its audio changes channel count or sample rate part way through");
        }

        if (!swr_ || f.format != swrFormat_ || av_channel_layout_compare(&layout, &swrLayout_) != 0) {
            SwrContext* raw = nullptr;
            int err = swr_alloc_set_opts2(&raw, &layout, AV_SAMPLE_FMT_FLT, f.sample_rate, &layout,
                                          static_cast<AVSampleFormat>(f.format), f.sample_rate, 0, nullptr);
            swr_.reset(raw);
            if (err >= 0)
                err = swr_init(swr_.get());
            if (err < 0) {
                av_channel_layout_uninit(&layout);
                throw fileError(path_, "cannot convert its samples (" + averror(err) + ")");
            }
            swrFormat_ = f.format;
            av_channel_layout_uninit(&swrLayout_);
            av_channel_layout_copy(&swrLayout_, &layout);
        }
        av_channel_layout_uninit(&layout);

        const auto ch = static_cast<size_t>(decodedChannels_);
        if (fifoStart_ > 0) {
            std::memmove(fifo_.data(), fifo_.data() + fifoStart_ * ch, fifoFrames() * ch * sizeof(float));
            fifoEnd_ -= fifoStart_;
            fifoStart_ = 0;
        }
        const auto needed = (fifoEnd_ + static_cast<size_t>(f.nb_samples)) * ch;
        if (fifo_.size() < needed)
            fifo_.resize(needed);  // grows to the largest codec frame once, then stays
        auto* out = reinterpret_cast<uint8_t*>(fifo_.data() + fifoEnd_ * ch);
        const int converted = swr_convert(swr_.get(), &out, f.nb_samples, const_cast<const uint8_t**>(f.extended_data),
                                          f.nb_samples);
        if (converted < 0)
            throw fileError(path_, "cannot convert its samples (" + averror(converted) + ")");
        fifoEnd_ += static_cast<size_t>(converted);
    }

    // Seeks the demuxer shortly before `frame` and decodes up to it, placing frames by their
    // timestamps. False when the timestamps cannot place it exactly (then the caller counts
    // from the start instead).
    bool seekByTimestamp(int64_t frame, int64_t preroll)
    {
        const AVStream* stream = format_->streams[stream_];
        const int64_t target = startPts_ + av_rescale_q(frame - preroll, AVRational{1, sampleRate}, stream->time_base);
        if (avformat_seek_file(format_.get(), stream_, INT64_MIN, target, target, 0) < 0)
            return false;
        avcodec_flush_buffers(codec_.get());
        fifoStart_ = fifoEnd_ = 0;
        demuxEnded_ = false;
        discard_ = 0;
        if (!decodeNextFrame() || framePts_ == AV_NOPTS_VALUE)
            return false;
        const int64_t landed = av_rescale_q(framePts_ - startPts_, stream->time_base, AVRational{1, sampleRate});
        if (landed > frame || landed < 0)
            return false;
        position_ = landed;
        discard_ = frame - landed;
        return true;
    }

    std::filesystem::path path_;
    std::optional<int> requestedStream_;
    std::unique_ptr<AVFormatContext, FormatCloser> format_;
    std::unique_ptr<AVCodecContext, CodecCloser> codec_;
    std::unique_ptr<SwrContext, SwrCloser> swr_;
    std::unique_ptr<AVPacket, PacketCloser> packet_;
    std::unique_ptr<AVFrame, FrameCloser> frame_;
    int stream_ = -1;
    int swrFormat_ = -1;
    AVChannelLayout swrLayout_{};
    int decodedRate_ = 0;
    int decodedChannels_ = 0;
    int64_t startPts_ = AV_NOPTS_VALUE;  // timestamp of frame 0 (after the decoder's own trimming)
    int64_t framePts_ = AV_NOPTS_VALUE;  // timestamp of the frame decoded last
    bool demuxEnded_ = false;
    std::vector<float> fifo_;  // decoded, interleaved, not yet delivered: [fifoStart_, fifoEnd_)
    size_t fifoStart_ = 0;
    size_t fifoEnd_ = 0;
    int64_t position_ = 0;  // frame index of fifo_[fifoStart_]
    int64_t discard_ = 0;   // frames still to drop to reach a seek target
};

} // namespace

// ---------------------------------------------------------------------------------------------
// libsoxr

namespace detail {

// Converts a decoder's frames to another rate. After a seek it restarts the converter a little
// before the target at a frame where both rates' sample grids coincide, so the frames delivered
// are the ones an uninterrupted read would give (to within the filter's rounding) and sit exactly
// where they belong in time.
class RateConverter {
public:
    RateConverter(AudioDecoder& source, int targetRate, const std::filesystem::path& path)
        : source_(source), path_(path), fromRate_(source.sampleRate), toRate_(targetRate)
    {
        const int64_t g = std::gcd(int64_t{fromRate_}, int64_t{toRate_});
        gridFrom_ = fromRate_ / g;
        gridTo_ = toRate_ / g;
        const soxr_io_spec_t io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I);
        const soxr_quality_spec_t quality = soxr_quality_spec(SOXR_VHQ, 0);
        const soxr_runtime_spec_t runtime = soxr_runtime_spec(1);
        soxr_error_t error = nullptr;
        soxr_ = soxr_create(fromRate_, toRate_, static_cast<unsigned>(source.channels), &error, &io, &quality,
                            &runtime);
        if (soxr_ == nullptr || error != nullptr)
            throw fileError(path_, std::string("cannot convert its rate (") + (error ? error : "libsoxr") + ")");
        const auto ch = static_cast<size_t>(source.channels);
        input_.resize(kInputBlock * ch);
        scratch_.resize(kScratchBlock * ch);
    }

    ~RateConverter() { soxr_delete(soxr_); }
    RateConverter(const RateConverter&) = delete;
    RateConverter& operator=(const RateConverter&) = delete;

    int toRate() const { return toRate_; }
    int64_t frames() const { return convertFrames(source_.frames, fromRate_, toRate_); }

    size_t read(float* interleaved, size_t maxFrames)
    {
        while (outputPosition_ < skipTo_) {
            const auto n = static_cast<size_t>(std::min<int64_t>(kScratchBlock, skipTo_ - outputPosition_));
            if (convert(scratch_.data(), n) == 0)
                return 0;
        }
        return convert(interleaved, maxFrames);
    }

    void seek(int64_t frame)
    {
        // Restart early enough that the filter has settled by `frame`, on a frame where both
        // grids meet so the restarted output lands on the same instants.
        const int64_t start = std::max<int64_t>(0, frame - kSettleFrames) / gridTo_;
        source_.seek(start * gridFrom_);
        soxr_clear(soxr_);
        outputPosition_ = start * gridTo_;
        skipTo_ = frame;
        outputEnd_ = -1;
        inputFrames_ = 0;
        inputOffset_ = 0;
        sourceEnded_ = false;
        drained_ = false;
    }

private:
    static constexpr size_t kInputBlock = 4096;
    static constexpr size_t kScratchBlock = 4096;
    static constexpr int64_t kSettleFrames = 16384;  // at the target rate; VHQ filters are shorter

    size_t convert(float* out, size_t maxFrames)
    {
        const auto ch = static_cast<size_t>(source_.channels);
        size_t produced = 0;
        while (produced < maxFrames) {
            if (outputEnd_ >= 0 && outputPosition_ >= outputEnd_)
                break;
            size_t want = maxFrames - produced;
            if (outputEnd_ >= 0)
                want = std::min<size_t>(want, static_cast<size_t>(outputEnd_ - outputPosition_));
            float* dest = out + produced * ch;

            if (inputFrames_ == 0 && !sourceEnded_) {
                const size_t got = source_.read(input_.data(), kInputBlock);
                if (got == 0) {
                    // The converted length is the source's length at the new rate, to the frame.
                    sourceEnded_ = true;
                    outputEnd_ = convertFrames(source_.position(), fromRate_, toRate_);
                    continue;
                }
                inputFrames_ = got;
                inputOffset_ = 0;
            }

            size_t done = 0;
            soxr_error_t error = nullptr;
            if (inputFrames_ > 0) {
                size_t used = 0;
                error = soxr_process(soxr_, input_.data() + inputOffset_ * ch, inputFrames_, &used, dest, want, &done);
                inputOffset_ += used;
                inputFrames_ -= used;
            } else if (!drained_) {
                error = soxr_process(soxr_, nullptr, 0, nullptr, dest, want, &done);
                drained_ = done == 0;
            } else {
                // The filter's tail came out a frame or two short of the exact length.
                std::fill_n(dest, want * ch, 0.0f);
                done = want;
            }
            if (error != nullptr)
                throw fileError(path_, std::string("cannot convert its rate (") + error + ")");
            produced += done;
            outputPosition_ += static_cast<int64_t>(done);
        }
        return produced;
    }

    AudioDecoder& source_;
    std::filesystem::path path_;
    int fromRate_;
    int toRate_;
    int64_t gridFrom_ = 1;
    int64_t gridTo_ = 1;
    soxr_t soxr_ = nullptr;
    std::vector<float> input_;
    std::vector<float> scratch_;
    size_t inputOffset_ = 0;
    size_t inputFrames_ = 0;
    bool sourceEnded_ = false;
    bool drained_ = false;
    int64_t outputPosition_ = 0;  // target-rate frame the converter produces next
    int64_t skipTo_ = 0;          // frames before this are converted and dropped (after a seek)
    int64_t outputEnd_ = -1;      // known once the source has ended
};

} // namespace detail

// ---------------------------------------------------------------------------------------------

AudioFileReader::AudioFileReader(const std::filesystem::path& path, std::optional<int> ffmpegStreamIndex,
                                 std::optional<int> targetSampleRate)
    : path_(path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw fileError(path, "no such file");
    if (std::filesystem::is_directory(path, ec))
        throw fileError(path, "is a folder, not an audio file");
    if (targetSampleRate && *targetSampleRate <= 0)
        throw fileError(path, "cannot convert to a sample rate of " + std::to_string(*targetSampleRate) + " Hz");

    std::string sndfileWhy;
    if (!ffmpegStreamIndex)
        decoder_ = SndfileDecoder::open(path, sndfileWhy);
    if (!decoder_) {
        try {
            decoder_ = std::make_unique<FfmpegDecoder>(path, ffmpegStreamIndex);
        } catch (const std::runtime_error& e) {
            // Neither library could: say what both thought, the path once.
            std::string reason = e.what();
            const std::string prefix = path.string() + ": ";
            if (reason.rfind(prefix, 0) == 0)
                reason.erase(0, prefix.size());
            if (ffmpegStreamIndex || sndfileWhy == "left to FFmpeg")
                throw fileError(path, reason);
            throw fileError(path, "not a readable audio file (libsndfile: " + sndfileWhy + "; FFmpeg: " + reason + ")");
        }
    }
    if (targetSampleRate && *targetSampleRate != decoder_->sampleRate)
        converter_ = std::make_unique<detail::RateConverter>(*decoder_, *targetSampleRate, path_);
}

AudioFileReader::~AudioFileReader() = default;
AudioFileReader::AudioFileReader(AudioFileReader&&) noexcept = default;
AudioFileReader& AudioFileReader::operator=(AudioFileReader&&) noexcept = default;

const std::filesystem::path& AudioFileReader::path() const { return path_; }

int AudioFileReader::sampleRate() const { return converter_ ? converter_->toRate() : decoder_->sampleRate; }
int AudioFileReader::fileSampleRate() const { return decoder_->sampleRate; }
int AudioFileReader::channels() const { return decoder_->channels; }
int64_t AudioFileReader::frames() const { return converter_ ? converter_->frames() : decoder_->frames; }
bool AudioFileReader::framesAreExact() const { return decoder_->framesAreExact; }
std::string_view AudioFileReader::decoder() const { return decoder_->name; }

size_t AudioFileReader::read(float* interleaved, size_t maxFrames)
{
    if (maxFrames == 0)
        return 0;
    return converter_ ? converter_->read(interleaved, maxFrames) : decoder_->read(interleaved, maxFrames);
}

void AudioFileReader::seek(int64_t frame)
{
    if (frame < 0)
        throw std::out_of_range(path_.string() + ": cannot seek to frame " + std::to_string(frame));
    if (converter_)
        converter_->seek(frame);
    else
        decoder_->seek(frame);
}

} // namespace cuesmith
