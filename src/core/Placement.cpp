#include "Placement.h"

#include <algorithm>
#include <cctype>

namespace cuesmith {

namespace {

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
           });
}

std::optional<int64_t> parseCount(std::string_view text)
{
    if (text.empty() || text.size() > 15)
        return std::nullopt;
    int64_t v = 0;
    for (char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

Cue& findCueOrThrow(Session& session, std::string_view number)
{
    const auto it = std::find_if(session.cues.begin(), session.cues.end(),
                                 [&](const Cue& c) { return c.number == number; });
    if (it == session.cues.end())
        throw PlacementError("there is no cue " + std::string(number) + " in the session");
    return *it;
}

} // namespace

int64_t resolveCuePoint(const Cue& cue, std::string_view spec)
{
    if (spec == "end")
        return cue.lengthSamples;
    if (spec.substr(0, 2) == "s:") {
        const auto sample = parseCount(spec.substr(2));
        if (!sample || *sample > cue.lengthSamples)
            throw PlacementError("cue " + cue.number + ": '" + std::string(spec) + "' is not a sample inside the cue (0 to "
                                 + std::to_string(cue.lengthSamples) + ")");
        return *sample;
    }
    if (const auto barBeat = parseBarBeat(spec)) {
        if (!cue.tempo)
            throw PlacementError("cue " + cue.number + " has no tempo map: give one (cue tempo) to sync bar " +
                                 std::string(spec));
        const auto sample = sampleOfBarBeat(*cue.tempo, *barBeat);
        if (!sample || *sample < 0 || *sample > cue.lengthSamples)
            throw PlacementError("cue " + cue.number + ": bar " + std::string(spec) + " is outside the cue");
        return *sample;
    }
    for (const auto& [name, sample] : cue.markers)
        if (equalsNoCase(name, spec))
            return sample;
    throw PlacementError("cue " + cue.number + ": '" + std::string(spec)
                         + "' is neither a bar.beat, s:<sample>, 'end' nor one of its markers");
}

int64_t resolvePicturePoint(const Session& session, std::string_view spec)
{
    if (const auto tc = parseTimecode(spec)) {
        if (!isValidTimecode(*tc, session.frameRate))
            throw PlacementError("'" + std::string(spec) + "' is not a timecode at " + frameRateName(session.frameRate));
        return timecodeToSamples(*tc, session.frameRate, session.sampleRate);
    }
    const CutVersion* cut = session.currentCutVersion();
    if (cut == nullptr)
        throw PlacementError("the session has no cut to find '" + std::string(spec) + "' in");
    if (spec.substr(0, 4) == "cut:") {
        const auto n = parseCount(spec.substr(4));
        int64_t index = 0;
        for (const auto& e : cut->edl.events) {
            if (!e.isVideo())
                continue;
            if (n && ++index == *n)
                return framesToSamples(e.recordInFrame, session.frameRate, session.sampleRate);
        }
        throw PlacementError("cut " + cut->name + " has no picture event " + std::string(spec.substr(4)));
    }
    for (const auto& m : cut->edl.markers)
        if (equalsNoCase(m.name, spec))
            return framesToSamples(m.frame, session.frameRate, session.sampleRate);
    throw PlacementError("'" + std::string(spec) + "' is neither a timecode, cut:<n>, nor a marker of cut " + cut->name);
}

Session spotCue(const Session& session, std::string_view number, int64_t timelineStart)
{
    Session next = session;
    Cue& cue = findCueOrThrow(next, number);
    const int64_t delta = timelineStart - cue.startSample;
    if (timelineStart < 0)
        throw PlacementError("cue " + cue.number + " would start before midnight");
    cue.startSample = timelineStart;
    for (auto& seg : cue.segments)
        seg.timelineStart += delta;
    return next;
}

Session syncCue(const Session& session, std::string_view number, int64_t cuePoint, int64_t picturePoint)
{
    const Cue* cue = session.findCue(number);
    if (cue == nullptr)
        throw PlacementError("there is no cue " + std::string(number) + " in the session");
    if (cuePoint < 0 || cuePoint > cue->lengthSamples)
        throw PlacementError("cue " + cue->number + ": the sync point is outside the cue");
    // With segments the cue point plays where its segment puts it; an unedited cue starts at 0.
    int64_t playsAt = cue->startSample + cuePoint;
    for (const auto& seg : effectiveSegments(*cue))
        if (cuePoint >= seg.sourceStart && cuePoint < seg.sourceStart + seg.length) {
            playsAt = seg.timelineStart + (cuePoint - seg.sourceStart);
            break;
        }
    return spotCue(session, number, cue->startSample + (picturePoint - playsAt));
}

} // namespace cuesmith
