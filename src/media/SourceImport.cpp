#include "SourceImport.h"

#include "AudioFileInfo.h"
#include "MovieInfo.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <sndfile.h>
#include <stdexcept>

namespace cuesmith {

namespace {

int64_t toSessionRate(int64_t samples, int64_t fileRate, int64_t sessionRate)
{
    if (fileRate == sessionRate || fileRate <= 0)
        return samples;
    return static_cast<int64_t>((static_cast<__int128>(samples) * sessionRate + fileRate / 2) / fileRate);
}

// Whether libsndfile itself opens the file: then it is a plain audio file (WAV/BWF, AIFF, FLAC, ...)
// placed by its BWF stamp. Anything else (a movie, or audio only FFmpeg reads) is read as a movie:
// its audio streams counted among audio streams, placed at its start timecode. readAudioFileInfo
// would not do here, as it falls back to FFmpeg and so answers for every movie too.
bool libsndfileOpens(const std::filesystem::path& path)
{
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (file == nullptr)
        return false;
    sf_close(file);
    return true;
}

// Where a movie's first frame sits: at its start timecode, else at the picture start. A timecode
// that is not one at the session's rate is refused rather than guessed at.
int64_t movieStartSample(const MovieInfo& info, const std::filesystem::path& path, const Session& session)
{
    if (!info.startTimecode)
        return session.pictureStartSample();
    const auto frames = parseTimecodeFrames(*info.startTimecode, session.frameRate);
    if (!frames)
        throw std::runtime_error(path.string() + ": start timecode '" + *info.startTimecode
                                 + "' is not a timecode at " + frameRateName(session.frameRate));
    return framesToSamples(*frames, session.frameRate, session.sampleRate);
}

std::string absolutePath(const std::filesystem::path& path)
{
    return std::filesystem::absolute(path).lexically_normal().string();
}

} // namespace

ReferenceMovie importReferenceMovie(const std::filesystem::path& path, const Session& session)
{
    const MovieInfo info = readMovieInfo(path);
    if (info.frameRateNumerator == 0)
        throw std::runtime_error(path.string() + ": has no picture stream");
    ReferenceMovie movie;
    movie.path = absolutePath(path);
    movie.hasAudio = !info.audioStreams.empty();
    movie.lengthSamples = info.durationSamples(session.sampleRate);
    movie.startSample = movieStartSample(info, path, session);
    return movie;
}

DialogueSource importDialogueSource(const std::filesystem::path& path, const Session& session, int channel,
                                    int audioStream)
{
    DialogueSource source;
    source.path = absolutePath(path);
    source.name = path.stem().string();
    source.channel = channel;
    source.startSample = session.pictureStartSample();

    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw std::runtime_error(path.string() + ": no such file");
    if (std::filesystem::is_directory(path, ec))
        throw std::runtime_error(path.string() + ": is a folder, not an audio file or movie");
    if (libsndfileOpens(path)) {
        if (audioStream != 0)
            throw std::runtime_error(path.string() + ": has one audio stream; there is no stream "
                                     + std::to_string(audioStream + 1));
        const AudioFileInfo info = readAudioFileInfo(path);
        source.fileSampleRate = info.sampleRate;
        source.channels = info.channels;
        source.lengthSamples = toSessionRate(info.frames, info.sampleRate, session.sampleRate);
        if (info.timeReference)
            source.startSample = toSessionRate(*info.timeReference, info.sampleRate, session.sampleRate);
    } else {
        // A movie (or audio only FFmpeg reads): the chosen audio stream, at the start timecode.
        const MovieInfo info = readMovieInfo(path);
        if (info.audioStreams.empty())
            throw std::runtime_error(path.string() + ": has no audio stream to take the dialogue from");
        const MovieAudioStream& stream = audioStreamAt(info, audioStream, path);
        source.fileSampleRate = stream.sampleRate;
        source.channels = stream.channels;
        source.ffmpegStream = stream.index;
        source.lengthSamples = info.durationSamples(session.sampleRate);
        source.startSample = movieStartSample(info, path, session);
    }
    if (source.lengthSamples <= 0)
        throw std::runtime_error(path.string() + ": holds no audio");
    if (channel < 0 || channel >= source.channels)
        throw std::runtime_error(path.string() + ": has " + std::to_string(source.channels)
                                 + " channel(s), there is no channel " + std::to_string(channel + 1));
    return source;
}

Cue importCue(const CueImportRequest& request, const Session& session)
{
    if (request.stems.empty())
        throw std::runtime_error("cue " + request.number + ": no stem files given");

    Cue cue;
    cue.number = request.number;
    std::optional<AudioFileInfo> first;
    std::string firstPath;
    for (const auto& path : request.stems) {
        const AudioFileInfo info = readAudioFileInfo(path);
        const auto layout = layoutForChannelCount(info.channels);
        if (!layout)
            throw std::runtime_error(path.string() + ": " + std::to_string(info.channels)
                                     + " channels is not mono, stereo, 5.1 or 7.1");
        if (first) {
            if (info.sampleRate != first->sampleRate)
                throw std::runtime_error("cue " + cue.number + ": stem " + path.string() + " is at "
                                         + std::to_string(info.sampleRate) + " Hz, " + firstPath + " at "
                                         + std::to_string(first->sampleRate) + " Hz");
            if (info.frames != first->frames)
                throw std::runtime_error("cue " + cue.number + ": stem " + path.string() + " is "
                                         + std::to_string(info.frames) + " samples long, " + firstPath + " "
                                         + std::to_string(first->frames));
            if (info.timeReference != first->timeReference)
                throw std::runtime_error("cue " + cue.number + ": stem " + path.string()
                                         + " starts at a different BWF TimeReference than " + firstPath);
        } else {
            first = info;
            firstPath = path.string();
        }

        const StemFileName parts = parseStemFileName(path.filename().string());
        Stem stem;
        stem.name = parts.stem.empty() ? path.stem().string() : parts.stem;
        stem.path = absolutePath(path);
        stem.layout = *layout;
        cue.stems.push_back(stem);
        if (cue.title.empty())
            cue.title = parts.title;
        if (cue.version.empty())
            cue.version = parts.version;
    }
    if (request.title)
        cue.title = *request.title;
    if (first->frames <= 0)
        throw std::runtime_error("cue " + cue.number + ": stem " + firstPath + " holds no audio");

    cue.fileSampleRate = first->sampleRate;
    cue.lengthSamples = toSessionRate(first->frames, first->sampleRate, session.sampleRate);
    if (first->timeReference)
        cue.writtenStartSample = toSessionRate(*first->timeReference, first->sampleRate, session.sampleRate);
    if (request.startSample)
        cue.startSample = *request.startSample;
    else if (first->timeReference)
        cue.startSample = cue.writtenStartSample;
    else
        throw std::runtime_error("cue " + cue.number + ": " + firstPath
                                 + " has no BWF TimeReference; give the start with --at");
    if (!first->timeReference)
        cue.writtenStartSample = cue.startSample;  // no stamp: written where it is spotted
    return cue;
}

} // namespace cuesmith
