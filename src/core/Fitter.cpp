#include "Fitter.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace cuesmith {

namespace {

std::string format(const char* fmt, double a, double b = 0.0, double c = 0.0)
{
    char text[200];
    std::snprintf(text, sizeof text, fmt, a, b, c);
    return text;
}

const Cue& cueOrThrow(const Session& session, std::string_view number)
{
    const Cue* cue = session.findCue(number);
    if (cue == nullptr)
        throw FitError("there is no cue " + std::string(number) + " in the session");
    return *cue;
}

// The segment that plays the cue's end: the last one to start on the timeline. Fitting edits
// only this one, so whatever a conform (or an earlier fit) did before it stays as it was.
size_t lastSegmentIndex(const std::vector<CueSegment>& segments)
{
    size_t last = 0;
    for (size_t i = 1; i < segments.size(); ++i)
        if (segments[i].timelineStart >= segments[last].timelineStart)
            last = i;
    return last;
}

// The stretch that turns a distance `from` into `to`, when within the limit.
std::optional<double> stretchWithin(int64_t from, int64_t to, double limit)
{
    if (from <= 0)
        return std::nullopt;
    const double ratio = static_cast<double>(to) / static_cast<double>(from);
    if (std::abs(ratio - 1.0) > limit + 1e-12)
        return std::nullopt;
    return ratio;
}

double barNumber(const Cue& cue, int64_t sample)
{
    const auto bb = cue.tempo ? barBeatAt(*cue.tempo, sample) : std::nullopt;
    return bb ? bb->bar : 0;
}

} // namespace

std::string fitKindName(FitKind kind)
{
    switch (kind) {
    case FitKind::AlreadyLands: return "already-lands";
    case FitKind::Stretch: return "stretch";
    case FitKind::Cut: return "cut";
    case FitKind::Repeat: return "repeat";
    case FitKind::CutAndStretch: return "cut+stretch";
    case FitKind::RepeatAndStretch: return "repeat+stretch";
    case FitKind::Trim: return "trim";
    }
    return "stretch";
}

FitPlan proposeFits(const Session& session, std::string_view cueNumber, int64_t hitSample, const FitOptions& options)
{
    const Cue& cue = cueOrThrow(session, cueNumber);
    const double limit = options.stretchLimit.value_or(cue.stretchLimit);
    const bool edited = !cue.segments.empty();
    const std::vector<CueSegment> segments = effectiveSegments(cue);
    const CueSegment tail = segments[lastSegmentIndex(segments)];
    const int64_t tailEnd = tail.sourceStart + tail.length;  // cue sample where the last segment stops
    FitPlan plan;
    plan.hitSample = hitSample;
    plan.frameSamples = framesToSamples(1, session.frameRate, session.sampleRate);

    const std::vector<int64_t> bars = cue.tempo ? barLines(*cue.tempo) : std::vector<int64_t>{};
    plan.endingSample = cue.lengthSamples;
    plan.endingFrom = "end of cue";
    for (const auto& [name, sample] : cue.markers)
        if (name == "ending" || name == "button" || name == "ENDING" || name == "BUTTON") {
            plan.endingSample = sample;
            plan.endingFrom = "marker " + name;
        }
    if (plan.endingFrom == "end of cue" && !bars.empty() && bars.back() > 0 && bars.back() < cue.lengthSamples) {
        plan.endingSample = bars.back();
        plan.endingFrom = "last bar line";
    }

    int64_t firstPlayed = tail.timelineStart;
    for (const auto& seg : segments)
        firstPlayed = std::min(firstPlayed, seg.timelineStart);
    if (hitSample <= firstPlayed)
        throw FitError("cue " + cue.number + ": the hit is before the cue starts");
    // The ending is found in the cue's own samples; the last segment says where it plays.
    plan.endingPlayed = plan.endingSample >= tail.sourceStart && plan.endingSample <= tailEnd;
    const int64_t origin = tail.timelineStart - tail.sourceStart;  // where cue sample 0 would play
    const int64_t wanted = hitSample - origin;  // where the ending must be, in cue samples
    const int64_t delta = wanted - plan.endingSample;
    const int64_t tolerance = plan.frameSamples;
    const double fps = static_cast<double>(session.sampleRate) / static_cast<double>(plan.frameSamples);
    const double rate = static_cast<double>(session.sampleRate);
    auto& out = plan.proposals;

    const bool mayStretch = options.allowStretch && !edited;
    if (options.allowStretch && edited)
        plan.notes.push_back("no stretch: cue " + cue.number + " is edited (" + std::to_string(cue.segments.size())
                             + " segments) and a stretch applies to its whole stem files, which would move its splices");
    if (edited && hitSample <= tail.timelineStart + tail.fadeIn)
        plan.notes.push_back("the hit is before the cue's last segment: fitting an edited cue edits only its end");

    if (!plan.endingPlayed) {
        plan.notes.push_back("its last segment (cue samples " + std::to_string(tail.sourceStart) + "-"
                             + std::to_string(tailEnd) + ") does not play its ending (" + plan.endingFrom
                             + ", cue sample " + std::to_string(plan.endingSample) + "): only a trim can end it on the hit");
    } else {
        if (std::llabs(delta) <= tolerance / 2) {
            out.push_back({FitKind::AlreadyLands, 0, 1.0, 0, 0, 0, delta, 0,
                           format("already lands within %.2f frames", std::abs(static_cast<double>(delta)) * fps / rate)});
        }
        if (mayStretch)
            if (const auto ratio = stretchWithin(plan.endingSample, wanted, limit))
                out.push_back({FitKind::Stretch, 0, *ratio, 0, 0, 0, 0, 0,
                               format("stretch the whole cue by %.2f %%", (*ratio - 1.0) * 100.0)});

        // Bar-line edits only before the ending, so the ending itself stays intact, and only
        // inside the last segment where a crossfade centred on the bar line clears its fades.
        const int64_t half = options.crossfadeSamples / 2;
        std::vector<int64_t> body;
        for (int64_t b : bars)
            if (b - half >= tail.sourceStart + tail.fadeIn && b <= plan.endingSample && b + half + tail.fadeOut <= tailEnd)
                body.push_back(b);

        if (options.allowCut && delta < 0) {
            for (size_t i = 0; i < body.size(); ++i)
                for (size_t j = i + 1; j < body.size(); ++j) {
                    const int64_t removed = body[j] - body[i];
                    const int64_t error = delta + removed;  // > 0: lands late... after the edit
                    const int64_t landsAt = plan.endingSample - removed;
                    if (std::llabs(error) <= tolerance / 2)
                        out.push_back({FitKind::Cut, 1, 1.0, body[i], body[j], 0, error, 0,
                                       format("cut from bar %.0f to bar %.0f (ending lands %.2f frames off)",
                                              barNumber(cue, body[i]), barNumber(cue, body[j]),
                                              static_cast<double>(error) / static_cast<double>(plan.frameSamples))});
                    else if (mayStretch)
                        if (const auto ratio = stretchWithin(landsAt, wanted, limit))
                            out.push_back({FitKind::CutAndStretch, 1, *ratio, body[i], body[j], 0, error, 0,
                                           format("cut from bar %.0f to bar %.0f, then stretch %.2f %%",
                                                  barNumber(cue, body[i]), barNumber(cue, body[j]), (*ratio - 1.0) * 100.0)});
                }
        }
        if (options.allowRepeat && delta > 0) {
            for (size_t i = 0; i < body.size(); ++i)
                for (size_t j = i + 1; j < body.size() && j <= i + 8; ++j) {
                    const int64_t span = body[j] - body[i];
                    const double barFrom = barNumber(cue, body[i]);
                    const double barTo = barFrom + static_cast<double>(j - i) - 1;
                    for (int n = 1; n <= 16; ++n) {
                        const int64_t added = span * n;
                        const int64_t error = added - delta;
                        const int64_t landsAt = plan.endingSample + added;
                        if (std::llabs(error) <= tolerance / 2)
                            out.push_back({FitKind::Repeat, n, 1.0, body[i], body[j], n, error, 0,
                                           format("repeat bars %.0f-%.0f %.0f time(s)", barFrom, barTo, n)});
                        else if (mayStretch)
                            if (const auto ratio = stretchWithin(landsAt, wanted, limit))
                                out.push_back({FitKind::RepeatAndStretch, n, *ratio, body[i], body[j], n, error, 0,
                                               format("repeat bars %.0f-%.0f %.0f time(s), then stretch", barFrom, barTo, n)
                                                   + format(" %.2f %%", (*ratio - 1.0) * 100.0)});
                        if (added > delta + tolerance)
                            break;
                    }
                }
        }
    }

    // Trim: the cue is too long for the hit (or its ending is gone anyway), and its last segment
    // is still playing there: stop on the hit, fading out over the tail fade (shortened when the
    // segment's own fade-in is nearer than that).
    const bool tooLong = !plan.endingPlayed || delta < -(tolerance / 2);
    const bool runsPastHit = hitSample < tail.timelineEnd();
    if (options.allowTrim && tooLong && runsPastHit && hitSample > tail.timelineStart + tail.fadeIn
        && options.tailFadeSamples > 0) {
        const int64_t fade = std::min(options.tailFadeSamples, hitSample - tail.timelineStart - tail.fadeIn);
        const int64_t stopAt = tail.sourceStart + (hitSample - tail.timelineStart);
        out.push_back({FitKind::Trim, 1, 1.0, stopAt - fade, stopAt, 0, 0, fade,
                       format("fade out over %.2f s to stop on the hit", static_cast<double>(fade) / rate)
                           + (plan.endingPlayed ? " (the ending does not play)" : "")});
    }

    // Fewest audible edits first; at equal edits, keeping the composer's ending before fading it
    // away; then the smallest stretch, then the smallest landing error, then the latest jump
    // (editors cut to the ending: keep the opening, lose material near the end).
    std::stable_sort(out.begin(), out.end(), [](const FitProposal& a, const FitProposal& b) {
        if (a.edits != b.edits)
            return a.edits < b.edits;
        if (a.keepsEnding() != b.keepsEnding())
            return a.keepsEnding();
        const double sa = std::abs(a.stretchRatio - 1.0), sb = std::abs(b.stretchRatio - 1.0);
        if (sa != sb)
            return sa < sb;
        if (std::llabs(a.landingError) != std::llabs(b.landingError))
            return std::llabs(a.landingError) < std::llabs(b.landingError);
        return a.toSample > b.toSample;
    });
    if (static_cast<int>(out.size()) > options.maxProposals)
        out.resize(static_cast<size_t>(options.maxProposals));
    if (out.empty()) {
        std::string reason = "cue " + cue.number + ": nothing lands the ending on the hit";
        if (plan.endingPlayed)
            reason += format(" (%.2f s away)", static_cast<double>(delta) / rate);
        reason += " with the allowed edits";
        if (!cue.tempo && (options.allowCut || options.allowRepeat))
            reason += "; the cue has no tempo map, so no bar edits were tried";
        if (options.allowTrim && !runsPastHit)
            reason += "; a trim needs the cue to play past the hit, and it stops before it";
        for (const auto& note : plan.notes)
            reason += "; " + note;
        throw FitError(reason);
    }
    return plan;
}

Session applyFitEdit(const Session& session, std::string_view cueNumber, const FitProposal& p, int64_t crossfade,
                     FadeShape shape)
{
    const Cue& cue = cueOrThrow(session, cueNumber);
    std::vector<CueSegment> segments = effectiveSegments(cue);
    const size_t last = lastSegmentIndex(segments);
    const CueSegment tail = segments[last];
    const int64_t tailEnd = tail.sourceStart + tail.length;
    std::vector<CueSegment> pieces{tail};  // what replaces the last segment

    if (p.kind == FitKind::Trim) {
        const int64_t length = p.toSample - tail.sourceStart;
        if (p.fadeSamples <= 0 || p.toSample > tailEnd || length - tail.fadeIn < p.fadeSamples)
            throw FitError("cue " + cue.number + ": the trim does not fit inside the cue's last segment");
        pieces[0].length = length;
        pieces[0].fadeOut = p.fadeSamples;
        pieces[0].fadeOutShape = shape;
        for (size_t i = 0; i < segments.size(); ++i)
            if (i != last && segments[i].timelineEnd() > pieces[0].timelineEnd())
                throw FitError("cue " + cue.number + ": another segment plays past the trim's end");
    } else if (p.kind == FitKind::Cut || p.kind == FitKind::CutAndStretch || p.kind == FitKind::Repeat
               || p.kind == FitKind::RepeatAndStretch) {
        const int64_t half = crossfade / 2;
        const int64_t xf = half * 2;
        auto splice = [&](int64_t from, int64_t to) {
            // Play up to `from` (plus half a crossfade), then continue at `to` (minus half) overlapping.
            CueSegment& out = pieces.back();
            out.length = (from + half) - out.sourceStart;
            out.fadeOut = xf;
            out.fadeOutShape = shape;
            pieces.push_back({to - half, 0, out.timelineStart + out.length - xf, xf, 0, shape});
        };
        const bool room = p.fromSample - half >= tail.sourceStart + tail.fadeIn
                          && p.toSample + half + tail.fadeOut <= tailEnd && p.toSample - p.fromSample >= xf;
        if (p.kind == FitKind::Cut || p.kind == FitKind::CutAndStretch) {
            if (!room)
                throw FitError("cue " + cue.number + ": the cut does not leave room for its crossfade");
            splice(p.fromSample, p.toSample);
        } else {
            if (!room || p.repeats < 1)
                throw FitError("cue " + cue.number + ": the repeat does not leave room for its crossfade");
            for (int n = 0; n < p.repeats; ++n)
                splice(p.toSample, p.fromSample);  // at the end of the bars, jump back to their start
        }
        // The last piece ends where the segment did, with its fade.
        pieces.back().length = tailEnd - pieces.back().sourceStart;
        pieces.back().fadeOut = tail.fadeOut;
        pieces.back().fadeOutShape = tail.fadeOutShape;
    } else {
        return session;  // nothing to cut: stretch only, or already lands
    }

    segments.erase(segments.begin() + static_cast<std::ptrdiff_t>(last));
    segments.insert(segments.begin() + static_cast<std::ptrdiff_t>(last), pieces.begin(), pieces.end());
    Session next = session;
    for (auto& c : next.cues)
        if (c.number == cue.number)
            c.segments = segments;
    return next;
}

} // namespace cuesmith
