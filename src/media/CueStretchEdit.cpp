#include "CueStretchEdit.h"

#include "media/AudioFileInfo.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <utility>

namespace cuesmith {

std::filesystem::path sessionCacheFolder(const std::filesystem::path& sessionPath)
{
    std::filesystem::path folder = sessionPath;
    folder += "-cache";
    return folder;
}

Session applyCueStretch(const Session& session, std::string_view cueNumber, double ratio,
                        const std::filesystem::path& cacheFolder, StretchRequest::Quality quality)
{
    const Cue* found = session.findCue(cueNumber);
    if (found == nullptr)
        throw std::runtime_error("there is no cue " + std::string(cueNumber) + " in the session");
    const Cue& cue = *found;
    if (std::abs(ratio - 1.0) > cue.stretchLimit + 1e-12)
        throw std::runtime_error("cue " + cue.number + ": a stretch of " + std::to_string((ratio - 1.0) * 100.0)
                                 + " % is beyond its limit of " + std::to_string(cue.stretchLimit * 100.0) + " %");
    if (!cue.segments.empty())
        throw std::runtime_error("cue " + cue.number + " is already edited (" + std::to_string(cue.segments.size())
                                 + " segments): a stretch renders its whole stem files and would move every splice "
                                 "off its picture; stretch a cue before conforming or cutting it");

    // Always from the composer's files, by the cue's whole stretch: a second stretch never
    // stretches a stretch, whose artefacts would compound.
    const double total = cue.appliedStretch * ratio;
    Session next = session;
    Cue& c = *std::find_if(next.cues.begin(), next.cues.end(), [&](const Cue& x) { return x.number == cue.number; });
    const auto scale = [ratio](int64_t sample) { return static_cast<int64_t>(std::llround(static_cast<double>(sample) * ratio)); };
    if (c.tempo)
        for (auto& beat : c.tempo->beats)
            beat = scale(beat);
    if (std::abs(total - 1.0) < 1e-9) {
        // Stretched back to the composer's tempo: play the composer's files again.
        for (auto& stem : c.stems)
            if (!stem.sourcePath.empty())
                stem.path = std::exchange(stem.sourcePath, std::string());
        const AudioFileInfo info = readAudioFileInfo(c.stems.front().path);
        c.lengthSamples = c.fileSampleRate > 0 && c.fileSampleRate != session.sampleRate
                              ? info.frames * session.sampleRate / c.fileSampleRate
                              : info.frames;
        c.appliedStretch = 1.0;
        c.stretchIsPreview = false;
    } else {
        StretchRequest request;
        for (const auto& stem : cue.stems)
            request.stems.emplace_back(stem.sourcePath.empty() ? stem.path : stem.sourcePath);
        request.timeRatio = total;
        request.quality = quality;
        request.outputFolder = cacheFolder / "stretch";
        const StretchResult result = stretchCue(request);
        for (size_t i = 0; i < c.stems.size(); ++i) {
            if (c.stems[i].sourcePath.empty())
                c.stems[i].sourcePath = c.stems[i].path;
            c.stems[i].path = result.stretchedStems[i].string();
        }
        // The stretched files keep the stems' rate; the cue's length is counted at the session rate.
        c.lengthSamples = c.fileSampleRate > 0 && c.fileSampleRate != session.sampleRate
                              ? result.outputFrames * session.sampleRate / c.fileSampleRate
                              : result.outputFrames;
        c.appliedStretch = total;
        c.stretchIsPreview = quality == StretchRequest::Quality::Preview;
    }
    for (auto& marker : c.markers)
        marker.second = std::min(scale(marker.second), c.lengthSamples);
    return next;
}

Session withDeliveryStretches(const Session& session, const std::filesystem::path& cacheFolder,
                              std::vector<std::string>& notes)
{
    Session next = session;
    for (auto& c : next.cues) {
        if (!c.stretchIsPreview)
            continue;
        StretchRequest request;
        for (const auto& stem : c.stems)
            request.stems.emplace_back(stem.sourcePath.empty() ? stem.path : stem.sourcePath);
        request.timeRatio = c.appliedStretch;
        request.quality = StretchRequest::Quality::Render;
        request.outputFolder = cacheFolder / "stretch";
        // An earlier delivery's R3 files are reused: their names carry the source, the ratio and
        // the engine, and a stretch's length is exact, so the right length means the same stretch.
        std::vector<std::filesystem::path> files;
        bool cached = true;
        for (size_t i = 0; i < c.stems.size(); ++i) {
            files.push_back(request.outputFolder
                            / stretchedStemFileName(request.stems[i], request.timeRatio, request.quality));
            std::error_code ec;
            cached = cached && std::filesystem::is_regular_file(files.back(), ec)
                     && readAudioFileInfo(files.back()).frames == readAudioFileInfo(c.stems[i].path).frames;
        }
        if (!cached)
            files = stretchCue(request).stretchedStems;
        for (size_t i = 0; i < c.stems.size(); ++i)
            c.stems[i].path = files[i].string();
        c.stretchIsPreview = false;
        notes.push_back("cue " + c.number + ": its preview stretch is " + (cached ? "taken from the cache" : "rendered")
                        + " with the finer engine (R3) for delivery");
    }
    return next;
}

} // namespace cuesmith
