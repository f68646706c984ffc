#include "ConformJson.h"

#include "core/Timecode.h"

#include <cmath>
#include <string>

namespace cuesmith {

namespace {

using nlohmann::json;

json optionalNumber(const std::optional<int64_t>& value) { return value ? json(*value) : json(); }

json shotSideToJson(const CutShot& shot, const FrameRate& rate)
{
    json side{{"event", shot.event},
              {"record_in", formatFrames(shot.recordIn, rate)},
              {"record_out", formatFrames(shot.recordOut, rate)},
              {"record_in_frame", shot.recordIn},
              {"record_out_frame", shot.recordOut}};
    if (shot.black) {
        side["source_in"] = nullptr;
        side["source_out"] = nullptr;
    } else {
        side["source_in"] = formatFrames(shot.sourceIn, rate);
        side["source_out"] = formatFrames(shot.sourceOut, rate);
    }
    side["transition"] = transitionName(shot.transition);
    side["transition_frames"] = shot.transitionFrames;
    side["speed"] = shot.speed ? json(*shot.speed) : json();
    return side;
}

json shotChangeToJson(const ShotChange& c, const ChangeList& list)
{
    const FrameRate& rate = list.rate;
    const CutShot* oldShot = c.oldShot ? &list.oldShots[*c.oldShot] : nullptr;
    const CutShot* newShot = c.newShot ? &list.newShots[*c.newShot] : nullptr;
    const CutShot& named = oldShot != nullptr ? *oldShot : *newShot;
    json j{{"kind", shotChangeKindName(c.kind)},
           {"reordered", c.reordered},
           {"reversioned", c.reversioned},
           {"black", named.black},
           {"reel", named.reel},
           {"clip", named.clipName ? json(*named.clipName) : json()},
           {"old", oldShot != nullptr ? shotSideToJson(*oldShot, rate) : json()},
           {"new", newShot != nullptr ? shotSideToJson(*newShot, rate) : json()},
           {"shift_frames", c.shift},
           {"head_trimmed", c.headTrimmed},
           {"tail_trimmed", c.tailTrimmed},
           {"middle_removed", c.middleRemoved},
           {"head_extended", c.headExtended},
           {"tail_extended", c.tailExtended}};
    json placements = json::array();
    for (const auto& p : c.placements)
        placements.push_back({{"old_in", formatFrames(p.oldIn, rate)},
                              {"old_out", formatFrames(p.oldOut, rate)},
                              {"new_in", formatFrames(p.oldIn + p.shift, rate)},
                              {"old_in_frame", p.oldIn},
                              {"old_out_frame", p.oldOut},
                              {"new_in_frame", p.oldIn + p.shift},
                              {"shift_frames", p.shift},
                              {"new_event", list.newShots[p.newShot].event},
                              {"reordered", p.reordered}});
    j["placements"] = std::move(placements);
    j["notes"] = c.notes;
    return j;
}

json segmentsToJson(const std::vector<CueSegment>& segments)
{
    json list = json::array();
    for (const auto& s : segments)
        list.push_back({{"source_start", s.sourceStart},
                        {"length", s.length},
                        {"timeline_start", s.timelineStart},
                        {"fade_in", s.fadeIn},
                        {"fade_out", s.fadeOut}});
    return list;
}

json barsToJson(const std::optional<BarLineAdvice>& advice)
{
    if (!advice)
        return nullptr;
    return {{"source_sample", advice->sourceSample},
            {"on_bar_line", advice->onBarLine},
            {"bar_before", optionalNumber(advice->barBefore)},
            {"bar_after", optionalNumber(advice->barAfter)}};
}

json decibels(double value) { return std::isfinite(value) ? json(std::round(value * 100.0) / 100.0) : json(); }

json soundToJson(const std::optional<SpliceSound>& sound)
{
    if (!sound)
        return nullptr;
    return {{"source_sample", sound->sourceSample},
            {"sustained", sound->sustained},
            {"level_db", decibels(sound->levelDb)},
            {"quiet_level_db", decibels(sound->quietLevelDb)},
            {"sound_threshold_db", decibels(sound->soundThresholdDb)},
            {"onset_sample", optionalNumber(sound->onsetSample)}};
}

json cueReportToJson(const CueConformReport& r, const Session& session)
{
    auto tcOf = [&](int64_t sample) {
        return formatFrames(samplesToFrames(sample, session.frameRate, session.sampleRate), session.frameRate);
    };
    json moves = json::array();
    for (const auto& m : r.moves)
        moves.push_back({{"old_timeline_start", m.oldTimelineStart},
                         {"new_timeline_start", m.newTimelineStart},
                         {"old_timecode", tcOf(m.oldTimelineStart)},
                         {"new_timecode", tcOf(m.newTimelineStart)},
                         {"length", m.length},
                         {"source_start", m.sourceStart},
                         {"shift_frames", m.shiftFrames},
                         {"shift_samples", m.shiftSamples},
                         {"reordered", m.reordered}});
    json splices = json::array();
    for (const auto& s : r.splices) {
        json reasons = json::array();
        for (const auto reason : s.fixReasons)
            reasons.push_back(spliceFixReasonName(reason));
        splices.push_back({{"timeline_sample", s.timelineSample},
                           {"timecode", s.timecode},
                           {"outgoing_source_sample", s.outgoingSourceSample},
                           {"incoming_source_sample", s.incomingSourceSample},
                           {"crossfade_samples", s.crossfadeSamples},
                           {"removed_samples", s.removedSamples},
                           {"reorder", s.reorder},
                           {"on_bar_lines", s.onBarLines ? json(*s.onBarLines) : json()},
                           {"inside_sustained_note", s.insideSustainedNote ? json(*s.insideSustainedNote) : json()},
                           {"needs_musical_fix", s.needsMusicalFix},
                           {"fix_reasons", std::move(reasons)},
                           {"outgoing_bars", barsToJson(s.outgoing)},
                           {"incoming_bars", barsToJson(s.incoming)},
                           {"outgoing_sound", soundToJson(s.outgoingSound)},
                           {"incoming_sound", soundToJson(s.incomingSound)}});
    }
    json gaps = json::array();
    for (const auto& g : r.gaps)
        gaps.push_back({{"timeline_start", g.timelineStart},
                        {"timecode", g.timecode},
                        {"length", g.length},
                        {"inserted_picture_samples", g.insertedPictureSamples},
                        {"resume_source_sample", g.resumeSourceSample}});
    return {{"cue", r.cue},
            {"status", cueConformStatusName(r.status)},
            {"removed_samples", r.removedSamples},
            {"bar_lines_known", r.barLinesKnown},
            {"outside_picture", r.outsidePicture()},
            {"samples_before_picture", r.samplesBeforePicture},
            {"samples_after_picture", r.samplesAfterPicture},
            {"moves", std::move(moves)},
            {"splices", std::move(splices)},
            {"gaps", std::move(gaps)},
            {"old_segments", segmentsToJson(r.oldSegments)},
            {"new_segments", segmentsToJson(r.newSegments)},
            {"notes", r.notes}};
}

} // namespace

json changeListToJson(const ChangeList& list)
{
    const FrameRate& rate = list.rate;
    auto extent = [&](int64_t start, int64_t end, size_t shots) {
        return json{{"start", formatFrames(start, rate)},
                    {"end", formatFrames(end, rate)},
                    {"start_frame", start},
                    {"end_frame", end},
                    {"shots", shots}};
    };
    json summary = json::object();
    for (const auto kind : {ShotChangeKind::Unchanged, ShotChangeKind::Moved, ShotChangeKind::Trimmed,
                            ShotChangeKind::Extended, ShotChangeKind::Inserted, ShotChangeKind::Deleted,
                            ShotChangeKind::Reordered})
        summary[shotChangeKindName(kind)] = list.count(kind);
    int64_t newFrames = 0;
    json newPicture = json::array();
    for (const auto& p : list.newPicture) {
        newFrames += p.length();
        newPicture.push_back({{"record_in", formatFrames(p.recordIn, rate)},
                              {"record_out", formatFrames(p.recordOut, rate)},
                              {"record_in_frame", p.recordIn},
                              {"record_out_frame", p.recordOut},
                              {"frames", p.length()},
                              {"new_event", list.newShots[p.newShot].event},
                              {"reel", list.newShots[p.newShot].reel},
                              {"extension", p.extension}});
    }
    summary["new_picture_frames"] = newFrames;
    json shots = json::array();
    for (const auto& c : list.changes)
        shots.push_back(shotChangeToJson(c, list));
    json mapping = json::array();
    for (const auto& r : list.runs)
        mapping.push_back({{"old_in", formatFrames(r.oldIn, rate)},
                           {"old_out", formatFrames(r.oldOut, rate)},
                           {"new_in", formatFrames(r.newIn(), rate)},
                           {"old_in_frame", r.oldIn},
                           {"old_out_frame", r.oldOut},
                           {"new_in_frame", r.newIn()},
                           {"shift_frames", r.shift},
                           {"reordered", r.reordered}});
    return {{"rate", frameRateName(rate)},
            {"old", extent(list.oldStart, list.oldEnd, list.oldShots.size())},
            {"new", extent(list.newStart, list.newEnd, list.newShots.size())},
            {"shares_material", list.sharesMaterial()},
            {"summary", std::move(summary)},
            {"shots", std::move(shots)},
            {"new_picture", std::move(newPicture)},
            {"mapping", std::move(mapping)},
            {"warnings", list.warnings}};
}

json conformReportToJson(const ConformResult& result)
{
    const Session& session = result.session;
    json cues = json::array();
    json summary{{"cues", result.cues.size()}, {"unchanged", 0}, {"moved", 0}, {"edited", 0}, {"removed", 0},
                 {"splices", 0}, {"splices_needing_fix", 0}, {"splices_inside_sustained_notes", 0}, {"gaps", 0},
                 {"outside_picture", 0}};
    for (const auto& r : result.cues) {
        cues.push_back(cueReportToJson(r, session));
        summary[cueConformStatusName(r.status)] = summary[cueConformStatusName(r.status)].get<int64_t>() + 1;
        summary["splices"] = summary["splices"].get<int64_t>() + static_cast<int64_t>(r.splices.size());
        summary["splices_needing_fix"] =
            summary["splices_needing_fix"].get<int64_t>() + static_cast<int64_t>(r.splicesNeedingMusicalFix());
        summary["splices_inside_sustained_notes"] = summary["splices_inside_sustained_notes"].get<int64_t>()
                                                    + static_cast<int64_t>(r.splicesInsideSustainedNotes());
        summary["gaps"] = summary["gaps"].get<int64_t>() + static_cast<int64_t>(r.gaps.size());
        summary["outside_picture"] = summary["outside_picture"].get<int64_t>() + (r.outsidePicture() ? 1 : 0);
    }
    return {{"from_cut", result.fromCut},
            {"to_cut", result.toCut},
            {"frame_rate", frameRateName(session.frameRate)},
            {"sample_rate", session.sampleRate},
            {"summary", std::move(summary)},
            {"cues", std::move(cues)},
            {"speech", {{"regions_before", result.speech.regionsBefore},
                        {"regions_after", result.speech.regionsAfter},
                        {"regions_moved", result.speech.regionsMoved},
                        {"regions_removed", result.speech.regionsRemoved},
                        {"removed_samples", result.speech.removedSamples},
                        {"edits_before", result.speech.editsBefore},
                        {"edits_after", result.speech.editsAfter},
                        {"old_cut_sources", result.speech.oldCutSources}}},
            {"notes", result.notes},
            {"changes", changeListToJson(result.changes)}};
}

} // namespace cuesmith
