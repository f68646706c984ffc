#pragma once
// The JSON form of an EDL printed by `cuesmith edl show --json`. Any thread.

#include "core/Edl.h"

#include <nlohmann/json.hpp>

namespace cuesmith {

// {title, rate, drop_frame, events[{number, reel, channels, transition, transition_frames,
//  source_in, source_out, record_in, record_out, record_in_frame, record_out_frame, clip_name,
//  speed}], markers[{timecode, frame, color, name}], warnings[{line, message}]}
nlohmann::json edlToJson(const Edl& edl);

} // namespace cuesmith
