#include "ChangeList.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iterator>
#include <map>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>

namespace cuesmith {

namespace {

char upperChar(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }
bool isDigitChar(char c) { return c >= '0' && c <= '9'; }
bool isAlnumChar(char c)
{
    return isDigitChar(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    return a.size() == b.size()
           && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return upperChar(x) == upperChar(y); });
}

bool isBlackReel(std::string_view reel)
{
    return equalsNoCase(reel, "BL") || equalsNoCase(reel, "BLK") || equalsNoCase(reel, "BLACK");
}

// A speed in milli-frames per second, or nullopt at normal speed. "Normal" is the timecode base
// (M2 lines write 024.0 for 23.976 material) or the exact rate.
std::optional<int64_t> abnormalSpeedMilli(const EdlEvent& e, const FrameRate& rate)
{
    if (!e.speed || !std::isfinite(*e.speed))
        return std::nullopt;
    const double base = rate.timecodeBase();
    const double exact = static_cast<double>(rate.numerator) / static_cast<double>(rate.denominator);
    if (std::abs(*e.speed - base) < 0.005 || std::abs(*e.speed - exact) < 0.005)
        return std::nullopt;
    return static_cast<int64_t>(std::llround(std::abs(*e.speed) * 1000.0));
}

// Disjoint half-open intervals; tells which parts of a range are still free.
class IntervalSet {
public:
    std::vector<std::pair<int64_t, int64_t>> freeParts(int64_t a, int64_t b) const
    {
        std::vector<std::pair<int64_t, int64_t>> parts;
        auto it = spans_.upper_bound(a);
        if (it != spans_.begin() && std::prev(it)->second > a)
            --it;
        int64_t cursor = a;
        for (; it != spans_.end() && it->first < b; ++it) {
            if (it->first > cursor)
                parts.emplace_back(cursor, it->first);
            cursor = std::max(cursor, it->second);
        }
        if (cursor < b)
            parts.emplace_back(cursor, b);
        return parts;
    }

    // The range must be free (callers add only what freeParts returned).
    void add(int64_t a, int64_t b) { spans_.emplace(a, b); }

private:
    std::map<int64_t, int64_t> spans_;
};

// Per-shot facts matching needs but the public CutShot does not carry.
struct ShotSpan {
    int64_t sourceEnd = 0;               // exclusive, in source frames
    std::optional<int64_t> speedMilli;   // abnormal speed, milli-frames per second
};

struct Candidate {
    size_t o = 0, n = 0;
    int64_t oldIn = 0, oldOut = 0, shift = 0;
    bool clipAgrees = true;
    bool viaClipName = false;  // found by clip name because the reels differ
};

struct Piece {
    size_t o = 0, n = 0;
    int64_t oldIn = 0, oldOut = 0, shift = 0;
    bool reordered = false;
    bool viaClipName = false;
};

// Record offset inside a shot that shows the given source offset.
int64_t recordOffsetOf(const CutShot& shot, const ShotSpan& span, int64_t sourceOffset, int64_t base)
{
    if (!span.speedMilli)
        return std::clamp<int64_t>(sourceOffset, 0, shot.length());
    if (*span.speedMilli == 0)  // a freeze shows its one frame throughout
        return sourceOffset > 0 ? shot.length() : 0;
    const __int128 scaled = static_cast<__int128>(sourceOffset) * base * 1000 / *span.speedMilli;
    return std::clamp<int64_t>(static_cast<int64_t>(scaled), 0, shot.length());
}

ShotSpan spanOf(const CutShot& shot, const std::optional<int64_t>& speedMilli, int64_t base)
{
    ShotSpan span;
    span.speedMilli = speedMilli;
    int64_t sourceLength = shot.length();  // normal speed: one source frame per record frame
    if (speedMilli) {
        if (*speedMilli == 0)
            sourceLength = 1;
        else
            sourceLength = std::max<int64_t>(
                1, static_cast<int64_t>((static_cast<__int128>(shot.length()) * *speedMilli + base * 1000 - 1)
                                        / (base * 1000)));
    }
    span.sourceEnd = shot.sourceIn + sourceLength;
    return span;
}

// New shots of one material key sorted by source in, with the running maximum of their source
// ends so an overlap query walks back only as far as an overlap is still possible.
struct SourceIndex {
    std::vector<size_t> shots;
    std::vector<int64_t> maxEnd;
};

template <typename Fn>
void forEachOverlap(const SourceIndex& index, const std::vector<CutShot>& shots,
                    const std::vector<ShotSpan>& spans, int64_t from, int64_t to, Fn&& fn)
{
    const auto first = std::lower_bound(index.shots.begin(), index.shots.end(), to, [&](size_t s, int64_t value) {
        return shots[s].sourceIn < value;
    });
    for (auto k = static_cast<size_t>(first - index.shots.begin()); k > 0; --k) {
        if (index.maxEnd[k - 1] <= from)
            break;
        const size_t s = index.shots[k - 1];
        if (spans[s].sourceEnd > from)
            fn(s);
    }
}

std::unordered_map<std::string, SourceIndex> buildIndex(const std::vector<CutShot>& shots,
                                                        const std::vector<ShotSpan>& spans, bool byClip)
{
    std::unordered_map<std::string, SourceIndex> index;
    for (size_t i = 0; i < shots.size(); ++i) {
        const CutShot& s = shots[i];
        const std::string& key = byClip ? s.clipKey : s.materialKey;
        if (s.black || key.empty())
            continue;
        index[key].shots.push_back(i);
    }
    for (auto& [key, entry] : index) {
        std::stable_sort(entry.shots.begin(), entry.shots.end(),
                         [&](size_t a, size_t b) { return shots[a].sourceIn < shots[b].sourceIn; });
        entry.maxEnd.resize(entry.shots.size());
        int64_t running = INT64_MIN;
        for (size_t k = 0; k < entry.shots.size(); ++k) {
            running = std::max(running, spans[entry.shots[k]].sourceEnd);
            entry.maxEnd[k] = running;
        }
    }
    return index;
}

Candidate makeCandidate(const CutShot& o, const ShotSpan& os, const CutShot& n, const ShotSpan& ns, int64_t base)
{
    const int64_t s0 = std::max(o.sourceIn, n.sourceIn);
    const int64_t s1 = std::min(os.sourceEnd, ns.sourceEnd);
    Candidate c;
    const int64_t oldFrom = recordOffsetOf(o, os, s0 - o.sourceIn, base);
    const int64_t newFrom = recordOffsetOf(n, ns, s0 - n.sourceIn, base);
    int64_t length = 0;
    if (!os.speedMilli && !ns.speedMilli) {
        length = s1 - s0;
    } else {
        // Different speeds cannot line up frame for frame: keep the shorter record stretch,
        // head-aligned on the first shared source frame.
        const int64_t oldTo = std::max(recordOffsetOf(o, os, s1 - o.sourceIn, base), oldFrom + 1);
        const int64_t newTo = std::max(recordOffsetOf(n, ns, s1 - n.sourceIn, base), newFrom + 1);
        length = std::min({oldTo - oldFrom, newTo - newFrom, o.length() - oldFrom, n.length() - newFrom});
    }
    c.oldIn = o.recordIn + oldFrom;
    c.oldOut = c.oldIn + std::max<int64_t>(length, 0);
    c.shift = (n.recordIn + newFrom) - c.oldIn;
    c.clipAgrees = o.clipKey.empty() || n.clipKey.empty() || o.clipKey == n.clipKey;
    return c;
}

// The parts of a candidate still free in both cuts, appended to pieces (the caller claims them).
void claim(const Candidate& c, IntervalSet& oldClaims, IntervalSet& newClaims, std::vector<Piece>& pieces)
{
    for (const auto& [a, b] : oldClaims.freeParts(c.oldIn, c.oldOut)) {
        for (const auto& [na, nb] : newClaims.freeParts(a + c.shift, b + c.shift)) {
            Piece p;
            p.o = c.o;
            p.n = c.n;
            p.oldIn = na - c.shift;
            p.oldOut = nb - c.shift;
            p.shift = c.shift;
            p.viaClipName = c.viaClipName;
            pieces.push_back(p);
        }
    }
}

// Piece lookup by old record frame over pieces sorted by oldIn.
const Piece* pieceAt(const std::vector<Piece>& sorted, int64_t frame)
{
    auto it = std::upper_bound(sorted.begin(), sorted.end(), frame,
                               [](int64_t f, const Piece& p) { return f < p.oldIn; });
    if (it == sorted.begin())
        return nullptr;
    --it;
    return frame < it->oldOut ? &*it : nullptr;
}

// Index of a black shot containing a frame (shots sorted by recordIn; black never overlaps
// anything but a badly formed list, so looking at the last two starts before it is enough).
std::optional<size_t> blackShotAt(const std::vector<CutShot>& shots, int64_t frame)
{
    auto it = std::upper_bound(shots.begin(), shots.end(), frame,
                               [](int64_t f, const CutShot& s) { return f < s.recordIn; });
    for (int tries = 0; tries < 2 && it != shots.begin(); ++tries) {
        --it;
        if (it->black && frame < it->recordOut)
            return static_cast<size_t>(it - shots.begin());
    }
    return std::nullopt;
}

// Weighted longest increasing subsequence over pieces in old order keyed by their new position:
// the pieces outside it are the ones that changed order. Weight: frames kept, then smaller shifts
// (so of two swapped shots the shorter one is "the one that moved").
void markReordered(std::vector<Piece>& pieces)
{
    std::vector<size_t> order;
    for (size_t i = 0; i < pieces.size(); ++i)
        order.push_back(i);
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return pieces[a].oldIn < pieces[b].oldIn; });
    std::vector<int64_t> keys;
    for (const size_t i : order)
        keys.push_back(pieces[i].oldIn + pieces[i].shift);
    std::vector<int64_t> sortedKeys = keys;
    std::sort(sortedKeys.begin(), sortedKeys.end());
    sortedKeys.erase(std::unique(sortedKeys.begin(), sortedKeys.end()), sortedKeys.end());

    using Score = std::pair<int64_t, int64_t>;  // (frames, -sum of |shift|)
    struct Best {
        Score score{0, 0};
        int64_t at = -1;  // position in `order` that reached it
    };
    const size_t n = sortedKeys.size();
    std::vector<Best> tree(n + 1);
    auto query = [&](size_t rank) {  // best over ranks < rank (1-based prefix)
        Best best;
        for (size_t i = rank; i > 0; i -= i & (~i + 1))
            if (tree[i].at >= 0 && (best.at < 0 || tree[i].score > best.score))
                best = tree[i];
        return best;
    };
    auto update = [&](size_t rank, const Best& value) {
        for (size_t i = rank; i <= n; i += i & (~i + 1))
            if (tree[i].at < 0 || value.score > tree[i].score)
                tree[i] = value;
    };
    std::vector<int64_t> previous(order.size(), -1);
    std::vector<Score> reached(order.size());
    Best overall;
    for (size_t k = 0; k < order.size(); ++k) {
        const Piece& p = pieces[order[k]];
        const auto rank = static_cast<size_t>(std::lower_bound(sortedKeys.begin(), sortedKeys.end(), keys[k])
                                              - sortedKeys.begin());
        const Best before = query(rank);
        Score score{p.oldOut - p.oldIn, -std::abs(p.shift)};
        if (before.at >= 0) {
            score.first += before.score.first;
            score.second += before.score.second;
            previous[k] = before.at;
        }
        reached[k] = score;
        const Best mine{score, static_cast<int64_t>(k)};
        update(rank + 1, mine);
        if (overall.at < 0 || score > overall.score)
            overall = mine;
    }
    for (auto& p : pieces)
        p.reordered = true;
    for (int64_t k = overall.at; k >= 0; k = previous[static_cast<size_t>(k)])
        pieces[order[static_cast<size_t>(k)]].reordered = false;
}

std::string displayName(const CutShot& s)
{
    return s.clipName ? *s.clipName : s.reel;
}

std::string speedText(const CutShot& s)
{
    if (!s.speed)
        return "normal speed";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f fps", *s.speed);
    return text;
}

} // namespace

std::string normaliseMaterialName(std::string_view name, std::string* version)
{
    std::string s;
    for (const char c : name)
        s += upperChar(c);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.pop_back();
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.erase(s.begin());

    auto isVersionText = [](std::string_view t) {
        return t.size() >= 2 && t[0] == 'V' && std::all_of(t.begin() + 1, t.end(), isDigitChar);
    };
    // A file extension (".MOV", ".MXF", ".EXR") is not part of the name; ".V2" is a version.
    if (const auto dot = s.rfind('.'); dot != std::string::npos && dot > 0) {
        const std::string_view ext = std::string_view(s).substr(dot + 1);
        const bool looksLikeExtension = !ext.empty() && ext.size() <= 5 && !isDigitChar(ext[0])
                                        && std::all_of(ext.begin(), ext.end(), isAlnumChar);
        if (looksLikeExtension && !isVersionText(ext))
            s.erase(dot);
    }
    // Trailing version: V + digits after a separator or a digit ("VFX_010_V11", "SH010V3").
    size_t digits = s.size();
    while (digits > 0 && isDigitChar(s[digits - 1]))
        --digits;
    if (digits < s.size() && digits >= 2 && s[digits - 1] == 'V') {
        const size_t v = digits - 1;
        const char before = s[v - 1];
        size_t cut = std::string::npos;
        if (before == '_' || before == '-' || before == '.' || before == ' ')
            cut = v - 1;
        else if (isDigitChar(before))
            cut = v;
        if (cut != std::string::npos && cut > 0) {
            if (version != nullptr)
                *version = "v" + s.substr(digits);
            s.erase(cut);
            return s;
        }
    }
    if (version != nullptr)
        version->clear();
    return s;
}

std::string shotChangeKindName(ShotChangeKind kind)
{
    switch (kind) {
    case ShotChangeKind::Unchanged: return "unchanged";
    case ShotChangeKind::Moved: return "moved";
    case ShotChangeKind::Trimmed: return "trimmed";
    case ShotChangeKind::Extended: return "extended";
    case ShotChangeKind::Inserted: return "inserted";
    case ShotChangeKind::Deleted: return "deleted";
    case ShotChangeKind::Reordered: return "reordered";
    }
    return "unchanged";
}

std::vector<CutShot> cutShots(const Edl& edl)
{
    std::vector<CutShot> shots;
    for (const auto& e : edl.events) {
        if (!e.isVideo() || e.recordOutFrame <= e.recordInFrame)
            continue;  // audio-only lines; the zero-length outgoing line of a dissolve
        CutShot s;
        s.event = e.number;
        s.reel = e.reel;
        s.clipName = e.clipName;
        s.sourceIn = e.sourceInFrame;
        s.sourceOut = e.sourceOutFrame;
        s.recordIn = e.recordInFrame;
        s.recordOut = e.recordOutFrame;
        s.transition = e.transition;
        s.transitionFrames = e.transitionFrames;
        s.line = e.line;
        s.black = isBlackReel(e.reel);
        if (abnormalSpeedMilli(e, edl.rate))
            s.speed = e.speed;
        if (!s.black) {
            std::string reelVersion, clipVersion;
            const std::string& reelName = equalsNoCase(e.reel, "AX") && e.auxName ? *e.auxName : e.reel;
            s.materialKey = normaliseMaterialName(reelName, &reelVersion);
            if (e.clipName)
                s.clipKey = normaliseMaterialName(*e.clipName, &clipVersion);
            s.version = reelVersion.empty() ? clipVersion : reelVersion;
        }
        shots.push_back(std::move(s));
    }
    std::stable_sort(shots.begin(), shots.end(),
                     [](const CutShot& a, const CutShot& b) { return a.recordIn < b.recordIn; });

    // Record gaps are black too: music over them must follow the shots around them.
    std::vector<CutShot> filled;
    filled.reserve(shots.size());
    int64_t reached = shots.empty() ? 0 : shots.front().recordIn;
    for (auto& s : shots) {
        if (s.recordIn > reached) {
            CutShot gap;
            gap.reel = "(gap)";
            gap.recordIn = reached;
            gap.recordOut = s.recordIn;
            gap.black = true;
            filled.push_back(gap);
        }
        reached = std::max(reached, s.recordOut);
        filled.push_back(std::move(s));
    }
    return filled;
}

std::optional<int64_t> ChangeList::mapFrame(int64_t oldRecordFrame) const
{
    const FrameRun* run = runAt(oldRecordFrame);
    if (run == nullptr)
        return std::nullopt;
    return oldRecordFrame + run->shift;
}

const FrameRun* ChangeList::runAt(int64_t oldRecordFrame) const
{
    auto it = std::upper_bound(runs.begin(), runs.end(), oldRecordFrame,
                               [](int64_t f, const FrameRun& r) { return f < r.oldIn; });
    if (it == runs.begin())
        return nullptr;
    --it;
    return oldRecordFrame < it->oldOut ? &*it : nullptr;
}

bool ChangeList::sharesMaterial() const
{
    return std::any_of(changes.begin(), changes.end(), [&](const ShotChange& c) {
        return c.oldShot && !oldShots[*c.oldShot].black && !c.placements.empty();
    });
}

size_t ChangeList::count(ShotChangeKind kind) const
{
    return static_cast<size_t>(
        std::count_if(changes.begin(), changes.end(), [&](const ShotChange& c) { return c.kind == kind; }));
}

const ShotChange* ChangeList::changeForOldShot(size_t oldShot) const
{
    for (const auto& c : changes)
        if (c.oldShot == oldShot)
            return &c;
    return nullptr;
}

ChangeList diffCuts(const Edl& oldCut, const Edl& newCut)
{
    ChangeList result;
    result.rate = oldCut.rate;
    if (oldCut.rate.timecodeBase() != newCut.rate.timecodeBase() || oldCut.rate.dropFrame != newCut.rate.dropFrame)
        result.warnings.push_back("the two cuts were read at different rates (" + frameRateName(oldCut.rate) + ", "
                                  + frameRateName(newCut.rate) + "): record positions may not compare");
    result.oldShots = cutShots(oldCut);
    result.newShots = cutShots(newCut);
    const auto& oldShots = result.oldShots;
    const auto& newShots = result.newShots;
    if (!oldShots.empty()) {
        result.oldStart = oldShots.front().recordIn;
        for (const auto& s : oldShots)
            result.oldEnd = std::max(result.oldEnd, s.recordOut);
    }
    if (!newShots.empty()) {
        result.newStart = newShots.front().recordIn;
        for (const auto& s : newShots)
            result.newEnd = std::max(result.newEnd, s.recordOut);
    }

    const int64_t base = std::max(1, oldCut.rate.timecodeBase());
    auto spansFor = [&](const Edl& edl, const std::vector<CutShot>& shots) {
        std::vector<ShotSpan> spans;
        spans.reserve(shots.size());
        for (const auto& s : shots) {
            std::optional<int64_t> milli;
            if (s.speed) {
                EdlEvent e;
                e.speed = s.speed;
                milli = abnormalSpeedMilli(e, edl.rate);
            }
            spans.push_back(spanOf(s, milli, base));
        }
        return spans;
    };
    const std::vector<ShotSpan> oldSpans = spansFor(oldCut, oldShots);
    const std::vector<ShotSpan> newSpans = spansFor(newCut, newShots);

    // Every overlap of material between an old and a new shot.
    const auto byReel = buildIndex(newShots, newSpans, false);
    const auto byClip = buildIndex(newShots, newSpans, true);
    std::vector<Candidate> candidates;
    std::vector<bool> newHadCandidate(newShots.size(), false);
    for (size_t o = 0; o < oldShots.size(); ++o) {
        const CutShot& os = oldShots[o];
        if (os.black)
            continue;
        const size_t before = candidates.size();
        auto consider = [&](size_t n, bool viaClip) {
            Candidate c = makeCandidate(os, oldSpans[o], newShots[n], newSpans[n], base);
            if (c.oldOut <= c.oldIn)
                return;
            c.o = o;
            c.n = n;
            c.viaClipName = viaClip;
            candidates.push_back(c);
            newHadCandidate[n] = true;
        };
        if (const auto it = byReel.find(os.materialKey); it != byReel.end())
            forEachOverlap(it->second, newShots, newSpans, os.sourceIn, oldSpans[o].sourceEnd,
                           [&](size_t n) { consider(n, false); });
        // A reel renamed between exports: the same clip at the same source timecode is the same
        // picture.
        if (candidates.size() == before && !os.clipKey.empty())
            if (const auto it = byClip.find(os.clipKey); it != byClip.end())
                forEachOverlap(it->second, newShots, newSpans, os.sourceIn, oldSpans[o].sourceEnd,
                               [&](size_t n) { consider(n, true); });
    }

    // Greedy assignment, most convincing first: agreeing clip names, then the longest overlap,
    // then the smallest move (so repeated material maps to its nearest use).
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
        if (a.clipAgrees != b.clipAgrees)
            return a.clipAgrees;
        if (a.oldOut - a.oldIn != b.oldOut - b.oldIn)
            return a.oldOut - a.oldIn > b.oldOut - b.oldIn;
        if (std::abs(a.shift) != std::abs(b.shift))
            return std::abs(a.shift) < std::abs(b.shift);
        return std::tie(a.o, a.n) < std::tie(b.o, b.n);
    });
    IntervalSet oldClaims, newClaims;
    std::vector<Piece> pieces;
    auto take = [&](const Candidate& c) {
        const size_t first = pieces.size();
        claim(c, oldClaims, newClaims, pieces);
        for (size_t k = first; k < pieces.size(); ++k) {
            oldClaims.add(pieces[k].oldIn, pieces[k].oldOut);
            newClaims.add(pieces[k].oldIn + pieces[k].shift, pieces[k].oldOut + pieces[k].shift);
        }
    };
    for (const auto& c : candidates)
        take(c);

    // Black follows its neighbours: it goes where the frame before it went (or, failing that,
    // ends where the frame after it went), onto black of the new cut.
    {
        std::vector<Piece> sorted = pieces;
        std::sort(sorted.begin(), sorted.end(), [](const Piece& a, const Piece& b) { return a.oldIn < b.oldIn; });
        for (size_t o = 0; o < oldShots.size(); ++o) {
            const CutShot& b = oldShots[o];
            if (!b.black)
                continue;
            std::optional<Candidate> anchored;
            if (const Piece* before = pieceAt(sorted, b.recordIn - 1)) {
                const int64_t at = b.recordIn + before->shift;
                if (const auto n = blackShotAt(newShots, at)) {
                    Candidate c;
                    c.o = o;
                    c.n = *n;
                    c.oldIn = b.recordIn;
                    c.oldOut = b.recordIn + std::min(b.length(), newShots[*n].recordOut - at);
                    c.shift = before->shift;
                    anchored = c;
                }
            }
            if (!anchored) {
                if (const Piece* after = pieceAt(sorted, b.recordOut)) {
                    const int64_t end = b.recordOut + after->shift;
                    if (const auto n = blackShotAt(newShots, end - 1)) {
                        Candidate c;
                        c.o = o;
                        c.n = *n;
                        c.oldOut = b.recordOut;
                        c.oldIn = b.recordOut - std::min(b.length(), end - newShots[*n].recordIn);
                        c.shift = after->shift;
                        anchored = c;
                    }
                }
            }
            if (anchored && anchored->oldOut > anchored->oldIn)
                take(*anchored);
        }
    }

    std::sort(pieces.begin(), pieces.end(), [](const Piece& a, const Piece& b) { return a.oldIn < b.oldIn; });
    {
        // Order changes are judged on real picture only; black never "moves to another place".
        std::vector<Piece> picture;
        std::vector<size_t> where;
        for (size_t i = 0; i < pieces.size(); ++i)
            if (!oldShots[pieces[i].o].black) {
                picture.push_back(pieces[i]);
                where.push_back(i);
            }
        markReordered(picture);
        for (size_t k = 0; k < picture.size(); ++k)
            pieces[where[k]].reordered = picture[k].reordered;
    }

    for (const auto& p : pieces) {
        if (!result.runs.empty() && result.runs.back().oldOut == p.oldIn && result.runs.back().shift == p.shift
            && result.runs.back().reordered == p.reordered)
            result.runs.back().oldOut = p.oldOut;
        else
            result.runs.push_back(FrameRun{p.oldIn, p.oldOut, p.shift, p.reordered});
    }

    std::vector<std::vector<size_t>> byOld(oldShots.size()), byNew(newShots.size());
    for (size_t i = 0; i < pieces.size(); ++i) {
        byOld[pieces[i].o].push_back(i);
        byNew[pieces[i].n].push_back(i);
    }

    // New picture: inserted shots, and the parts of matched shots no old frame maps to.
    std::vector<int64_t> headExtension(oldShots.size(), 0), tailExtension(oldShots.size(), 0);
    for (size_t n = 0; n < newShots.size(); ++n) {
        const CutShot& ns = newShots[n];
        if (byNew[n].empty()) {
            result.newPicture.push_back(NewPicture{ns.recordIn, ns.recordOut, n, false});
            continue;
        }
        std::vector<std::pair<int64_t, size_t>> inNew;  // (new in, piece)
        for (const size_t i : byNew[n])
            inNew.emplace_back(pieces[i].oldIn + pieces[i].shift, i);
        std::sort(inNew.begin(), inNew.end());
        int64_t cursor = ns.recordIn;
        for (const auto& [newIn, i] : inNew) {
            if (newIn > cursor)
                result.newPicture.push_back(NewPicture{cursor, newIn, n, true});
            cursor = std::max(cursor, pieces[i].oldOut + pieces[i].shift);
        }
        if (cursor < ns.recordOut)
            result.newPicture.push_back(NewPicture{cursor, ns.recordOut, n, true});
        const Piece& first = pieces[inNew.front().second];
        const Piece& last = pieces[inNew.back().second];
        headExtension[first.o] += first.oldIn + first.shift - ns.recordIn;
        tailExtension[last.o] += ns.recordOut - (last.oldOut + last.shift);
    }
    std::sort(result.newPicture.begin(), result.newPicture.end(),
              [](const NewPicture& a, const NewPicture& b) { return a.recordIn < b.recordIn; });

    // One change per old shot, then one per inserted new shot; ordered by where they are (or
    // were) in the new cut.
    struct Keyed {
        int64_t position;
        int rank;  // deleted before inserted before the rest at one position
        size_t order;
        ShotChange change;
    };
    std::vector<Keyed> keyed;
    int64_t lastPosition = result.newStart;
    for (size_t o = 0; o < oldShots.size(); ++o) {
        const CutShot& os = oldShots[o];
        ShotChange c;
        c.oldShot = o;
        if (byOld[o].empty()) {
            c.kind = ShotChangeKind::Deleted;
            keyed.push_back(Keyed{lastPosition, 0, o, std::move(c)});
            continue;
        }
        const Piece* main = nullptr;
        for (const size_t i : byOld[o]) {
            const Piece& p = pieces[i];
            c.placements.push_back(ShotPlacement{p.oldIn, p.oldOut, p.shift, p.n, p.reordered});
            if (main == nullptr || p.oldOut - p.oldIn > main->oldOut - main->oldIn)
                main = &p;
        }
        c.newShot = main->n;
        c.shift = main->shift;
        c.reordered = main->reordered;
        c.headTrimmed = c.placements.front().oldIn - os.recordIn;
        c.tailTrimmed = os.recordOut - c.placements.back().oldOut;
        for (size_t k = 1; k < c.placements.size(); ++k)
            c.middleRemoved += c.placements[k].oldIn - c.placements[k - 1].oldOut;
        c.headExtended = headExtension[o];
        c.tailExtended = tailExtension[o];

        const CutShot& ns = newShots[main->n];
        if (!os.black) {
            if (os.version != ns.version && os.materialKey == ns.materialKey) {
                c.reversioned = true;
                const bool reelsDiffer = !equalsNoCase(os.reel, ns.reel);
                c.notes.push_back("re-versioned " + (reelsDiffer ? os.reel : displayName(os)) + " -> "
                                  + (reelsDiffer ? ns.reel : displayName(ns)));
            } else if (!os.clipKey.empty() && !ns.clipKey.empty() && os.clipKey != ns.clipKey) {
                c.notes.push_back("clip renamed " + *os.clipName + " -> " + *ns.clipName);
            }
            if (main->viaClipName)
                c.notes.push_back("reel renamed " + os.reel + " -> " + ns.reel + " (matched by clip name)");
            if (os.speed != ns.speed)
                c.notes.push_back("speed changed (" + speedText(os) + " -> " + speedText(ns)
                                  + "): positions inside the shot are approximate");
            if (os.transitionFrames != ns.transitionFrames
                && (os.transition != EdlTransition::Cut || ns.transition != EdlTransition::Cut))
                c.notes.push_back(transitionName(os.transition) + " " + std::to_string(os.transitionFrames)
                                  + " frames -> " + transitionName(ns.transition) + " "
                                  + std::to_string(ns.transitionFrames) + " frames");
            if (std::any_of(c.placements.begin(), c.placements.end(),
                            [&](const ShotPlacement& p) { return p.newShot != main->n; }))
                c.notes.push_back("split across several shots of the new cut");
        }

        if (c.reordered)
            c.kind = ShotChangeKind::Reordered;
        else if (c.headTrimmed > 0 || c.tailTrimmed > 0 || c.middleRemoved > 0)
            c.kind = ShotChangeKind::Trimmed;
        else if (c.headExtended > 0 || c.tailExtended > 0)
            c.kind = ShotChangeKind::Extended;
        else if (c.shift != 0)
            c.kind = ShotChangeKind::Moved;
        else
            c.kind = ShotChangeKind::Unchanged;

        const int64_t position = main->oldIn + main->shift - c.headExtended;
        if (!c.reordered)
            lastPosition = c.placements.back().oldOut + c.placements.back().shift;
        keyed.push_back(Keyed{position, 2, o, std::move(c)});
    }
    for (size_t n = 0; n < newShots.size(); ++n) {
        if (!byNew[n].empty())
            continue;
        ShotChange c;
        c.kind = ShotChangeKind::Inserted;
        c.newShot = n;
        if (newHadCandidate[n])
            c.notes.push_back("repeats material the old cut shows elsewhere");
        keyed.push_back(Keyed{newShots[n].recordIn, 1, oldShots.size() + n, std::move(c)});
    }
    std::stable_sort(keyed.begin(), keyed.end(), [](const Keyed& a, const Keyed& b) {
        return std::tie(a.position, a.rank, a.order) < std::tie(b.position, b.rank, b.order);
    });
    result.changes.reserve(keyed.size());
    for (auto& k : keyed)
        result.changes.push_back(std::move(k.change));

    if (!result.sharesMaterial() && !oldShots.empty() && !newShots.empty())
        result.warnings.push_back("the two cuts share no picture material");
    return result;
}

} // namespace cuesmith
