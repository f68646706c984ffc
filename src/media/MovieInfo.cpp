#include "MovieInfo.h"

#include <memory>
#include <stdexcept>
#include <string>

extern "C" {
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

namespace cuesmith {

namespace {

struct FormatContextCloser {
    void operator()(AVFormatContext* ctx) const { avformat_close_input(&ctx); }
};

std::string averror(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return text;
}

std::optional<std::string> timecodeTag(AVDictionary* metadata)
{
    if (const AVDictionaryEntry* e = av_dict_get(metadata, "timecode", nullptr, 0))
        return std::string(e->value);
    return std::nullopt;
}

} // namespace

int64_t MovieInfo::durationSamples(int64_t sampleRate) const
{
    if (durationDenominator <= 0)
        return 0;
    return static_cast<int64_t>(static_cast<__int128>(durationNumerator) * sampleRate / durationDenominator);
}

const MovieAudioStream& audioStreamAt(const MovieInfo& info, int audioStream, const std::filesystem::path& path)
{
    if (info.audioStreams.empty())
        throw std::runtime_error(path.string() + ": has no audio stream");
    if (audioStream < 0 || audioStream >= static_cast<int>(info.audioStreams.size()))
        throw std::runtime_error(path.string() + ": has " + std::to_string(info.audioStreams.size())
                                 + " audio stream(s), there is no stream " + std::to_string(audioStream + 1));
    return info.audioStreams[static_cast<size_t>(audioStream)];
}

MovieInfo readMovieInfo(const std::filesystem::path& path)
{
    av_log_set_level(AV_LOG_QUIET);
    AVFormatContext* raw = nullptr;
    if (const int err = avformat_open_input(&raw, path.c_str(), nullptr, nullptr); err < 0)
        throw std::runtime_error(path.string() + ": cannot open (" + averror(err) + ")");
    std::unique_ptr<AVFormatContext, FormatContextCloser> ctx(raw);
    if (const int err = avformat_find_stream_info(ctx.get(), nullptr); err < 0)
        throw std::runtime_error(path.string() + ": cannot read its streams (" + averror(err) + ")");

    MovieInfo info;
    if (ctx->duration > 0) {
        info.durationNumerator = ctx->duration;
        info.durationDenominator = AV_TIME_BASE;
    }
    info.startTimecode = timecodeTag(ctx->metadata);

    for (unsigned i = 0; i < ctx->nb_streams; ++i) {
        const AVStream* stream = ctx->streams[i];
        const AVCodecParameters* par = stream->codecpar;
        if (par->codec_type == AVMEDIA_TYPE_VIDEO && info.frameRateNumerator == 0) {
            const AVRational r = stream->avg_frame_rate.num > 0 ? stream->avg_frame_rate : stream->r_frame_rate;
            info.frameRateNumerator = r.num;
            info.frameRateDenominator = r.den > 0 ? r.den : 1;
            if (!info.startTimecode)
                info.startTimecode = timecodeTag(stream->metadata);
            // Prefer the video stream's exact duration when the container's is missing.
            if (info.durationNumerator == 0 && stream->duration > 0) {
                info.durationNumerator = stream->duration * stream->time_base.num;
                info.durationDenominator = stream->time_base.den;
            }
        } else if (par->codec_type == AVMEDIA_TYPE_AUDIO) {
            MovieAudioStream audio;
            audio.index = static_cast<int>(i);
            audio.sampleRate = par->sample_rate;
            audio.channels = par->ch_layout.nb_channels;
            audio.codec = avcodec_get_name(par->codec_id);
            info.audioStreams.push_back(audio);
            if (!info.startTimecode)
                info.startTimecode = timecodeTag(stream->metadata);
        } else if (par->codec_type == AVMEDIA_TYPE_DATA && !info.startTimecode) {
            info.startTimecode = timecodeTag(stream->metadata);  // QuickTime tmcd track
        }
    }
    if (info.frameRateNumerator == 0 && info.audioStreams.empty())
        throw std::runtime_error(path.string() + ": has neither picture nor sound");
    return info;
}

} // namespace cuesmith
