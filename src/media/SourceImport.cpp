#include "SourceImport.h"

#include "AudioFileInfo.h"
#include "MovieInfo.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <stdexcept>

namespace cuesmith {

namespace {

int64_t toSessionRate(int64_t samples, int64_t fileRate, int64_t sessionRate)
{
    if (fileRate == sessionRate || fileRate <= 0)
        return samples;
    return static_cast<int64_t>((static_cast<__int128>(samples) * sessionRate + fileRate / 2) / fileRate);
}

bool isAudioOnlyByLibsndfile(const std::filesystem::path& path)
{
    try {
        readAudioFileInfo(path);
        return true;
    } catch (const std::runtime_error&) {
        return false;
    }
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
    movie.startSample = session.pictureStartSample();
    if (info.startTimecode) {
        const auto frames = parseTimecodeFrames(*info.startTimecode, session.frameRate);
        if (!frames)
            throw std::runtime_error(path.string() + ": start timecode '" + *info.startTimecode
                                     + "' is not a timecode at " + frameRateName(session.frameRate));
        movie.startSample = framesToSamples(*frames, session.frameRate, session.sampleRate);
    }
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

    if (audioStream != 0 && isAudioOnlyByLibsndfile(path))
        throw std::runtime_error(path.string() + ": has one audio stream; there is no stream " + std::to_string(audioStream + 1));
    if (isAudioOnlyByLibsndfile(path)) {
        const AudioFileInfo info = readAudioFileInfo(path);
        source.fileSampleRate = info.sampleRate;
        source.channels = info.channels;
        source.lengthSamples = toSessionRate(info.frames, info.sampleRate, session.sampleRate);
        if (info.timeReference)
            source.startSample = toSessionRate(*info.timeReference, info.sampleRate, session.sampleRate);
    } else {
        // A movie (or an audio format only FFmpeg reads): its first audio stream.
        const MovieInfo info = readMovieInfo(path);
        if (info.audioStreams.empty())
            throw std::runtime_error(path.string() + ": has no audio stream to take the dialogue from");
        if (audioStream < 0 || audioStream >= static_cast<int>(info.audioStreams.size()))
            throw std::runtime_error(path.string() + ": has " + std::to_string(info.audioStreams.size())
                                     + " audio stream(s), there is no stream " + std::to_string(audioStream + 1));
        const MovieAudioStream& stream = info.audioStreams[static_cast<size_t>(audioStream)];
        source.fileSampleRate = stream.sampleRate;
        source.channels = stream.channels;
        source.ffmpegStream = stream.index;
        source.lengthSamples = info.durationSamples(session.sampleRate);
        if (info.startTimecode)
            if (const auto frames = parseTimecodeFrames(*info.startTimecode, session.frameRate))
                source.startSample = framesToSamples(*frames, session.frameRate, session.sampleRate);
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
