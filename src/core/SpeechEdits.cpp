#include "SpeechEdits.h"

#include <algorithm>

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

void removeRange(std::vector<SpeechRegion>& regions, int64_t start, int64_t end)
{
    std::vector<SpeechRegion> out;
    for (const auto& r : regions) {
        if (r.end <= start || r.start >= end) {
            out.push_back(r);
            continue;
        }
        if (r.start < start)
            out.push_back({r.start, start, r.confidence});
        if (r.end > end)
            out.push_back({end, r.end, r.confidence});
    }
    regions = std::move(out);
}

} // namespace

std::vector<SpeechRegion> effectiveSpeech(const std::vector<SpeechRegion>& detected, const std::vector<SpeechEdit>& edits)
{
    std::vector<SpeechRegion> regions;
    for (const auto& r : detected)
        if (r.end > r.start)
            addRegion(regions, r);
    for (const auto& e : edits) {
        if (e.end <= e.start)
            continue;
        if (e.kind == SpeechEdit::Kind::Add)
            addRegion(regions, {e.start, e.end, 1.0f});
        else
            removeRange(regions, e.start, e.end);
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
