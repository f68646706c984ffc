#include "SpeechEdits.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

namespace {

void addRegion(std::vector<SpeechRegion>& regions, SpeechRegion added)
{
    std::vector<SpeechRegion> out;
    for (const auto& r : regions) {
        if (r.end < added.start || r.start > added.end) {
            out.push_back(r);
            continue;
        }
        added.start = std::min(added.start, r.start);
        added.end = std::max(added.end, r.end);
    }
    out.push_back(added);
    std::sort(out.begin(), out.end(), [](const SpeechRegion& a, const SpeechRegion& b) { return a.start < b.start; });
    regions = std::move(out);
}

bool overlapsAny(const std::vector<SpeechRegion>& regions, int64_t start, int64_t end)
{
    return std::any_of(regions.begin(), regions.end(), [&](const SpeechRegion& r) { return r.start < end && start < r.end; });
}

// Cuts [start, end) out of the regions. What is left touching the cut (a region's ends outside it,
// or a region that only abuts it) stays when it is at least `remnant` long or holds speech the hand
// added; anything shorter is the detector's edge around speech the hand removed.
void removeRange(std::vector<SpeechRegion>& regions, int64_t start, int64_t end, int64_t remnant,
                 const std::vector<SpeechRegion>& handAdded)
{
    std::vector<SpeechRegion> out;
    auto keep = [&](SpeechRegion piece) {
        if (piece.length() >= remnant || overlapsAny(handAdded, piece.start, piece.end))
            out.push_back(piece);
    };
    for (const auto& r : regions) {
        if (r.end < start || r.start > end) {
            out.push_back(r);
            continue;
        }
        if (r.start < start)
            keep({r.start, std::min(r.end, start), r.confidence});
        if (r.end > end)
            keep({std::max(r.start, end), r.end, r.confidence});
    }
    regions = std::move(out);
}

} // namespace

int64_t speechRemnantSamples(int64_t sampleRate)
{
    return static_cast<int64_t>(std::llround(kSpeechRemnantSeconds * static_cast<double>(sampleRate)));
}

std::vector<SpeechRegion> effectiveSpeech(const std::vector<SpeechRegion>& detected, const std::vector<SpeechEdit>& edits,
                                          int64_t remnantSamples)
{
    std::vector<SpeechRegion> regions;
    for (const auto& r : detected)
        if (r.end > r.start)
            addRegion(regions, r);
    // What the hand added and has not removed since: never a remnant.
    std::vector<SpeechRegion> handAdded;
    for (const auto& e : edits) {
        if (e.end <= e.start)
            continue;
        if (e.kind == SpeechEdit::Kind::Add) {
            addRegion(regions, {e.start, e.end, 1.0f});
            addRegion(handAdded, {e.start, e.end, 1.0f});
        } else {
            removeRange(regions, e.start, e.end, remnantSamples, handAdded);
            removeRange(handAdded, e.start, e.end, 0, {});
        }
    }
    return regions;
}

std::vector<SpeechEdit> nudgeEdits(const std::vector<SpeechRegion>& effective, int64_t at, bool startEdge, int64_t delta)
{
    const auto it = std::find_if(effective.begin(), effective.end(),
                                 [&](const SpeechRegion& r) { return r.start <= at && at < r.end; });
    if (it == effective.end() || delta == 0)
        return {};
    int64_t start = it->start, end = it->end;
    (startEdge ? start : end) += delta;
    if (end <= start)  // nudged shut: the region is gone
        return {{SpeechEdit::Kind::Remove, it->start, it->end}};
    return {{SpeechEdit::Kind::Remove, it->start, it->end}, {SpeechEdit::Kind::Add, start, end}};
}

} // namespace cuesmith
