#include "PlacementChoices.h"

#include "core/Placement.h"
#include "core/Timecode.h"

#include <algorithm>
#include <limits>

namespace cuesmith {

namespace {

std::string timecodeOf(int64_t sample, const Session& s)
{
    return formatFrames(samplesToFrames(sample, s.frameRate, s.sampleRate), s.frameRate);
}

// "00:00:05:12, bar 3.3": how far into the cue, and the beat when the point sits exactly on one.
std::string cueOffsetText(const Cue& cue, int64_t offset, const Session& s)
{
    std::string text = formatFrames(samplesToFrames(offset, s.frameRate, s.sampleRate), s.frameRate);
    if (cue.tempo)
        if (const auto beat = barBeatAt(*cue.tempo, offset))
            if (sampleOfBarBeat(*cue.tempo, *beat) == offset)
                text += ", bar " + std::to_string(beat->bar) + "." + std::to_string(beat->beat);
    return text;
}

// Keeps the `count` choices nearest `near`, in time order.
std::vector<PlacementChoice> nearestInTimeOrder(std::vector<PlacementChoice> group, int64_t near, size_t count)
{
    auto distance = [near](const PlacementChoice& c) { return c.sample > near ? c.sample - near : near - c.sample; };
    if (group.size() > count) {
        std::stable_sort(group.begin(), group.end(),
                         [&](const PlacementChoice& a, const PlacementChoice& b) { return distance(a) < distance(b); });
        group.resize(count);
    }
    std::stable_sort(group.begin(), group.end(),
                     [](const PlacementChoice& a, const PlacementChoice& b) { return a.sample < b.sample; });
    return group;
}

int64_t cueEnd(const Cue& cue)
{
    int64_t end = cue.startSample;
    for (const auto& seg : effectiveSegments(cue))
        end = std::max(end, seg.timelineEnd());
    return end;
}

} // namespace

std::vector<PlacementChoice> cuePointChoices(const Cue& cue, const Session& session)
{
    using Kind = PlacementChoice::Kind;
    std::vector<PlacementChoice> choices{{Kind::CueStart, "start of the cue", "s:0", 0}};
    std::vector<PlacementChoice> markers;
    for (const auto& [name, sample] : cue.markers)
        if (sample >= 0 && sample <= cue.lengthSamples)
            markers.push_back({Kind::CueMarker, "marker " + name + "  (" + cueOffsetText(cue, sample, session) + ")",
                               "s:" + std::to_string(sample), sample});
    std::stable_sort(markers.begin(), markers.end(),
                     [](const PlacementChoice& a, const PlacementChoice& b) { return a.sample < b.sample; });
    choices.insert(choices.end(), markers.begin(), markers.end());
    choices.push_back({Kind::CueEnd, "end of the cue  (" + cueOffsetText(cue, cue.lengthSamples, session) + ")", "end",
                       cue.lengthSamples});
    return choices;
}

std::vector<PlacementChoice> picturePointChoices(const Session& session, int64_t near, size_t perGroup)
{
    using Kind = PlacementChoice::Kind;
    const CutVersion* cut = session.currentCutVersion();
    if (cut == nullptr)
        return {};
    std::vector<PlacementChoice> markers, edits;
    for (const auto& m : cut->edl.markers) {
        const int64_t sample = framesToSamples(m.frame, session.frameRate, session.sampleRate);
        const std::string tc = formatFrames(m.frame, session.frameRate);
        markers.push_back({Kind::PictureMarker, (m.name.empty() ? "marker" : m.name) + "  " + tc, tc, sample});
    }
    // Numbered as resolvePicturePoint counts: every picture event in list order, from 1.
    int index = 0;
    for (const auto& e : cut->edl.events) {
        if (!e.isVideo())
            continue;
        ++index;
        const int64_t sample = framesToSamples(e.recordInFrame, session.frameRate, session.sampleRate);
        const std::string clip = e.clipName.value_or(e.reel);
        edits.push_back({Kind::EditPoint, "edit " + std::to_string(index) + "  " + clip + "  " + timecodeOf(sample, session),
                         "cut:" + std::to_string(index), sample});
    }
    auto choices = nearestInTimeOrder(std::move(markers), near, perGroup);
    const auto nearEdits = nearestInTimeOrder(std::move(edits), near, perGroup);
    choices.insert(choices.end(), nearEdits.begin(), nearEdits.end());
    return choices;
}

std::vector<PlacementChoice> fitTargetChoices(const Session& session, const Cue& cue, size_t perGroup)
{
    // Everything after the start first, so the cut to perGroup keeps only targets that can be hit.
    std::vector<PlacementChoice> after;
    for (auto& c : picturePointChoices(session, cueEnd(cue), std::numeric_limits<size_t>::max()))
        if (c.sample > cue.startSample)
            after.push_back(std::move(c));
    std::vector<PlacementChoice> markers, edits;
    for (auto& c : after)
        (c.kind == PlacementChoice::Kind::PictureMarker ? markers : edits).push_back(std::move(c));
    auto choices = nearestInTimeOrder(std::move(markers), cueEnd(cue), perGroup);
    const auto nearEdits = nearestInTimeOrder(std::move(edits), cueEnd(cue), perGroup);
    choices.insert(choices.end(), nearEdits.begin(), nearEdits.end());
    return choices;
}

size_t nearestChoice(const std::vector<PlacementChoice>& choices, int64_t sample)
{
    size_t best = 0;
    for (size_t i = 1; i < choices.size(); ++i) {
        const int64_t d = choices[i].sample > sample ? choices[i].sample - sample : sample - choices[i].sample;
        const int64_t b = choices[best].sample > sample ? choices[best].sample - sample : sample - choices[best].sample;
        if (d < b)
            best = i;
    }
    return best;
}

Session syncCueToPicture(const Session& session, std::string_view cueNumber, std::string_view cuePoint,
                         std::string_view picturePoint)
{
    const Cue* cue = session.findCue(cueNumber);
    if (cue == nullptr)
        throw PlacementError("there is no cue " + std::string(cueNumber) + " in the session");
    const int64_t inCue = resolveCuePoint(*cue, cuePoint);
    const int64_t inPicture = resolvePicturePoint(session, picturePoint);
    return syncCue(session, cueNumber, inCue, inPicture);
}

} // namespace cuesmith
