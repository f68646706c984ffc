#include "CueStretchEdit.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

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
        throw std::runtime_error("cue " + cue.number + " is already edited; stretch it before cutting it");

    StretchRequest request;
    for (const auto& stem : cue.stems)
        request.stems.emplace_back(stem.path);
    request.timeRatio = ratio;
    request.quality = quality;
    request.outputFolder = cacheFolder / "stretch";
    const StretchResult result = stretchCue(request);

    Session next = session;
    for (auto& c : next.cues) {
        if (c.number != cue.number)
            continue;
        for (size_t i = 0; i < c.stems.size(); ++i)
            c.stems[i].path = result.stretchedStems[i].string();
        const auto scale = [ratio](int64_t sample) { return static_cast<int64_t>(std::llround(static_cast<double>(sample) * ratio)); };
        // The stretched files keep the stems' rate; the cue's length is counted at the session rate.
        c.lengthSamples = c.fileSampleRate > 0 && c.fileSampleRate != session.sampleRate
                              ? result.outputFrames * session.sampleRate / c.fileSampleRate
                              : result.outputFrames;
        if (c.tempo)
            for (auto& beat : c.tempo->beats)
                beat = scale(beat);
        for (auto& marker : c.markers)
            marker.second = std::min(scale(marker.second), c.lengthSamples);
        c.appliedStretch *= ratio;
    }
    return next;
}

} // namespace cuesmith
