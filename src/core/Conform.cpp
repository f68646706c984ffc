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
    int64_t shiftFrames = 0, shiftSamples = 0;
    bool reordered = false;

    int64_t oldEnd() const { return oldStart + length; }
    int64_t newEnd() const { return newStart + length; }
    int64_t sourceEnd() const { return sourceStart + length; }
};

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
    const auto& runs = changes.runs;
    bool usedBeforePicture = false, usedAfterPicture = false;
    for (size_t k = 0; k < report.oldSegments.size(); ++k) {
        const CueSegment& seg = report.oldSegments[k];
        const int64_t t0 = seg.timelineStart, t1 = seg.timelineEnd();
        if (t1 <= t0 || runs.empty())
            continue;
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
            usedBeforePicture = usedBeforePicture || (extendsBefore && a < samplesAt(run.oldIn));
            usedAfterPicture = usedAfterPicture || (extendsAfter && b > samplesAt(run.oldOut));
            MappedPiece p;
            p.segment = k;
            p.oldStart = a;
            p.length = b - a;
            p.shiftFrames = run.shift;
            p.shiftSamples = samplesAt(run.oldIn + run.shift) - samplesAt(run.oldIn);
            p.newStart = a + p.shiftSamples;
            p.sourceStart = seg.sourceStart + (a - t0);
            p.reordered = run.reordered;
            p.fadeIn = a == t0 ? std::min(seg.fadeIn, p.length) : 0;
            p.fadeOut = b == t1 ? std::min(seg.fadeOut, p.length) : 0;
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
        next.segment = CueSegment{q.sourceStart, q.length, q.newStart, q.fadeIn, q.fadeOut};
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
            next.segment.timelineStart -= before;
            next.segment.sourceStart -= before;
            next.segment.length += before;
            next.segment.fadeIn = overlap;

            if (report.barLinesKnown) {
                splice.outgoing = adviseBars(splice.outgoingSourceSample, bars, tolerance);
                splice.incoming = adviseBars(splice.incomingSourceSample, bars, tolerance);
                splice.onBarLines = splice.outgoing->onBarLine && splice.incoming->onBarLine;
                splice.needsMusicalFix = !*splice.onBarLines;
            }
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
    result.attention.clear();
    for (const auto& splice : report.splices) {
        if (!splice.needsMusicalFix)
            continue;
        std::string text = "splice at " + splice.timecode + " is off the bar line (cue sample "
                           + std::to_string(splice.outgoingSourceSample) + " into "
                           + std::to_string(splice.incomingSourceSample) + ")";
        result.attention.push_back(std::move(text));
    }
    if (!report.barLinesKnown && !report.splices.empty())
        result.attention.push_back(std::to_string(report.splices.size())
                                   + (report.splices.size() == 1 ? " splice" : " splices")
                                   + " made without bar lines: check by ear");
    for (const auto& gap : report.gaps)
        result.attention.push_back("gap of " + std::to_string(gap.length) + " samples at " + gap.timecode
                                   + (gap.insertedPictureSamples > 0 ? " over new picture" : " over picture moved in"));
    if (report.outsidePicture())
        result.attention.push_back("plays outside the picture of the new cut");
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
    if (!session.dialogue.empty())
        result.notes.push_back("dialogue sources were left where they are (they belong to cut " + current->name
                               + ")");
    return result;
}

} // namespace cuesmith
