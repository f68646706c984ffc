#include "TimelineModel.h"

#include "core/Timecode.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

namespace cuesmith {

TimelineViewport::TimelineViewport(int64_t firstSample, double samplesPerPixel)
    : firstSample_(firstSample),
      samplesPerPixel_(std::clamp(samplesPerPixel, kMinSamplesPerPixel, kMaxSamplesPerPixel))
{
}

double TimelineViewport::sampleToX(int64_t sample) const
{
    return static_cast<double>(sample - firstSample_) / samplesPerPixel_;
}

int64_t TimelineViewport::xToSample(double x) const
{
    return firstSample_ + static_cast<int64_t>(std::floor(x * samplesPerPixel_));
}

TimelineViewport TimelineViewport::zoomedAround(double anchorX, double factor) const
{
    const int64_t anchor = xToSample(anchorX);
    const double spp = std::clamp(samplesPerPixel_ * factor, kMinSamplesPerPixel, kMaxSamplesPerPixel);
    return TimelineViewport(anchor - static_cast<int64_t>(std::llround(anchorX * spp)), spp);
}

TimelineViewport TimelineViewport::scrolledBy(double pixels) const
{
    return TimelineViewport(firstSample_ + static_cast<int64_t>(std::llround(pixels * samplesPerPixel_)),
                            samplesPerPixel_);
}

TimelineViewport TimelineViewport::fitting(int64_t start, int64_t end, double widthPixels)
{
    const double width = std::max(widthPixels, 1.0);
    const double span = static_cast<double>(std::max<int64_t>(end - start, 1));
    return TimelineViewport(start, span / width);
}

namespace {

void extend(TimelineContent& content, int64_t start, int64_t end)
{
    if (content.startSample == content.endSample) {
        content.startSample = start;
        content.endSample = end;
        return;
    }
    content.startSample = std::min(content.startSample, start);
    content.endSample = std::max(content.endSample, end);
}

int64_t frameToSample(int64_t frame, const Session& s) { return framesToSamples(frame, s.frameRate, s.sampleRate); }

std::string tcOfSample(int64_t sample, const Session& s)
{
    return formatFrames(samplesToFrames(sample, s.frameRate, s.sampleRate), s.frameRate);
}

} // namespace

TimelineContent buildTimelineContent(const Session& session)
{
    TimelineContent content;
    if (const CutVersion* cut = session.currentCutVersion()) {
        for (const auto& e : cut->edl.events) {
            if (!e.isVideo() || e.recordOutFrame <= e.recordInFrame)
                continue;
            TimelineBlock b;
            b.lane = TimelineLane::Picture;
            b.startSample = frameToSample(e.recordInFrame, session);
            b.endSample = frameToSample(e.recordOutFrame, session);
            b.label = e.clipName.value_or(e.reel);
            b.detail = e.number + "  " + e.recordIn;
            content.blocks.push_back(b);
            extend(content, b.startSample, b.endSample);
        }
        for (const auto& m : cut->edl.markers)
            content.markers.push_back({frameToSample(m.frame, session), m.name, m.color});
    }
    for (const auto& d : session.dialogue) {
        TimelineBlock b;
        b.lane = TimelineLane::Dialogue;
        b.startSample = d.startSample;
        b.endSample = d.startSample + d.lengthSamples;
        b.label = d.name;
        b.detail = tcOfSample(d.startSample, session);
        content.blocks.push_back(b);
        extend(content, b.startSample, b.endSample);
    }

    // Music: sort cues by start and put each on the first row whose last cue has ended; every
    // segment of a cue is its own block on the cue's row.
    struct PlacedCue {
        const Cue* cue;
        std::vector<CueSegment> segments;
        int64_t start, end;
    };
    std::vector<PlacedCue> cues;
    for (const auto& c : session.cues) {
        PlacedCue p{&c, effectiveSegments(c), 0, 0};
        if (p.segments.empty())
            continue;
        p.start = p.segments.front().timelineStart;
        p.end = p.segments.front().timelineEnd();
        for (const auto& seg : p.segments) {
            p.start = std::min(p.start, seg.timelineStart);
            p.end = std::max(p.end, seg.timelineEnd());
        }
        cues.push_back(std::move(p));
    }
    std::stable_sort(cues.begin(), cues.end(), [](const PlacedCue& a, const PlacedCue& b) { return a.start < b.start; });
    std::vector<int64_t> rowEnds;
    for (const PlacedCue& p : cues) {
        size_t row = 0;
        while (row < rowEnds.size() && rowEnds[row] > p.start)
            ++row;
        if (row == rowEnds.size())
            rowEnds.push_back(p.end);
        else
            rowEnds[row] = p.end;
        std::string stems;
        for (const auto& st : p.cue->stems)
            stems += (stems.empty() ? "" : " ") + st.name;
        const std::string label = p.cue->number + (p.cue->title.empty() ? "" : "  " + p.cue->title);
        for (const auto& seg : p.segments)
            content.blocks.push_back({TimelineLane::Music, static_cast<int>(row), seg.timelineStart, seg.timelineEnd(),
                                      label, stems, p.cue->number, seg.timelineStart + seg.fadeIn,
                                      seg.timelineEnd() - seg.fadeOut, !p.cue->attention.empty()});
        extend(content, p.start, p.end);
    }
    content.musicRows = std::max<int>(1, static_cast<int>(rowEnds.size()));
    if (content.startSample == content.endSample) {
        content.startSample = session.pictureStartSample();
        content.endSample = content.startSample + session.sampleRate * 60;
    }
    return content;
}

const TimelineBlock* musicBlockAt(const TimelineContent& content, int row, int64_t sample)
{
    // Later blocks are drawn on top, so search from the end.
    for (auto it = content.blocks.rbegin(); it != content.blocks.rend(); ++it)
        if (it->lane == TimelineLane::Music && it->row == row && sample >= it->startSample && sample < it->endSample)
            return &*it;
    return nullptr;
}

std::vector<RulerTick> rulerTicks(const TimelineViewport& viewport, double widthPixels, const Session& session,
                                  double minLabelPixels)
{
    // Candidate spacings in frames: 1, 2, 5, 10 frames, then 1, 2, 5, 10, 15, 30 s, 1, 2, 5, 10 min.
    const int64_t base = session.frameRate.timecodeBase();
    const int64_t candidates[] = {1,        2,         5,         10,        base,      2 * base,
                                  5 * base, 10 * base, 15 * base, 30 * base, 60 * base, 120 * base,
                                  300 * base, 600 * base, 1800 * base, 3600 * base};
    const double pixelsPerFrame =
        static_cast<double>(session.sampleRate) * session.frameRate.denominator
        / static_cast<double>(session.frameRate.numerator) / viewport.samplesPerPixel();
    int64_t major = candidates[std::size(candidates) - 1];
    for (const int64_t c : candidates)
        if (static_cast<double>(c) * pixelsPerFrame >= minLabelPixels) {
            major = c;
            break;
        }
    const int64_t minor = major >= 5 && major % 5 == 0 ? major / 5 : major;

    const int64_t firstFrame = samplesToFrames(viewport.firstSample(), session.frameRate, session.sampleRate);
    const int64_t lastFrame = samplesToFrames(viewport.xToSample(widthPixels), session.frameRate, session.sampleRate);
    std::vector<RulerTick> ticks;
    // Label frames counted from the picture start so labels fall on round timecodes.
    const int64_t origin = session.pictureStartFrame;
    auto floorToMultiple = [](int64_t v, int64_t m) { return (v >= 0 ? v / m : -((-v + m - 1) / m)) * m; };
    for (int64_t f = origin + floorToMultiple(firstFrame - origin, minor); f <= lastFrame + 1; f += minor) {
        const bool isMajor = (f - origin) % major == 0;
        ticks.push_back({frameToSample(f, session), isMajor, isMajor ? formatFrames(f, session.frameRate) : ""});
        if (ticks.size() > 4000)
            break;  // a guard against absurd widths, never reached at sane zooms
    }
    return ticks;
}

std::vector<OutlinePoint> envelopeOutline(const GainEnvelope& envelope, const TimelineViewport& viewport,
                                          double widthPixels)
{
    const int64_t first = viewport.xToSample(0.0);
    const int64_t last = viewport.xToSample(widthPixels);
    std::vector<OutlinePoint> outline{{0.0, envelope.at(first)}};
    for (const auto& p : envelope.points())
        if (p.sample > first && p.sample < last)
            outline.push_back({viewport.sampleToX(p.sample), p.decibels});
    outline.push_back({widthPixels, envelope.at(last)});
    return outline;
}

const SpeechRegion* speechRegionAt(const std::vector<SpeechRegion>& regions, int64_t sample)
{
    auto it = std::upper_bound(regions.begin(), regions.end(), sample,
                               [](int64_t t, const SpeechRegion& r) { return t < r.start; });
    if (it == regions.begin())
        return nullptr;
    --it;
    return sample < it->end ? &*it : nullptr;
}

std::optional<SpeechEdgeGrab> speechEdgeNear(const std::vector<SpeechRegion>& regions, int64_t sample, int64_t tolerance)
{
    std::optional<SpeechEdgeGrab> best;
    int64_t bestDistance = tolerance + 1;
    for (const auto& r : regions) {
        if (r.end - r.start <= 0)
            continue;
        for (const bool start : {true, false}) {
            const int64_t edge = start ? r.start : r.end;
            const int64_t distance = edge > sample ? edge - sample : sample - edge;
            if (distance < bestDistance) {
                bestDistance = distance;
                best = SpeechEdgeGrab{start, edge, start ? r.start : r.end - 1};
            }
        }
    }
    return best;
}

int64_t frameSnappedDelta(int64_t from, int64_t to, int64_t samplesPerFrame)
{
    if (samplesPerFrame <= 0)
        return 0;
    const int64_t delta = to - from;
    const int64_t frames = (delta >= 0 ? delta + samplesPerFrame / 2 : delta - samplesPerFrame / 2) / samplesPerFrame;
    return frames * samplesPerFrame;
}

namespace {

// The fader taper: (dB, fraction down the lane), loudest first. Sixteenths, so a 48-pixel lane
// has its marks on whole pixels.
constexpr std::pair<double, double> kTaper[] = {{6.0, 0.0},    {0.0, 0.125},  {-6.0, 0.3125}, {-12.0, 0.5},   {-20.0, 0.625},
                                                {-30.0, 0.75}, {-40.0, 0.875}, {-60.0, 0.9375}, {-120.0, 1.0}};

} // namespace

double faderFraction(double decibels)
{
    if (!(decibels < kTaper[0].first))
        return 0.0;
    for (size_t i = 1; i < std::size(kTaper); ++i)
        if (decibels >= kTaper[i].first) {
            const auto [d0, f0] = kTaper[i - 1];
            const auto [d1, f1] = kTaper[i];
            return f0 + (f1 - f0) * (d0 - decibels) / (d0 - d1);
        }
    return 1.0;
}

double decibelsAtFaderFraction(double fraction)
{
    if (!(fraction > 0.0))
        return kTaper[0].first;
    for (size_t i = 1; i < std::size(kTaper); ++i)
        if (fraction <= kTaper[i].second) {
            const auto [d0, f0] = kTaper[i - 1];
            const auto [d1, f1] = kTaper[i];
            return d0 + (d1 - d0) * (fraction - f0) / (f1 - f0);
        }
    return kTaper[std::size(kTaper) - 1].first;
}

double VolumeLaneScale::yOf(double decibels) const
{
    return top + kPad + faderFraction(decibels) * std::max(0.0, height - 2.0 * kPad);
}

double VolumeLaneScale::decibelsAt(double y) const
{
    const double span = std::max(1.0, height - 2.0 * kPad);
    return decibelsAtFaderFraction(std::clamp((y - top - kPad) / span, 0.0, 1.0));
}

double handSetDecibels(double decibels)
{
    if (std::isnan(decibels))
        return 0.0;
    return std::clamp(std::round(decibels * 10.0) / 10.0, -120.0, 12.0);
}

int64_t nearestFrameSample(int64_t sample, const FrameRate& rate, int64_t sampleRate)
{
    const int64_t frame = samplesToFrames(sample, rate, sampleRate);
    const int64_t before = framesToSamples(frame, rate, sampleRate);
    const int64_t after = framesToSamples(frame + 1, rate, sampleRate);
    return sample - before <= after - sample ? before : after;
}

std::optional<size_t> volumePointAt(const std::vector<VolumePoint>& points, const TimelineViewport& viewport,
                                    const VolumeLaneScale& scale, double x, double y, double radiusPixels)
{
    std::optional<size_t> best;
    double bestDistance = radiusPixels * radiusPixels;
    for (size_t i = 0; i < points.size(); ++i) {
        const double dx = viewport.sampleToX(points[i].sample) - x;
        const double dy = scale.yOf(points[i].decibels) - y;
        const double d = dx * dx + dy * dy;
        if (d <= bestDistance) {
            bestDistance = d;
            best = i;
        }
    }
    return best;
}

namespace {

std::vector<VolumePoint> sortedBySample(std::vector<VolumePoint> points)
{
    std::stable_sort(points.begin(), points.end(), [](const VolumePoint& a, const VolumePoint& b) { return a.sample < b.sample; });
    return points;
}

} // namespace

std::vector<VolumePoint> withVolumePointAdded(const std::vector<VolumePoint>& points, VolumePoint point)
{
    BusAutomation lane;
    lane.volume = sortedBySample(points);
    point.decibels = handSetDecibels(point.decibels);
    for (const auto& p : lane.volume)
        if (p.sample == point.sample)
            point.curve = p.curve;  // a click on a point's time sets its level, keeps its curve
    setVolumePoint(lane, point);  // one point per time, as on the command line
    return lane.volume;
}

std::vector<VolumePoint> withVolumePointMoved(const std::vector<VolumePoint>& points, size_t index,
                                              std::optional<int64_t> sample, std::optional<double> decibels,
                                              const FrameRate& rate, int64_t sampleRate)
{
    std::vector<VolumePoint> next = sortedBySample(points);
    if (index >= next.size())
        return next;
    if (decibels)
        next[index].decibels = handSetDecibels(*decibels);
    if (!sample)
        return next;
    // The open interval between the neighbours, in whole frames.
    const int64_t low = index > 0 ? next[index - 1].sample + 1 : 0;
    const int64_t high = index + 1 < next.size() ? next[index + 1].sample - 1 : std::numeric_limits<int64_t>::max() / 4;
    int64_t at = nearestFrameSample(std::clamp(*sample, low, high), rate, sampleRate);
    if (at < low)
        at = framesToSamples(samplesToFrames(low, rate, sampleRate) + 1, rate, sampleRate);
    if (at > high)
        at = framesToSamples(samplesToFrames(high, rate, sampleRate), rate, sampleRate);
    if (at >= low && at <= high)
        next[index].sample = at;
    return next;
}

std::vector<VolumePoint> withVolumePointRemoved(const std::vector<VolumePoint>& points, size_t index)
{
    std::vector<VolumePoint> next = sortedBySample(points);
    if (index < next.size())
        next.erase(next.begin() + static_cast<std::ptrdiff_t>(index));
    return next;
}

std::vector<VolumePoint> withVolumeCurve(const std::vector<VolumePoint>& points, size_t index, AutomationCurve curve)
{
    std::vector<VolumePoint> next = sortedBySample(points);
    if (index < next.size())
        next[index].curve = curve;
    return next;
}

} // namespace cuesmith
