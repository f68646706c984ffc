#include "DuckCurve.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

namespace {

double clampOr(double value, double low, double high, double fallback)
{
    return std::isnan(value) ? fallback : std::clamp(value, low, high);
}

int64_t msToSamples(double ms, int64_t sampleRate)
{
    return static_cast<int64_t>(std::llround(ms * static_cast<double>(sampleRate) / 1000.0));
}

} // namespace

DuckSettings clamped(const DuckSettings& s)
{
    const DuckSettings d;
    DuckSettings c = s;
    c.depthDb = clampOr(s.depthDb, -40.0, 0.0, d.depthDb);
    c.leadMs = clampOr(s.leadMs, 0.0, 5000.0, d.leadMs);
    c.holdMs = clampOr(s.holdMs, 0.0, 10000.0, d.holdMs);
    c.releaseMs = clampOr(s.releaseMs, 10.0, 10000.0, d.releaseMs);
    c.maxSlopeDbPerSecond = clampOr(s.maxSlopeDbPerSecond, 0.5, 200.0, d.maxSlopeDbPerSecond);
    return c;
}

std::vector<SpeechRegion> speechPhrases(std::vector<SpeechRegion> regions, int64_t holdSamples)
{
    std::erase_if(regions, [](const SpeechRegion& r) { return r.end <= r.start; });
    std::sort(regions.begin(), regions.end(), [](const SpeechRegion& a, const SpeechRegion& b) { return a.start < b.start; });
    std::vector<SpeechRegion> phrases;
    for (const auto& r : regions) {
        if (!phrases.empty() && r.start - phrases.back().end < holdSamples) {
            SpeechRegion& p = phrases.back();
            const double wa = static_cast<double>(p.length()), wb = static_cast<double>(r.length());
            p.confidence = static_cast<float>((p.confidence * wa + r.confidence * wb) / (wa + wb));
            p.end = std::max(p.end, r.end);
        } else {
            phrases.push_back(r);
        }
    }
    return phrases;
}

GainEnvelope phraseCurve(const std::vector<SpeechRegion>& phrases, const std::vector<double>& depths,
                         const DuckSettings& shape, int64_t sampleRate)
{
    const DuckSettings s = clamped(shape);
    GainEnvelope curve;
    for (size_t i = 0; i < phrases.size() && i < depths.size(); ++i) {
        const double depth = std::isnan(depths[i]) ? 0.0 : std::clamp(depths[i], -40.0, 0.0);
        if (depth == 0.0)
            continue;
        // The slope ceiling lengthens a ramp that the lead or release alone would make too steep.
        const double slowest = std::fabs(depth) / s.maxSlopeDbPerSecond * 1000.0;
        const int64_t down = msToSamples(std::max(s.leadMs, slowest), sampleRate);
        const int64_t up = msToSamples(std::max(s.releaseMs, slowest), sampleRate);
        const GainEnvelope one({{phrases[i].start - down, 0.0},
                                {phrases[i].start, depth},
                                {phrases[i].end, depth},
                                {phrases[i].end + up, 0.0}});
        curve = curve.points().empty() ? one : GainEnvelope::minimum(curve, one);
    }
    return curve;
}

namespace {

// curve = min(curve, piece) for curves ≤ 0 that hold 0 outside their points, touching only the
// curve's points from the last one before the piece begins: before that the piece is 0 and the
// curve already the lower, so the result is GainEnvelope::minimum's, at the cost of the overlap
// rather than of the whole curve (a long film has thousands of windows).
void lowerInto(std::vector<GainPoint>& curve, const GainEnvelope& piece)
{
    if (piece.points().empty())
        return;
    if (curve.empty()) {
        curve = piece.points();
        return;
    }
    const int64_t begins = piece.points().front().sample;
    auto from = std::lower_bound(curve.begin(), curve.end(), begins,
                                 [](const GainPoint& p, int64_t s) { return p.sample < s; });
    if (from != curve.begin())
        --from;
    const GainEnvelope lower =
        GainEnvelope::minimum(GainEnvelope(std::vector<GainPoint>(from, curve.end())), piece);
    curve.erase(from, curve.end());
    curve.insert(curve.end(), lower.points().begin(), lower.points().end());
}

} // namespace

GainEnvelope windowedPhraseCurve(const std::vector<std::vector<DepthWindow>>& phrases, const DuckSettings& shape,
                                 int64_t sampleRate)
{
    const DuckSettings s = clamped(shape);
    std::vector<GainPoint> curve;
    for (const auto& windows : phrases)
        for (size_t w = 0; w < windows.size(); ++w) {
            const double depth = std::isnan(windows[w].depthDb) ? 0.0 : std::clamp(windows[w].depthDb, -40.0, 0.0);
            if (depth == 0.0)
                continue;
            // Each window's own trapezoid: down to its depth as it starts, up after it ends, at
            // the ceiling (the lead and release only at the phrase's ends). The lowest of them all
            // is the curve: between windows the deeper one's ramp, elsewhere each window's depth.
            const double slowest = std::fabs(depth) / s.maxSlopeDbPerSecond * 1000.0;
            const int64_t down = msToSamples(w == 0 ? std::max(s.leadMs, slowest) : slowest, sampleRate);
            const int64_t up = msToSamples(w + 1 == windows.size() ? std::max(s.releaseMs, slowest) : slowest, sampleRate);
            lowerInto(curve, GainEnvelope({{windows[w].start - down, 0.0},
                                           {windows[w].start, depth},
                                           {windows[w].end, depth},
                                           {windows[w].end + up, 0.0}}));
        }
    return GainEnvelope(std::move(curve));
}

GainEnvelope duckCurve(const std::vector<SpeechRegion>& regions, const DuckSettings& raw, int64_t sampleRate)
{
    const DuckSettings s = clamped(raw);
    if (!s.enabled || s.depthDb == 0.0 || regions.empty())
        return {};
    const auto phrases = speechPhrases(regions, msToSamples(s.holdMs, sampleRate));
    return phraseCurve(phrases, std::vector<double>(phrases.size(), s.depthDb), s, sampleRate);
}

} // namespace cuesmith
