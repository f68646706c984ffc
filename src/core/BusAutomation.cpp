#include "BusAutomation.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace cuesmith {

std::string automationCurveName(AutomationCurve curve)
{
    switch (curve) {
    case AutomationCurve::Linear: return "linear";
    case AutomationCurve::Smooth: return "smooth";
    case AutomationCurve::Fast: return "fast";
    case AutomationCurve::Slow: return "slow";
    }
    return "linear";
}

std::optional<AutomationCurve> parseAutomationCurve(std::string_view name)
{
    for (auto c : {AutomationCurve::Linear, AutomationCurve::Smooth, AutomationCurve::Fast, AutomationCurve::Slow})
        if (automationCurveName(c) == name)
            return c;
    return std::nullopt;
}

namespace {

// Fraction of the change done at fraction t of the way.
double curveShape(AutomationCurve curve, double t)
{
    switch (curve) {
    case AutomationCurve::Linear: return t;
    case AutomationCurve::Smooth: return 0.5 - 0.5 * std::cos(std::numbers::pi * t);
    case AutomationCurve::Fast: return 1.0 - (1.0 - t) * (1.0 - t);
    case AutomationCurve::Slow: return t * t;
    }
    return t;
}

GainEnvelope volumeEnvelope(const std::vector<VolumePoint>& raw)
{
    std::vector<VolumePoint> points = raw;
    std::stable_sort(points.begin(), points.end(), [](const VolumePoint& a, const VolumePoint& b) { return a.sample < b.sample; });
    std::vector<GainPoint> out;
    for (size_t i = 0; i < points.size(); ++i) {
        const double from = std::isnan(points[i].decibels) ? 0.0 : std::clamp(points[i].decibels, -120.0, 12.0);
        out.push_back({points[i].sample, from});
        if (i + 1 == points.size() || points[i].curve == AutomationCurve::Linear)
            continue;
        const double to = std::isnan(points[i + 1].decibels) ? 0.0 : std::clamp(points[i + 1].decibels, -120.0, 12.0);
        const int64_t span = points[i + 1].sample - points[i].sample;
        // 32 pieces keep a curve of up to 40 dB within 0.05 dB of its shape.
        const int pieces = span > 64 ? 32 : 0;
        for (int k = 1; k < pieces; ++k) {
            const double t = static_cast<double>(k) / pieces;
            out.push_back({points[i].sample + static_cast<int64_t>(std::llround(t * static_cast<double>(span))),
                           from + (to - from) * curveShape(points[i].curve, t)});
        }
    }
    return GainEnvelope(std::move(out));
}

GainEnvelope muteEnvelope(const std::vector<MutePoint>& raw, int64_t sampleRate)
{
    std::vector<MutePoint> points = raw;
    std::stable_sort(points.begin(), points.end(), [](const MutePoint& a, const MutePoint& b) { return a.sample < b.sample; });
    const int64_t ramp = std::max<int64_t>(1, sampleRate / 100);
    std::vector<GainPoint> out;
    bool muted = false;
    for (const auto& p : points) {
        if (p.muted == muted)
            continue;
        // The ramp starts at the point (a mute takes 10 ms to close, an unmute 10 ms to open).
        out.push_back({p.sample, muted ? kSilenceDecibels : 0.0});
        out.push_back({p.sample + ramp, p.muted ? kSilenceDecibels : 0.0});
        muted = p.muted;
    }
    return GainEnvelope(std::move(out));
}

} // namespace

GainEnvelope compileAutomation(const BusAutomation& automation, int64_t sampleRate)
{
    GainEnvelope volume = volumeEnvelope(automation.volume);
    GainEnvelope mute = muteEnvelope(automation.mute, sampleRate);
    if (mute.points().empty())
        return volume;
    // A mute wins whatever the fader does: the sum, floored at silence.
    std::vector<GainPoint> points = (volume + mute).points();
    for (auto& p : points)
        p.decibels = std::max(p.decibels, kSilenceDecibels);
    return GainEnvelope(std::move(points));
}

namespace {

template <typename Point>
void setPoint(std::vector<Point>& lane, const Point& point)
{
    const auto at = std::lower_bound(lane.begin(), lane.end(), point.sample,
                                     [](const Point& p, int64_t sample) { return p.sample < sample; });
    if (at != lane.end() && at->sample == point.sample)
        *at = point;
    else
        lane.insert(at, point);
}

template <typename Point>
bool removePoint(std::vector<Point>& lane, int64_t sample)
{
    const auto before = lane.size();
    lane.erase(std::remove_if(lane.begin(), lane.end(), [&](const Point& p) { return p.sample == sample; }), lane.end());
    return lane.size() != before;
}

} // namespace

void setVolumePoint(BusAutomation& automation, const VolumePoint& point) { setPoint(automation.volume, point); }
void setMutePoint(BusAutomation& automation, const MutePoint& point) { setPoint(automation.mute, point); }
bool removeVolumePoint(BusAutomation& automation, int64_t sample) { return removePoint(automation.volume, sample); }
bool removeMutePoint(BusAutomation& automation, int64_t sample) { return removePoint(automation.mute, sample); }

std::vector<VolumePoint> volumePointsOf(const GainEnvelope& envelope)
{
    std::vector<VolumePoint> out;
    for (const auto& p : envelope.points())
        out.push_back({p.sample, p.decibels, AutomationCurve::Linear});
    return out;
}

} // namespace cuesmith
