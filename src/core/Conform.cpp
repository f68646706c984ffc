#include "Conform.h"

#include "SessionEdits.h"
#include "TempoMap.h"
#include "Timecode.h"

#include <algorithm>
#include <climits>
#include <cstdlib>
#include <utility>

namespace cuesmith {

namespace {

// One stretch of a cue segment that maps through one run of the change list.
struct MappedPiece {
    size_t segment = 0;        // index into the cue's old (effective) segments
    int64_t oldStart = 0;      // timeline samples in the old cut
    int64_t newStart = 0;      // timeline samples in the new cut
    int64_t length = 0;
    int64_t sourceStart = 0;   // samples into the cue
    int64_t fadeIn = 0, fadeOut = 0;  // inherited from the segment's own ends
    FadeShape fadeInShape = FadeShape::EqualPower, fadeOutShape = FadeShape::EqualPower;
    int64_t shiftFrames = 0, shiftSamples = 0;
    bool reordered = false;

    int64_t oldEnd() const { return oldStart + length; }
    int64_t newEnd() const { return newStart + length; }
    int64_t sourceEnd() const { return sourceStart + length; }
};

// One stretch of a timeline range that maps through one run of the change list.
struct RunPiece {
    int64_t oldStart = 0, oldEnd = 0;  // timeline samples in the old cut
    int64_t shiftFrames = 0, shiftSamples = 0;
    bool reordered = false;
    bool beforePicture = false, afterPicture = false;  // reaches past the old picture's first / last frame
};

// Cuts [t0, t1) (timeline samples in the old cut) at the run boundaries it crosses; what lies over
// removed picture is left out. Before the first frame of picture the first run's shift holds, after
// the last frame the last run's. Each run keeps one sample shift, fixed at its first frame.
std::vector<RunPiece> piecesThroughRuns(int64_t t0, int64_t t1, const ChangeList& changes, const Session& session)
{
    std::vector<RunPiece> pieces;
    const auto& runs = changes.runs;
    if (t1 <= t0 || runs.empty())
        return pieces;
    const FrameRate& rate = session.frameRate;
    const int64_t sampleRate = session.sampleRate;
    auto samplesAt = [&](int64_t frame) { return framesToSamples(frame, rate, sampleRate); };
    const int64_t firstFrame = samplesToFrames(t0, rate, sampleRate);
    auto index = static_cast<size_t>(std::upper_bound(runs.begin(), runs.end(), firstFrame,
                                                      [](int64_t f, const FrameRun& r) { return f < r.oldOut; })
                                     - runs.begin());
    if (index == runs.size())
        index = runs.size() - 1;  // the last run may reach past the picture's end
    for (; index < runs.size(); ++index) {
        const FrameRun& run = runs[index];
        const bool extendsBefore = index == 0 && run.oldIn == changes.oldStart;
        const bool extendsAfter = index + 1 == runs.size() && run.oldOut == changes.oldEnd;
        const int64_t from = extendsBefore ? INT64_MIN : samplesAt(run.oldIn);
        const int64_t to = extendsAfter ? INT64_MAX : samplesAt(run.oldOut);
        if (from >= t1)
            break;
        const int64_t a = std::max(t0, from), b = std::min(t1, to);
        if (a >= b)
            continue;
        RunPiece p;
        p.oldStart = a;
        p.oldEnd = b;
        p.shiftFrames = run.shift;
        p.shiftSamples = samplesAt(run.oldIn + run.shift) - samplesAt(run.oldIn);
        p.reordered = run.reordered;
        p.beforePicture = extendsBefore && a < samplesAt(run.oldIn);
        p.afterPicture = extendsAfter && b > samplesAt(run.oldOut);
        pieces.push_back(p);
    }
    return pieces;
}

// A new segment being built, with what it came from.
struct Built {
    CueSegment segment;
    size_t origin = 0;        // old segment index
    int64_t oldStart = 0, oldEnd = 0;
    bool reordered = false;
};

std::string timecodeOfSample(int64_t sample, const Session& session)
{
    return formatFrames(samplesToFrames(sample, session.frameRate, session.sampleRate), session.frameRate);
}

BarLineAdvice adviseBars(int64_t sourceSample, const std::vector<int64_t>& bars, int64_t tolerance)
{
    BarLineAdvice advice;
    advice.sourceSample = sourceSample;
    const auto after = std::upper_bound(bars.begin(), bars.end(), sourceSample);
    if (after != bars.begin())
        advice.barBefore = *std::prev(after);
    if (after != bars.end())
        advice.barAfter = *after;
    advice.onBarLine = (advice.barBefore && sourceSample - *advice.barBefore <= tolerance)
                       || (advice.barAfter && *advice.barAfter - sourceSample <= tolerance);
    return advice;
}

// Sums the overlap of [from, to) (samples) with the new picture ranges (frames).
int64_t insertedSamplesIn(int64_t from, int64_t to, const ChangeList& changes, const Session& session)
{
    const int64_t firstFrame = samplesToFrames(from, session.frameRate, session.sampleRate);
    auto it = std::upper_bound(changes.newPicture.begin(), changes.newPicture.end(), firstFrame,
                               [](int64_t f, const NewPicture& p) { return f < p.recordIn; });
    if (it != changes.newPicture.begin())
        --it;
    int64_t total = 0;
    for (; it != changes.newPicture.end(); ++it) {
        const int64_t a = framesToSamples(it->recordIn, session.frameRate, session.sampleRate);
        const int64_t b = framesToSamples(it->recordOut, session.frameRate, session.sampleRate);
        if (a >= to)
            break;
        total += std::max<int64_t>(0, std::min(b, to) - std::max(a, from));
    }
    return total;
}

// Why a splice needs a musical fix, from its bar lines and (once heard) its sound.
void judgeSplice(ConformSplice& splice)
{
    splice.fixReasons.clear();
    if (splice.onBarLines && !*splice.onBarLines)
        splice.fixReasons.push_back(SpliceFixReason::OffBarLine);
    if (splice.outgoingSound || splice.incomingSound)
        splice.insideSustainedNote = (splice.outgoingSound && splice.outgoingSound->sustained)
                                     || (splice.incomingSound && splice.incomingSound->sustained);
    if (splice.insideSustainedNote.value_or(false))
        splice.fixReasons.push_back(SpliceFixReason::InsideSustainedNote);
    splice.needsMusicalFix = !splice.fixReasons.empty();
}

// A speech region or edit range cut into the pieces that keep their picture, at new positions.
struct MappedRange {
    int64_t start = 0, end = 0;  // new timeline samples
    bool moved = false;
};

std::vector<MappedRange> mapRange(int64_t start, int64_t end, const ChangeList& changes, const Session& session)
{
    std::vector<MappedRange> out;
    for (const RunPiece& p : piecesThroughRuns(start, end, changes, session))
        out.push_back({p.oldStart + p.shiftSamples, p.oldEnd + p.shiftSamples, p.shiftSamples != 0});
    return out;
}

// True when picture under [from, to) (timeline samples) is not what it was: moved in or away,
// removed, or inserted. Audio recorded against the old cut is out of step with the new one there.
bool pictureChangedUnder(int64_t from, int64_t to, const ChangeList& changes, const Session& session)
{
    if (to <= from)
        return false;
    const int64_t f0 = samplesToFrames(from, session.frameRate, session.sampleRate);
    const int64_t f1 = samplesToFrames(to - 1, session.frameRate, session.sampleRate) + 1;
    auto overlap = [](int64_t a0, int64_t a1, int64_t b0, int64_t b1) {
        return std::max<int64_t>(0, std::min(a1, b1) - std::max(a0, b0));
    };
    int64_t kept = 0;
    for (const auto& run : changes.runs) {
        const int64_t here = overlap(run.oldIn, run.oldOut, f0, f1);
        if (run.shift != 0 && (here > 0 || overlap(run.newIn(), run.newOut(), f0, f1) > 0))
            return true;
        kept += here;
    }
    if (kept < overlap(changes.oldStart, changes.oldEnd, f0, f1))
        return true;  // some of its old picture was removed
    return std::any_of(changes.newPicture.begin(), changes.newPicture.end(),
                       [&](const NewPicture& p) { return overlap(p.recordIn, p.recordOut, f0, f1) > 0; });
}

} // namespace

std::string cueConformStatusName(CueConformStatus status)
{
    switch (status) {
    case CueConformStatus::Unchanged: return "unchanged";
    case CueConformStatus::Moved: return "moved";
    case CueConformStatus::Edited: return "edited";
    case CueConformStatus::Removed: return "removed";
    }
    return "unchanged";
}

size_t CueConformReport::splicesNeedingMusicalFix() const
{
    return static_cast<size_t>(
        std::count_if(splices.begin(), splices.end(), [](const ConformSplice& s) { return s.needsMusicalFix; }));
}

size_t CueConformReport::splicesInsideSustainedNotes() const
{
    return static_cast<size_t>(std::count_if(splices.begin(), splices.end(), [](const ConformSplice& s) {
        return s.insideSustainedNote.value_or(false);
    }));
}

std::string spliceFixReasonName(SpliceFixReason reason)
{
    switch (reason) {
    case SpliceFixReason::OffBarLine: return "off_bar_line";
    case SpliceFixReason::InsideSustainedNote: return "inside_sustained_note";
    }
    return "off_bar_line";
}

std::vector<std::string> conformAttention(const CueConformReport& report)
{
    std::vector<std::string> attention;
    for (const auto& splice : report.splices) {
        if (!splice.needsMusicalFix)
            continue;
        const bool offBar = std::find(splice.fixReasons.begin(), splice.fixReasons.end(), SpliceFixReason::OffBarLine)
                            != splice.fixReasons.end();
        const bool sustained = splice.insideSustainedNote.value_or(false);
        std::string what = offBar && sustained ? "is off the bar line and cuts into a sustained note"
                           : sustained        ? "cuts into a sustained note"
                                              : "is off the bar line";
        attention.push_back("splice at " + splice.timecode + " " + what + " (cue sample "
                            + std::to_string(splice.outgoingSourceSample) + " into "
                            + std::to_string(splice.incomingSourceSample) + ")");
    }
    if (!report.barLinesKnown && !report.splices.empty())
        attention.push_back(std::to_string(report.splices.size()) + (report.splices.size() == 1 ? " splice" : " splices")
                            + " made without bar lines: check by ear");
    for (const auto& gap : report.gaps)
        attention.push_back("gap of " + std::to_string(gap.length) + " samples at " + gap.timecode
                            + (gap.insertedPictureSamples > 0 ? " over new picture" : " over picture moved in"));
    if (report.outsidePicture())
        attention.push_back("plays outside the picture of the new cut");
    return attention;
}

void applySpliceSounds(ConformResult& result)
{
    for (auto& report : result.cues) {
        if (report.splices.empty())
            continue;
        for (auto& splice : report.splices)
            judgeSplice(splice);
        for (auto& cue : result.session.cues)
            if (cue.number == report.cue)
                cue.attention = conformAttention(report);
    }
}

std::vector<SpeechRegion> conformSpeechRegions(const std::vector<SpeechRegion>& regions, const ChangeList& changes,
                                               const Session& session)
{
    std::vector<SpeechRegion> pieces;
    for (const auto& r : regions)
        for (const auto& m : mapRange(r.start, r.end, changes, session))
            pieces.push_back({m.start, m.end, r.confidence});
    std::stable_sort(pieces.begin(), pieces.end(),
                     [](const SpeechRegion& a, const SpeechRegion& b) { return a.start < b.start; });
    // Speech that ran across removed picture, or pieces a frame's rounding makes overlap, join up
    // again; the joined region's confidence is its pieces' mean weighted by length.
    std::vector<SpeechRegion> merged;
    for (const auto& p : pieces) {
        if (merged.empty() || p.start > merged.back().end) {
            merged.push_back(p);
            continue;
        }
        SpeechRegion& last = merged.back();
        const int64_t newEnd = std::max(last.end, p.end);
        const double weighted = static_cast<double>(last.confidence) * static_cast<double>(last.length())
                                + static_cast<double>(p.confidence) * static_cast<double>(p.length());
        const double total = static_cast<double>(last.length() + p.length());
        last.end = newEnd;
        last.confidence = total > 0.0 ? static_cast<float>(weighted / total) : last.confidence;
    }
    return merged;
}

std::vector<SpeechEdit> conformSpeechEdits(const std::vector<SpeechEdit>& edits, const ChangeList& changes,
                                           const Session& session)
{
    // Order matters (a later edit overrides an earlier one), so pieces stay where their edit was.
    std::vector<SpeechEdit> out;
    for (const auto& e : edits)
        for (const auto& m : mapRange(e.start, e.end, changes, session))
            out.push_back({e.kind, m.start, m.end});
    return out;
}

std::optional<Cue> conformCue(const Cue& cue, const ChangeList& changes, const Session& session,
                              const ConformOptions& options, CueConformReport& report)
{
    const FrameRate& rate = session.frameRate;
    const int64_t sampleRate = session.sampleRate;
    auto samplesAt = [&](int64_t frame) { return framesToSamples(frame, rate, sampleRate); };

    report = CueConformReport{};
    report.cue = cue.number;
    report.oldSegments = effectiveSegments(cue);

    // 1. Cut every segment at the run boundaries it crosses.
    std::vector<MappedPiece> pieces;
    bool usedBeforePicture = false, usedAfterPicture = false;
    for (size_t k = 0; k < report.oldSegments.size(); ++k) {
        const CueSegment& seg = report.oldSegments[k];
        const int64_t t0 = seg.timelineStart, t1 = seg.timelineEnd();
        for (const RunPiece& run : piecesThroughRuns(t0, t1, changes, session)) {
            usedBeforePicture = usedBeforePicture || run.beforePicture;
            usedAfterPicture = usedAfterPicture || run.afterPicture;
            MappedPiece p;
            p.segment = k;
            p.oldStart = run.oldStart;
            p.length = run.oldEnd - run.oldStart;
            p.shiftFrames = run.shiftFrames;
            p.shiftSamples = run.shiftSamples;
            p.newStart = run.oldStart + p.shiftSamples;
            p.sourceStart = seg.sourceStart + (run.oldStart - t0);
            p.reordered = run.reordered;
            p.fadeIn = run.oldStart == t0 ? std::min(seg.fadeIn, p.length) : 0;
            p.fadeOut = run.oldEnd == t1 ? std::min(seg.fadeOut, p.length) : 0;
            p.fadeInShape = seg.fadeInShape;
            p.fadeOutShape = seg.fadeOutShape;
            pieces.push_back(p);
        }
    }
    int64_t keptSamples = 0, oldSamples = 0;
    for (const auto& p : pieces)
        keptSamples += p.length;
    for (const auto& seg : report.oldSegments)
        oldSamples += std::max<int64_t>(0, seg.length);
    report.removedSamples = oldSamples - keptSamples;
    if (usedBeforePicture)
        report.notes.push_back("music before the first frame of picture follows the first shot");
    if (usedAfterPicture)
        report.notes.push_back("music after the last frame of picture follows the last shot");

    for (const auto& p : pieces)
        report.moves.push_back(CueMove{p.oldStart, p.newStart, p.length, p.sourceStart, p.shiftFrames,
                                       p.shiftSamples, p.reordered});
    std::stable_sort(report.moves.begin(), report.moves.end(), [](const CueMove& a, const CueMove& b) {
        return a.oldTimelineStart < b.oldTimelineStart;
    });

    if (pieces.empty()) {
        report.status = CueConformStatus::Removed;
        report.notes.push_back("all of its picture was removed: the cue is not in the new cut (the previous "
                               "session version keeps it)");
        return std::nullopt;
    }

    // 2. Lay the pieces out in new timeline order and join them.
    std::stable_sort(pieces.begin(), pieces.end(),
                     [](const MappedPiece& a, const MappedPiece& b) { return a.newStart < b.newStart; });
    std::vector<int64_t> bars;
    if (options.barLines)
        bars = options.barLines(cue);
    else if (cue.tempo)
        bars = barLines(*cue.tempo);
    std::sort(bars.begin(), bars.end());
    report.barLinesKnown = !bars.empty();
    const int64_t tolerance = options.barToleranceSamples.value_or(sampleRate / 100);
    const int64_t crossfade = framesToSamples(std::max(0, options.crossfadeFrames), rate, sampleRate);

    std::vector<Built> built;
    for (const auto& q : pieces) {
        Built next;
        next.segment = CueSegment{q.sourceStart, q.length, q.newStart, q.fadeIn, q.fadeOut, q.fadeInShape, q.fadeOutShape};
        next.origin = q.segment;
        next.oldStart = q.oldStart;
        next.oldEnd = q.oldEnd();
        next.reordered = q.reordered;
        if (built.empty()) {
            built.push_back(next);
            continue;
        }
        Built& p = built.back();
        int64_t splicePoint = p.segment.timelineEnd();
        const bool sameOrigin = p.origin == q.segment;
        const bool touchedBefore = sameOrigin || (q.oldStart <= p.oldEnd && q.oldEnd() >= p.oldStart);
        if (q.newStart == splicePoint && sameOrigin && q.sourceStart == p.segment.sourceStart + p.segment.length) {
            // Continuous in both picture and music: one segment.
            p.segment.length += q.length;
            p.segment.fadeOut = q.fadeOut;
            p.segment.fadeOutShape = q.fadeOutShape;
            p.oldEnd = q.oldEnd();
            continue;
        }
        // Each run keeps one sample shift, fixed at its first frame; where a frame is not a whole
        // number of samples (29.97 at 48 kHz) two runs that butt in frames may miss by a sample.
        const int64_t drift = q.newStart - splicePoint;
        if (drift != 0 && std::abs(drift) <= 1 && p.segment.length + drift > p.segment.fadeIn
            && p.segment.sourceStart + p.segment.length + drift <= cue.lengthSamples) {
            p.segment.length += drift;
            splicePoint = q.newStart;
        }
        if (q.newStart == splicePoint) {
            ConformSplice splice;
            splice.timelineSample = splicePoint;
            splice.timecode = timecodeOfSample(splicePoint, session);
            splice.outgoingSourceSample = p.segment.sourceStart + p.segment.length;
            splice.incomingSourceSample = q.sourceStart;
            // The music skipped here was either cut out with its picture or went with picture
            // that moved elsewhere (then the join comes from a reorder, not a removal).
            splice.reorder = p.reordered || q.reordered || q.oldStart < p.oldEnd;
            if (q.oldStart > p.oldEnd) {
                int64_t placedElsewhere = 0;
                for (const auto& other : pieces)
                    placedElsewhere += std::max<int64_t>(
                        0, std::min(other.oldEnd(), q.oldStart) - std::max(other.oldStart, p.oldEnd));
                splice.reorder = splice.reorder || placedElsewhere > 0;
                if (sameOrigin)
                    splice.removedSamples = q.oldStart - p.oldEnd - placedElsewhere;
            }

            // Half the crossfade before the splice (the incoming starts early), half after (the
            // outgoing runs on), each clamped to the music there is and to its own segment.
            int64_t before = crossfade / 2, after = crossfade - crossfade / 2;
            before = std::min({before, q.sourceStart, p.segment.length - p.segment.fadeIn});
            after = std::min({after, cue.lengthSamples - splice.outgoingSourceSample,
                              next.segment.length - next.segment.fadeOut});
            before = std::max<int64_t>(before, 0);
            after = std::max<int64_t>(after, 0);
            const int64_t overlap = before + after;
            splice.crossfadeSamples = overlap;
            p.segment.length += after;
            p.segment.fadeOut = overlap;
            p.segment.fadeOutShape = options.crossfadeShape;
            next.segment.timelineStart -= before;
            next.segment.sourceStart -= before;
            next.segment.length += before;
            next.segment.fadeIn = overlap;
            next.segment.fadeInShape = options.crossfadeShape;

            if (report.barLinesKnown) {
                splice.outgoing = adviseBars(splice.outgoingSourceSample, bars, tolerance);
                splice.incoming = adviseBars(splice.incomingSourceSample, bars, tolerance);
                splice.onBarLines = splice.outgoing->onBarLine && splice.incoming->onBarLine;
            }
            judgeSplice(splice);
            report.splices.push_back(std::move(splice));
        } else if (q.newStart > splicePoint && touchedBefore) {
            ConformGap gap;
            gap.timelineStart = splicePoint;
            gap.length = q.newStart - splicePoint;
            gap.timecode = timecodeOfSample(splicePoint, session);
            gap.insertedPictureSamples = insertedSamplesIn(splicePoint, q.newStart, changes, session);
            gap.resumeSourceSample = q.sourceStart;
            report.gaps.push_back(std::move(gap));
        }
        built.push_back(next);
    }

    for (const auto& b : built)
        report.newSegments.push_back(b.segment);

    // 3. What kind of change it was, and where it ended up.
    const bool oneShift = std::all_of(pieces.begin(), pieces.end(),
                                      [&](const MappedPiece& p) { return p.shiftSamples == pieces.front().shiftSamples; });
    const bool intact = report.removedSamples == 0 && report.splices.empty() && report.gaps.empty()
                        && report.newSegments.size() == report.oldSegments.size();
    if (intact && oneShift)
        report.status = pieces.front().shiftSamples == 0 ? CueConformStatus::Unchanged : CueConformStatus::Moved;
    else
        report.status = CueConformStatus::Edited;

    const int64_t pictureStart = samplesAt(changes.newStart), pictureEnd = samplesAt(changes.newEnd);
    for (const auto& seg : report.newSegments) {
        report.samplesBeforePicture += std::clamp<int64_t>(pictureStart - seg.timelineStart, 0, seg.length);
        report.samplesAfterPicture += std::clamp<int64_t>(seg.timelineEnd() - pictureEnd, 0, seg.length);
    }
    if (report.outsidePicture())
        report.notes.push_back("plays outside the new picture (" + std::to_string(report.samplesBeforePicture)
                               + " samples before its first frame, " + std::to_string(report.samplesAfterPicture)
                               + " after its last)");
    if (!report.splices.empty() && !report.barLinesKnown)
        report.notes.push_back("no bar lines known for this cue: cannot judge whether its splices land on bar lines");
    if (!report.gaps.empty())
        report.notes.push_back(std::to_string(report.gaps.size())
                               + (report.gaps.size() == 1 ? " gap" : " gaps")
                               + " where picture is new to the cue: the music needs extending (not done here)");

    Cue result = cue;
    if (report.status == CueConformStatus::Unchanged)
        return result;
    // What this conform leaves for the editor replaces what an earlier one left (its timecodes
    // no longer hold); the previous session version keeps the old list.
    result.attention = conformAttention(report);
    // The cue's spot follows the music at its earliest remaining sample.
    const auto head = std::min_element(pieces.begin(), pieces.end(), [](const MappedPiece& a, const MappedPiece& b) {
        return a.sourceStart < b.sourceStart;
    });
    result.startSample = cue.startSample + head->shiftSamples;
    if (report.status == CueConformStatus::Moved && cue.segments.empty())
        return result;  // still plays whole: keep the simple form
    result.segments = report.newSegments;
    return result;
}

ConformResult conformSession(const Session& session, const CutVersion& newCut)
{
    return conformSession(session, newCut, ConformOptions{});
}

ConformResult conformSession(const Session& session, const CutVersion& newCut, const ConformOptions& options)
{
    const CutVersion* current = session.currentCutVersion();
    if (current == nullptr)
        throw SessionEditError("the session has no cut to conform from");
    if (newCut.edl.rate.timecodeBase() != session.frameRate.timecodeBase()
        || newCut.edl.rate.dropFrame != session.frameRate.dropFrame)
        throw SessionEditError("cut " + newCut.name + " was read at " + frameRateName(newCut.edl.rate)
                               + " fps but the session runs at " + frameRateName(session.frameRate) + " fps");

    ConformResult result;
    result.changes = diffCuts(current->edl, newCut.edl);
    if (!result.changes.sharesMaterial())
        throw SessionEditError("cut " + (newCut.name.empty() ? newCut.sourcePath : newCut.name)
                               + " shares no source material with the current cut " + current->name);

    result.fromCut = current->name;
    result.toCut = newCut.name;
    result.session = addCutVersion(session, newCut);
    // A project named after the old list's title (as `new` names it) takes the new list's, so the
    // new cut's deliveries are not named after the old one ("... V1" -> "... V2").
    if (!newCut.edl.title.empty() && session.projectName == current->edl.title)
        result.session.projectName = newCut.edl.title;
    result.session.cues.clear();
    result.cues.reserve(session.cues.size());
    for (const auto& cue : session.cues) {
        CueConformReport report;
        if (auto conformed = conformCue(cue, result.changes, session, options, report))
            result.session.cues.push_back(std::move(*conformed));
        result.cues.push_back(std::move(report));
    }
    if (session.movie)
        result.notes.push_back("the reference movie still shows cut " + current->name
                               + ": import the new cut's movie to watch against it");

    // Dialogue is tied to picture like music: its speech regions and the hand edits on them follow
    // the change list (nothing appears over inserted picture: there is no speech known there).
    SpeechConformReport& speech = result.speech;
    speech.regionsBefore = session.detectedSpeech.size();
    speech.editsBefore = session.speechEdits.size();
    for (const auto& r : session.detectedSpeech) {
        int64_t kept = 0;
        bool moved = false;
        const auto pieces = mapRange(r.start, r.end, result.changes, session);
        for (const auto& m : pieces) {
            kept += m.end - m.start;
            moved = moved || m.moved;
        }
        speech.regionsMoved += moved ? 1 : 0;
        speech.regionsRemoved += pieces.empty() && r.end > r.start ? 1 : 0;
        speech.removedSamples += std::max<int64_t>(0, r.length() - kept);
    }
    result.session.detectedSpeech = conformSpeechRegions(session.detectedSpeech, result.changes, session);
    result.session.speechEdits = conformSpeechEdits(session.speechEdits, result.changes, session);
    speech.regionsAfter = result.session.detectedSpeech.size();
    speech.editsAfter = result.session.speechEdits.size();

    // A dialogue source sits at its own timestamp: under picture that changed it is the old cut's
    // audio. It is left in place (nothing here can make the new cut's), and the report says so.
    for (const auto& source : session.dialogue)
        if (pictureChangedUnder(source.startSample, source.startSample + source.lengthSamples, result.changes, session))
            speech.oldCutSources.push_back(source.name.empty() ? source.path : source.name);
    if (!speech.oldCutSources.empty()) {
        std::string names;
        for (const auto& name : speech.oldCutSources)
            names += (names.empty() ? "" : ", ") + name;
        const bool one = speech.oldCutSources.size() == 1;
        result.notes.push_back((one ? "dialogue source " : "dialogue sources ") + names + (one ? " is" : " are")
                               + " cut " + current->name + "'s audio: replace with cut " + newCut.name
                               + "'s guide track and detect speech again (speech regions were mapped to the new "
                                 "cut, not detected in it)");
    }
    return result;
}

} // namespace cuesmith
