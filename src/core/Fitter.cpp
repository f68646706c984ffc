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
    if (!cue->segments.empty())
        throw FitError("cue " + cue->number + " is already edited; fitting works on an unedited cue");
    return *cue;
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
    }
    return "stretch";
}

FitPlan proposeFits(const Session& session, std::string_view cueNumber, int64_t hitSample, const FitOptions& options)
{
    const Cue& cue = cueOrThrow(session, cueNumber);
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

    const int64_t wanted = hitSample - cue.startSample;  // where the ending must be, from the start
    if (wanted <= 0)
        throw FitError("cue " + cue.number + ": the hit is before the cue starts");
    const int64_t delta = wanted - plan.endingSample;
    const int64_t tolerance = plan.frameSamples;
    const double fps = static_cast<double>(session.sampleRate) / static_cast<double>(plan.frameSamples);
    auto& out = plan.proposals;

    if (std::llabs(delta) <= tolerance / 2) {
        out.push_back({FitKind::AlreadyLands, 0, 1.0, 0, 0, 0, delta,
                       format("already lands within %.2f frames", std::abs(static_cast<double>(delta)) * fps / session.sampleRate)});
    }
    if (options.allowStretch)
        if (const auto ratio = stretchWithin(plan.endingSample, wanted, options.stretchLimit))
            out.push_back({FitKind::Stretch, 0, *ratio, 0, 0, 0, 0,
                           format("stretch the whole cue by %.2f %%", (*ratio - 1.0) * 100.0)});

    // Bar-line edits only before the ending, so the ending itself stays intact, and only where a
    // crossfade centred on the bar line fits inside the cue.
    const int64_t half = options.crossfadeSamples / 2;
    std::vector<int64_t> body;
    for (int64_t b : bars)
        if (b >= half && b <= plan.endingSample && b + half <= cue.lengthSamples)
            body.push_back(b);

    if (options.allowCut && delta < 0) {
        for (size_t i = 0; i < body.size(); ++i)
            for (size_t j = i + 1; j < body.size(); ++j) {
                const int64_t removed = body[j] - body[i];
                const int64_t error = delta + removed;  // > 0: lands late... after the edit
                const int64_t landsAt = plan.endingSample - removed;
                const auto barText = [&](int64_t s) {
                    const auto bb = barBeatAt(*cue.tempo, s);
                    return bb ? bb->bar : 0;
                };
                if (std::llabs(error) <= tolerance / 2)
                    out.push_back({FitKind::Cut, 1, 1.0, body[i], body[j], 0, error,
                                   format("cut from bar %.0f to bar %.0f (ending lands %.2f frames off)", barText(body[i]),
                                          barText(body[j]), static_cast<double>(error) / static_cast<double>(plan.frameSamples))});
                else if (options.allowStretch)
                    if (const auto ratio = stretchWithin(landsAt, wanted, options.stretchLimit))
                        out.push_back({FitKind::CutAndStretch, 1, *ratio, body[i], body[j], 0, error,
                                       format("cut from bar %.0f to bar %.0f, then stretch %.2f %%", barText(body[i]),
                                              barText(body[j]), (*ratio - 1.0) * 100.0)});
            }
    }
    if (options.allowRepeat && delta > 0) {
        for (size_t i = 0; i < body.size(); ++i)
            for (size_t j = i + 1; j < body.size() && j <= i + 8; ++j) {
                const int64_t span = body[j] - body[i];
                for (int n = 1; n <= 16; ++n) {
                    const int64_t added = span * n;
                    const int64_t error = added - delta;
                    const int64_t landsAt = plan.endingSample + added;
                    const int barFrom = barBeatAt(*cue.tempo, body[i]) ? barBeatAt(*cue.tempo, body[i])->bar : 0;
                    if (std::llabs(error) <= tolerance / 2)
                        out.push_back({FitKind::Repeat, n, 1.0, body[i], body[j], n, error,
                                       format("repeat bars %.0f-%.0f %.0f time(s)", barFrom,
                                              barFrom + static_cast<double>(j - i) - 1, n)});
                    else if (options.allowStretch)
                        if (const auto ratio = stretchWithin(landsAt, wanted, options.stretchLimit))
                            out.push_back({FitKind::RepeatAndStretch, n, *ratio, body[i], body[j], n, error,
                                           format("repeat bars %.0f-%.0f %.0f time(s), then stretch", barFrom,
                                                  barFrom + static_cast<double>(j - i) - 1, n)
                                               + format(" %.2f %%", (*ratio - 1.0) * 100.0)});
                    if (added > delta + tolerance)
                        break;
                }
            }
    }

    // Fewest audible edits first, then the smallest stretch, then the smallest landing error, then
    // the latest jump (editors cut to the ending: keep the opening, lose material near the end).
    std::stable_sort(out.begin(), out.end(), [](const FitProposal& a, const FitProposal& b) {
        if (a.edits != b.edits)
            return a.edits < b.edits;
        const double sa = std::abs(a.stretchRatio - 1.0), sb = std::abs(b.stretchRatio - 1.0);
        if (sa != sb)
            return sa < sb;
        if (std::llabs(a.landingError) != std::llabs(b.landingError))
            return std::llabs(a.landingError) < std::llabs(b.landingError);
        return a.toSample > b.toSample;
    });
    if (static_cast<int>(out.size()) > options.maxProposals)
        out.resize(static_cast<size_t>(options.maxProposals));
    if (out.empty())
        throw FitError("cue " + cue.number + ": nothing lands the ending on the hit " +
                       format("(%.2f s away) with the allowed edits", static_cast<double>(delta) / session.sampleRate)
                       + (cue.tempo ? "" : "; the cue has no tempo map, so no bar edits were tried"));
    return plan;
}

Session applyFitEdit(const Session& session, std::string_view cueNumber, const FitProposal& p, int64_t crossfade)
{
    const Cue& cue = cueOrThrow(session, cueNumber);
    const int64_t half = crossfade / 2;
    const int64_t xf = half * 2;
    std::vector<CueSegment> segments;
    auto splice = [&](int64_t from, int64_t to) {
        // Play up to `from` (plus half a crossfade), then continue at `to` (minus half) overlapping.
        CueSegment& last = segments.back();
        last.length = (from + half) - last.sourceStart;
        last.fadeOut = xf;
        segments.push_back({to - half, 0, last.timelineStart + last.length - xf, xf, 0});
    };
    segments.push_back({0, cue.lengthSamples, cue.startSample, 0, 0});
    if (p.kind == FitKind::Cut || p.kind == FitKind::CutAndStretch) {
        if (p.fromSample < half || p.toSample + half > cue.lengthSamples || p.toSample <= p.fromSample)
            throw FitError("cue " + cue.number + ": the cut does not leave room for its crossfade");
        splice(p.fromSample, p.toSample);
    } else if (p.kind == FitKind::Repeat || p.kind == FitKind::RepeatAndStretch) {
        if (p.fromSample < half || p.toSample + half > cue.lengthSamples || p.repeats < 1)
            throw FitError("cue " + cue.number + ": the repeat does not leave room for its crossfade");
        for (int n = 0; n < p.repeats; ++n)
            splice(p.toSample, p.fromSample);  // at the end of the bars, jump back to their start
    } else {
        return session;  // nothing to cut: stretch only, or already lands
    }
    CueSegment& tail = segments.back();
    tail.length = cue.lengthSamples - tail.sourceStart;
    Session next = session;
    for (auto& c : next.cues)
        if (c.number == cue.number)
            c.segments = segments;
    return next;
}

} // namespace cuesmith
