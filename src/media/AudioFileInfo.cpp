#include "AudioFileInfo.h"

#include "MovieInfo.h"

#include <cstring>
#include <memory>
#include <sndfile.h>
#include <stdexcept>

namespace cuesmith {

namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};

} // namespace

AudioFileInfo readAudioFileInfo(const std::filesystem::path& path)
{
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw std::runtime_error(path.string() + ": no such file");
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path.string() + ": is a folder, not an audio file");

    SF_INFO sfInfo{};
    std::unique_ptr<SNDFILE, SndfileCloser> file(sf_open(path.c_str(), SFM_READ, &sfInfo));
    if (!file) {
        // Not a format libsndfile knows: let FFmpeg try (its first audio stream).
        const std::string sndfileError = sf_strerror(nullptr);
        MovieInfo movie;
        try {
            movie = readMovieInfo(path);
        } catch (const std::runtime_error&) {
            throw std::runtime_error(path.string() + ": not a readable audio file (" + sndfileError + ")");
        }
        if (movie.audioStreams.empty())
            throw std::runtime_error(path.string() + ": has no audio stream");
        AudioFileInfo info;
        info.sampleRate = movie.audioStreams.front().sampleRate;
        info.channels = movie.audioStreams.front().channels;
        info.frames = movie.durationSamples(info.sampleRate);
        return info;
    }

    AudioFileInfo info;
    info.sampleRate = sfInfo.samplerate;
    info.channels = sfInfo.channels;
    info.frames = sfInfo.frames;
    if (info.sampleRate <= 0 || info.channels <= 0)
        throw std::runtime_error(path.string() + ": reports no sample rate or no channels");

    SF_BROADCAST_INFO bext{};
    if (sf_command(file.get(), SFC_GET_BROADCAST_INFO, &bext, sizeof bext) == SF_TRUE) {
        info.timeReference = (static_cast<int64_t>(bext.time_reference_high) << 32)
                             | static_cast<int64_t>(bext.time_reference_low);
        info.description.assign(bext.description, strnlen(bext.description, sizeof bext.description));
    }
    return info;
}

} // namespace cuesmith
