#include "AudioFileInfo.h"

#include "MovieInfo.h"

#include <cctype>
#include <cstring>
#include <pugixml.hpp>
#include <memory>
#include <sndfile.h>
#include <stdexcept>

namespace cuesmith {

namespace {

struct SndfileCloser {
    void operator()(SNDFILE* f) const { sf_close(f); }
};

// The names of an iXML TRACK_LIST, by CHANNEL_INDEX (1-based); empty unless every channel has one.
std::vector<std::string> ixmlTrackNames(SNDFILE* file, int channels)
{
    SF_CHUNK_INFO wanted{};
    std::memcpy(wanted.id, "iXML", 4);
    wanted.id_size = 4;
    SF_CHUNK_ITERATOR* it = sf_get_chunk_iterator(file, &wanted);
    if (it == nullptr)
        return {};
    SF_CHUNK_INFO chunk = wanted;
    if (sf_get_chunk_size(it, &chunk) != SF_ERR_NO_ERROR || chunk.datalen == 0 || chunk.datalen > (1u << 20))
        return {};
    std::string text(chunk.datalen, '\0');
    chunk.data = text.data();
    if (sf_get_chunk_data(it, &chunk) != SF_ERR_NO_ERROR)
        return {};
    pugi::xml_document doc;
    if (!doc.load_buffer(text.data(), text.size()))
        return {};
    std::vector<std::string> names(static_cast<size_t>(channels));
    for (const auto& track : doc.child("BWFXML").child("TRACK_LIST").children("TRACK")) {
        const int index = track.child("CHANNEL_INDEX").text().as_int(0);
        if (index >= 1 && index <= channels)
            names[static_cast<size_t>(index - 1)] = track.child("NAME").text().as_string();
    }
    for (const auto& n : names)
        if (n.empty())
            return {};
    return names;
}

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
    info.trackNames = ixmlTrackNames(file.get(), info.channels);
    return info;
}

std::optional<LfePosition> lfePositionOf(const AudioFileInfo& info)
{
    if ((info.channels != 6 && info.channels != 8) || static_cast<int>(info.trackNames.size()) != info.channels)
        return std::nullopt;
    auto isLfe = [](std::string name) {
        for (char& c : name)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return name == "LFE" || (name.size() > 4 && name.compare(name.size() - 4, 4, " LFE") == 0);
    };
    if (isLfe(info.trackNames[3]))
        return LfePosition::Smpte;
    if (isLfe(info.trackNames.back()))
        return LfePosition::Film;
    return std::nullopt;
}

} // namespace cuesmith
