#include "GainEnvelope.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace cuesmith {

GainEnvelope::GainEnvelope(std::vector<GainPoint> points) : points_(std::move(points))
{
    std::stable_sort(points_.begin(), points_.end(),
                     [](const GainPoint& a, const GainPoint& b) { return a.sample < b.sample; });
}

bool GainEnvelope::isUnity() const
{
    return std::all_of(points_.begin(), points_.end(), [](const GainPoint& p) { return p.decibels == 0.0; });
}

double GainEnvelope::at(int64_t sample) const
{
    if (points_.empty())
        return 0.0;
    auto after = std::upper_bound(points_.begin(), points_.end(), sample,
                                  [](int64_t s, const GainPoint& p) { return s < p.sample; });
    if (after == points_.begin())
        return points_.front().decibels;
    if (after == points_.end())
        return points_.back().decibels;
    const GainPoint& b = *after;
    const GainPoint& a = *(after - 1);
    const double t = static_cast<double>(sample - a.sample) / static_cast<double>(b.sample - a.sample);
    return a.decibels + (b.decibels - a.decibels) * t;
}

namespace {

std::vector<int64_t> unionOfSamples(const GainEnvelope& a, const GainEnvelope& b)
{
    std::vector<int64_t> samples;
    for (const auto& p : a.points())
        samples.push_back(p.sample);
    for (const auto& p : b.points())
        samples.push_back(p.sample);
    std::sort(samples.begin(), samples.end());
    samples.erase(std::unique(samples.begin(), samples.end()), samples.end());
    return samples;
}

} // namespace

GainEnvelope operator+(const GainEnvelope& a, const GainEnvelope& b)
{
    if (a.points_.empty())
        return b;
    if (b.points_.empty())
        return a;
    std::vector<GainPoint> out;
    for (int64_t s : unionOfSamples(a, b))
        out.push_back({s, a.at(s) + b.at(s)});
    return GainEnvelope(std::move(out));
}

GainEnvelope GainEnvelope::minimum(const GainEnvelope& a, const GainEnvelope& b)
{
    if (a.points_.empty() && b.points_.empty())
        return {};
    const auto samples = unionOfSamples(a, b);
    std::vector<GainPoint> out;
    for (size_t i = 0; i < samples.size(); ++i) {
        const int64_t s = samples[i];
        out.push_back({s, std::min(a.at(s), b.at(s))});
        if (i + 1 == samples.size())
            break;
        // Both are straight between neighbouring breakpoints: they cross at most once there.
        const int64_t e = samples[i + 1];
        const double d0 = a.at(s) - b.at(s), d1 = a.at(e) - b.at(e);
        if ((d0 < 0.0 && d1 > 0.0) || (d0 > 0.0 && d1 < 0.0)) {
            const double t = d0 / (d0 - d1);
            const auto x = s + static_cast<int64_t>(std::llround(t * static_cast<double>(e - s)));
            if (x > s && x < e)
                out.push_back({x, std::min(a.at(x), b.at(x))});
        }
    }
    return GainEnvelope(std::move(out));
}

double GainEnvelope::steepestSlope(int64_t sampleRate) const
{
    double steepest = 0.0;
    for (size_t i = 1; i < points_.size(); ++i) {
        const double change = std::fabs(points_[i].decibels - points_[i - 1].decibels);
        const int64_t span = points_[i].sample - points_[i - 1].sample;
        if (change == 0.0)
            continue;
        if (span == 0)
            return std::numeric_limits<double>::infinity();
        steepest = std::max(steepest, change * static_cast<double>(sampleRate) / static_cast<double>(span));
    }
    return steepest;
}

GainEnvelope GainEnvelope::simplified(double toleranceDb) const
{
    if (points_.size() <= 2)
        return *this;
    // Greedy: from the last kept point, reach as far as a straight line stays within tolerance of
    // every point it would replace.
    auto lineHolds = [&](size_t from, size_t to) {
        const GainPoint& a = points_[from];
        const GainPoint& b = points_[to];
        if (b.sample == a.sample)
            return false;
        for (size_t k = from + 1; k < to; ++k) {
            const double t = static_cast<double>(points_[k].sample - a.sample) / static_cast<double>(b.sample - a.sample);
            if (std::fabs(a.decibels + (b.decibels - a.decibels) * t - points_[k].decibels) > toleranceDb)
                return false;
        }
        return true;
    };
    GainEnvelope out;
    out.points_.push_back(points_.front());
    size_t anchor = 0;
    for (size_t j = 2; j < points_.size(); ++j)
        if (!lineHolds(anchor, j)) {
            out.points_.push_back(points_[j - 1]);
            anchor = j - 1;
        }
    out.points_.push_back(points_.back());
    return out;
}

} // namespace cuesmith
