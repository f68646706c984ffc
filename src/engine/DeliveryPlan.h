#pragma once
// The plan a delivery plays: the session compiled with its ducks, plus each bus's dialogue-band
// EQ depth measured from how the music masks the dialogue. Renders and the real-time player both
// start from it, so what is heard is what is delivered. Worker or CLI thread: it reads files.

#include "DialogueMasking.h"
#include "RenderPlan.h"

#include <map>
#include <utility>
#include <vector>

namespace cuesmith {

// Masking measured per dialogue band (low, high Hz), region by region of the speech. It depends on
// the cues, their automation, the dialogue and the speech regions, not on the duck or EQ settings
// (each bus joins the regions across its own hold from it): a caller that changes only those may
// pass the same cache again and skip re-reading the stems.
using DialogueMaskingCache = std::map<std::pair<double, double>, std::vector<PhraseMasking>>;

// dialogueProcessing false: undipped (no duck, no dialogue EQ; automation stays).
RenderPlan compileDeliveryPlan(const Session& session, ChannelLayout layout, bool dialogueProcessing,
                               DialogueMaskingCache* cache = nullptr);

} // namespace cuesmith
