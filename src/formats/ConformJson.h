#pragma once
// The JSON forms of a change list (`cuesmith edl diff --json`) and of a conform report
// (`cuesmith conform --report/--json`). Positions come both as numbers (frames or samples since
// midnight) and as timecode text. Any thread.

#include "core/ChangeList.h"
#include "core/Conform.h"

#include <nlohmann/json.hpp>

namespace cuesmith {

// {rate, old{start, end, start_frame, end_frame, shots}, new{...}, summary{unchanged, moved, ...,
//  new_picture_frames}, shots[{kind, reordered, reversioned, black, reel, clip, old{event,
//  record_in, record_out, record_in_frame, record_out_frame, source_in, source_out}|null,
//  new{...}|null, shift_frames, head_trimmed, tail_trimmed, middle_removed, head_extended,
//  tail_extended, placements[...], notes[]}], new_picture[{record_in, record_out, frames,
//  new_event, reel, extension}], mapping[{old_in, old_out, new_in, shift_frames, reordered}],
//  warnings[]}
nlohmann::json changeListToJson(const ChangeList& changes);

// {from_cut, to_cut, frame_rate, sample_rate, summary{cues, unchanged, moved, edited, removed,
//  splices, splices_needing_fix, splices_inside_sustained_notes, gaps, outside_picture},
//  cues[{cue, status, removed_samples, bar_lines_known, samples_before_picture,
//  samples_after_picture, moves[], splices[{..., on_bar_lines, inside_sustained_note (null: not
//  heard), needs_musical_fix, fix_reasons["off_bar_line"|"inside_sustained_note"], outgoing_bars,
//  incoming_bars, outgoing_sound{source_sample, sustained, level_db, quiet_level_db,
//  sound_threshold_db, onset_sample}|null, incoming_sound}], gaps[], old_segments[],
//  new_segments[], notes[]}], speech{regions_before, regions_after, regions_moved,
//  regions_removed, removed_samples, edits_before, edits_after, old_cut_sources[]}, notes[],
//  changes{changeListToJson}}
nlohmann::json conformReportToJson(const ConformResult& result);

} // namespace cuesmith
