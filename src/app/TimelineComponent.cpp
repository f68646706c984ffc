#include "TimelineComponent.h"

#include "core/Timecode.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

namespace {

juce::Colour markerColour(const std::string& name)
{
    static const std::pair<const char*, juce::uint32> colours[] = {
        {"RED", 0xffe0463c},   {"GREEN", 0xff4cc35a}, {"BLUE", 0xff4a8fe0},  {"CYAN", 0xff46c8d8},
        {"MAGENTA", 0xffd457c4}, {"YELLOW", 0xffe8cf3a}, {"WHITE", 0xffeeeeee}, {"BLACK", 0xff555555}};
    for (const auto& [n, c] : colours)
        if (name == n)
            return juce::Colour(c);
    return juce::Colour(0xffe8a33a);
}

const juce::Colour kPictureColour(0xff3d5a80);
const juce::Colour kDialogueColour(0xff4f8a5b);
const juce::Colour kMusicColour(0xff8a5fa8);
const juce::Colour kSpeechColour(0xffc8e86b);
const juce::Colour kDuckColour(0xffffc857);
const juce::Colour kEqColour(0xff3fb8c8);
const juce::Colour kVolumeColour(0xffe8e8e8);
const juce::Colour kPlayheadColour(0xffff5a5a);

} // namespace

TimelineComponent::TimelineComponent()
{
    setWantsKeyboardFocus(true);
}

void TimelineComponent::setSession(const Session& session, bool keepView)
{
    session_ = session;
    const bool first = !hasSession_;
    hasSession_ = true;
    content_ = buildTimelineContent(session_);
    speech_ = session_.speech();
    samplesPerFrame_ = std::max<int64_t>(1, framesToSamples(1, session_.frameRate, session_.sampleRate));
    draggedEdge_.reset();
    volumeDrag_.reset();
    if (first || !keepView)
        fitAll();
    else
        repaint();
}

void TimelineComponent::setSelectedCue(const std::string& number)
{
    selectedCue_ = number;
    repaint();
}

void TimelineComponent::setBusCurves(std::vector<BusCurves> curves)
{
    busCurves_ = std::move(curves);
    repaint();
}

void TimelineComponent::setPlayhead(int64_t sample)
{
    if (sample == playhead_)
        return;
    const double before = viewport_.sampleToX(playhead_), after = viewport_.sampleToX(sample);
    playhead_ = sample;
    if (std::abs(after - before) >= 0.5)
        repaint();
}

void TimelineComponent::fitAll()
{
    const double width = std::max(1, getWidth() - kHeaderWidth);
    const int64_t span = content_.endSample - content_.startSample;
    const int64_t margin = span / 40;
    viewport_ = TimelineViewport::fitting(content_.startSample - margin, content_.endSample + margin, width);
    repaint();
}

void TimelineComponent::resized()
{
    if (hasSession_)
        fitAll();
}

TimelineComponent::LaneBounds TimelineComponent::laneBounds() const
{
    auto area = getLocalBounds();
    LaneBounds lanes;
    lanes.ruler = area.removeFromTop(32);
    lanes.picture = area.removeFromTop(56);
    lanes.markers = area.removeFromTop(26);
    lanes.dialogue = area.removeFromTop(40);
    area.removeFromTop(4);
    lanes.music = area.removeFromTop(std::max(1, content_.musicRows) * 48);
    area.removeFromTop(4);
    // One lane per bus of the session (curves arrive later from the program build), as tall as the
    // room left allows within limits: taller lanes are easier to draw automation on.
    const int buses = static_cast<int>(session_.buses.size());
    lanes.busHeight = buses == 0 ? 0 : std::clamp(area.getHeight() / buses, kMinBusLaneHeight, kMaxBusLaneHeight);
    lanes.mix = area.removeFromTop(buses * lanes.busHeight);
    return lanes;
}

juce::Rectangle<int> TimelineComponent::blockBounds(const TimelineBlock& block, const LaneBounds& lanes) const
{
    const auto lane = block.lane == TimelineLane::Picture    ? lanes.picture
                      : block.lane == TimelineLane::Dialogue ? lanes.dialogue
                                                             : lanes.music;
    const double x0 = kHeaderWidth + viewport_.sampleToX(block.startSample);
    const double x1 = kHeaderWidth + viewport_.sampleToX(block.endSample);
    int top = lane.getY() + 3;
    int height = lane.getHeight() - 6;
    if (block.lane == TimelineLane::Music) {
        height = 42;
        top = lane.getY() + block.row * 48 + 3;
    }
    const double left = std::max(x0, static_cast<double>(kHeaderWidth) - 2.0);
    const double right = std::min(x1, static_cast<double>(getWidth()) + 2.0);
    return juce::Rectangle<int>(static_cast<int>(left), top, std::max(1, static_cast<int>(right - left)), height);
}

void TimelineComponent::paint(juce::Graphics& g)
{
    g.fillAll(juce::Colour(0xff16181c));
    const LaneBounds lanes = laneBounds();
    if (!hasSession_) {
        g.setColour(juce::Colours::grey);
        g.drawText("No session", getLocalBounds(), juce::Justification::centred);
        return;
    }
    paintRuler(g, lanes.ruler);
    {
        juce::Graphics::ScopedSaveState state(g);
        g.reduceClipRegion(getLocalBounds().withTrimmedLeft(kHeaderWidth));
        paintBlocks(g, lanes);
        paintSpeech(g, lanes);
        paintBusLanes(g, lanes);
        paintMarkers(g, lanes);
        paintPlayhead(g, lanes);
    }
    paintLaneNames(g, lanes);
}

void TimelineComponent::paintSpeech(juce::Graphics& g, const LaneBounds& lanes) const
{
    // Speech regions as bars along the bottom of the dialogue lane, taller where the detector was
    // surer (hand-added speech is full height); the lane's name says how many.
    const auto lane = lanes.dialogue.reduced(0, 3);
    const int64_t first = viewport_.xToSample(0.0);
    const int64_t last = viewport_.xToSample(getWidth() - kHeaderWidth);
    for (const auto& r : speech_) {
        if (r.end < first || r.start > last)
            continue;
        const double x0 = kHeaderWidth + viewport_.sampleToX(r.start);
        const double x1 = kHeaderWidth + viewport_.sampleToX(r.end);
        const double height = 5.0 + 9.0 * std::clamp(static_cast<double>(r.confidence), 0.0, 1.0);
        g.setColour(kSpeechColour);
        g.fillRect(juce::Rectangle<double>(x0, lane.getBottom() - 2.0 - height, std::max(1.0, x1 - x0), height).toFloat());
    }
    if (draggedEdge_) {
        // Where the dragged edge lands, across the whole lane.
        const auto x = static_cast<float>(kHeaderWidth + viewport_.sampleToX(dragTo_));
        g.setColour(kSpeechColour);
        g.drawLine(x, static_cast<float>(lane.getY()), x, static_cast<float>(lane.getBottom()), 2.0f);
    }
}

juce::Rectangle<int> TimelineComponent::busLane(const LaneBounds& lanes, size_t bus) const
{
    return lanes.mix.withHeight(lanes.busHeight).translated(0, static_cast<int>(bus) * lanes.busHeight).reduced(0, 2);
}

std::optional<size_t> TimelineComponent::busLaneAt(const LaneBounds& lanes, juce::Point<int> point) const
{
    for (size_t b = 0; b < session_.buses.size(); ++b)
        if (busLane(lanes, b).contains(point))
            return b;
    return std::nullopt;
}

std::vector<VolumePoint> TimelineComponent::volumePoints(size_t bus) const
{
    if (volumeDrag_ && volumeDrag_->bus == bus)
        return volumeDrag_->now;
    std::vector<VolumePoint> points = session_.buses.at(bus).automation.volume;
    std::stable_sort(points.begin(), points.end(), [](const VolumePoint& a, const VolumePoint& b) { return a.sample < b.sample; });
    return points;
}

void TimelineComponent::paintBusLanes(juce::Graphics& g, const LaneBounds& lanes) const
{
    // Per bus, on a fader taper (+6 dB at the top, silence at the bottom): the dialogue-band cut as
    // a teal area hanging from 0 dB, the hand-drawn volume automation as a white line with its
    // points, and the gain the bus plays (automation and duck) as an amber line.
    const double width = getWidth() - kHeaderWidth;
    for (size_t b = 0; b < session_.buses.size(); ++b) {
        const auto lane = busLane(lanes, b);
        const VolumeLaneScale scale{static_cast<double>(lane.getY()), static_cast<double>(lane.getHeight())};
        auto yOf = [&](double decibels) { return static_cast<float>(scale.yOf(decibels)); };
        g.setColour(juce::Colour(0xff1d2026));
        g.fillRect(lane);
        g.setColour(juce::Colours::white.withAlpha(0.15f));
        g.drawHorizontalLine(static_cast<int>(yOf(0.0)), kHeaderWidth, static_cast<float>(getWidth()));
        g.drawHorizontalLine(static_cast<int>(yOf(-12.0)), kHeaderWidth, static_cast<float>(getWidth()));
        if (lane.getHeight() >= 44) {
            g.setFont(9.0f);
            g.drawText("0 dB", getWidth() - 40, static_cast<int>(yOf(0.0)) - 10, 36, 10, juce::Justification::right);
            g.drawText("-12", getWidth() - 40, static_cast<int>(yOf(-12.0)) - 10, 36, 10, juce::Justification::right);
        }
        auto toPath = [&](const GainEnvelope& e, bool closed) {
            juce::Path path;
            const auto outline = envelopeOutline(e, viewport_, width);
            path.startNewSubPath(static_cast<float>(kHeaderWidth + outline.front().x), yOf(outline.front().decibels));
            for (const auto& p : outline)
                path.lineTo(static_cast<float>(kHeaderWidth + p.x), yOf(p.decibels));
            if (closed) {
                path.lineTo(static_cast<float>(kHeaderWidth + width), yOf(0.0));
                path.lineTo(static_cast<float>(kHeaderWidth), yOf(0.0));
                path.closeSubPath();
            }
            return path;
        };
        const auto curves = std::find_if(busCurves_.begin(), busCurves_.end(),
                                         [&](const BusCurves& c) { return c.name == session_.buses[b].name; });
        if (curves != busCurves_.end() && !curves->eqDepth.points().empty()) {
            g.setColour(kEqColour);
            g.fillPath(toPath(curves->eqDepth, true));
        }
        BusAutomation automation = session_.buses[b].automation;
        automation.volume = volumePoints(b);
        g.setColour(kVolumeColour.withAlpha(0.6f));
        g.strokePath(toPath(compileAutomation(automation, session_.sampleRate), false), juce::PathStrokeType(1.0f));
        if (curves != busCurves_.end()) {
            g.setColour(kDuckColour);
            g.strokePath(toPath(curves->gain, false), juce::PathStrokeType(1.5f));
        }
        const bool dragging = volumeDrag_ && volumeDrag_->bus == b;
        for (size_t i = 0; i < automation.volume.size(); ++i) {
            const auto& p = automation.volume[i];
            const float x = static_cast<float>(kHeaderWidth + viewport_.sampleToX(p.sample));
            if (x < kHeaderWidth - 4 || x > getWidth() + 4)
                continue;
            const bool held = dragging && i == volumeDrag_->index;
            const float r = held ? 4.5f : 3.5f;
            g.setColour(held ? kDuckColour : kVolumeColour);
            g.fillEllipse(x - r, yOf(p.decibels) - r, 2 * r, 2 * r);
            g.setColour(juce::Colour(0xff16181c));
            g.drawEllipse(x - r, yOf(p.decibels) - r, 2 * r, 2 * r, 1.0f);
            if (held) {
                g.setColour(juce::Colours::white);
                g.setFont(11.0f);
                const int labelY = std::clamp(static_cast<int>(yOf(p.decibels)) - 16, lane.getY(), lane.getBottom() - 14);
                g.drawText(describe(p), static_cast<int>(x) + 8, labelY, 160, 14, juce::Justification::left);
            }
        }
    }
}

void TimelineComponent::paintPlayhead(juce::Graphics& g, const LaneBounds& lanes) const
{
    const float x = static_cast<float>(kHeaderWidth + viewport_.sampleToX(playhead_));
    g.setColour(kPlayheadColour);
    g.drawLine(x, static_cast<float>(lanes.ruler.getY()), x, static_cast<float>(getHeight()), 1.5f);
}

void TimelineComponent::paintRuler(juce::Graphics& g, juce::Rectangle<int> area) const
{
    g.setColour(juce::Colour(0xff2a2e35));
    g.fillRect(area);
    const double width = getWidth() - kHeaderWidth;
    g.setFont(12.0f);
    for (const auto& tick : rulerTicks(viewport_, width, session_)) {
        const float x = static_cast<float>(kHeaderWidth + viewport_.sampleToX(tick.sample));
        if (x < kHeaderWidth)
            continue;
        g.setColour(tick.major ? juce::Colours::lightgrey : juce::Colours::grey);
        const float tickTop = static_cast<float>(area.getBottom() - (tick.major ? 12 : 6));
        g.drawLine(x, tickTop, x, static_cast<float>(area.getBottom()));
        if (tick.major)
            g.drawText(tick.label, static_cast<int>(x) + 3, area.getY() + 2, 100, 16, juce::Justification::left);
    }
}

void TimelineComponent::paintBlocks(juce::Graphics& g, const LaneBounds& lanes) const
{
    g.setFont(12.0f);
    for (const auto& block : content_.blocks) {
        const auto r = blockBounds(block, lanes);
        if (r.getRight() < kHeaderWidth || r.getX() > getWidth())
            continue;
        const juce::Colour base = block.lane == TimelineLane::Picture    ? kPictureColour
                                  : block.lane == TimelineLane::Dialogue ? kDialogueColour
                                                                         : kMusicColour;
        const bool selected = block.lane == TimelineLane::Music && block.cueNumber == selectedCue_;
        g.setColour(selected ? base.brighter(0.25f) : base);
        g.fillRoundedRectangle(r.toFloat(), 3.0f);
        g.setColour(block.needsAttention ? juce::Colour(0xffff9f1c) : base.brighter(selected ? 1.0f : 0.6f));
        g.drawRoundedRectangle(r.toFloat().reduced(0.5f), 3.0f, selected || block.needsAttention ? 2.0f : 1.0f);
        if (block.lane == TimelineLane::Music)
            paintFades(g, block, r);
        if (r.getWidth() > 24) {
            g.setColour(juce::Colours::white);
            auto text = r.reduced(5, 3);
            g.drawFittedText((block.needsAttention ? "! " : "") + block.label, text.removeFromTop(16),
                             juce::Justification::left, 1, 0.8f);
            g.setColour(juce::Colours::white.withAlpha(0.7f));
            g.drawFittedText(block.detail, text.removeFromTop(16), juce::Justification::left, 1, 0.8f);
        }
    }
}

void TimelineComponent::paintFades(juce::Graphics& g, const TimelineBlock& block, juce::Rectangle<int> r) const
{
    // Fade ramps as lines across the block's corners; a crossfade shows as an X where two
    // segments of a cue overlap, and the splice itself as a bright line in its middle.
    const float top = static_cast<float>(r.getY()), bottom = static_cast<float>(r.getBottom());
    auto xOf = [&](int64_t sample) { return static_cast<float>(kHeaderWidth + viewport_.sampleToX(sample)); };
    g.setColour(juce::Colours::white.withAlpha(0.8f));
    if (block.fadeInEnd > block.startSample)
        g.drawLine(xOf(block.startSample), bottom, xOf(block.fadeInEnd), top, 1.5f);
    if (block.fadeOutStart < block.endSample) {
        g.drawLine(xOf(block.fadeOutStart), top, xOf(block.endSample), bottom, 1.5f);
        const float splice = (xOf(block.fadeOutStart) + xOf(block.endSample)) / 2.0f;
        g.setColour(juce::Colour(0xffffe08a));
        g.drawLine(splice, top - 2.0f, splice, bottom + 2.0f, 1.0f);
    }
}

void TimelineComponent::paintMarkers(juce::Graphics& g, const LaneBounds& lanes) const
{
    g.setFont(11.0f);
    for (const auto& m : content_.markers) {
        const float x = static_cast<float>(kHeaderWidth + viewport_.sampleToX(m.sample));
        const juce::Colour c = markerColour(m.color);
        g.setColour(c.withAlpha(0.45f));
        g.drawLine(x, static_cast<float>(lanes.picture.getY()), x, static_cast<float>(lanes.music.getBottom()), 1.0f);
        g.setColour(c);
        juce::Path flag;
        const float y = static_cast<float>(lanes.markers.getY() + 4);
        flag.addTriangle(x - 5.0f, y, x + 5.0f, y, x, y + 9.0f);
        g.fillPath(flag);
        g.drawText(m.label, static_cast<int>(x) + 7, lanes.markers.getY() + 3, 160, 16, juce::Justification::left);
    }
}

void TimelineComponent::paintLaneNames(juce::Graphics& g, const LaneBounds& lanes) const
{
    g.setColour(juce::Colour(0xff24272d));
    g.fillRect(0, 0, kHeaderWidth, getHeight());
    g.setColour(juce::Colours::lightgrey);
    g.setFont(13.0f);
    auto name = [&](juce::Rectangle<int> lane, const char* text) {
        g.drawText(text, lane.withX(8).withWidth(kHeaderWidth - 10), juce::Justification::centredLeft);
    };
    name(lanes.ruler, "Timecode");
    name(lanes.picture, "Picture");
    name(lanes.markers, "Markers");
    name(lanes.dialogue, "Dialogue");
    name(lanes.music.withHeight(48), "Music");
    g.setFont(11.0f);
    g.setColour(kSpeechColour);
    g.drawText(juce::String(static_cast<int>(speech_.size())) + " speech",
               lanes.dialogue.withX(8).withWidth(kHeaderWidth - 10).withTrimmedTop(24), juce::Justification::left);
    for (size_t b = 0; b < session_.buses.size(); ++b) {
        const auto lane = busLane(lanes, b).withX(0);
        const int half = lane.getHeight() / 2;
        g.setColour(juce::Colours::lightgrey);
        g.setFont(13.0f);
        g.drawText(session_.buses[b].name, lane.withX(8).withWidth(kHeaderWidth - 10).withHeight(half + 2),
                   juce::Justification::bottomLeft);
        g.setFont(10.0f);
        const auto legend = lane.withTrimmedTop(half + 2).withHeight(12);
        g.setColour(kVolumeColour);
        g.drawText("vol", legend.withX(8).withWidth(24), juce::Justification::topLeft);
        g.setColour(kDuckColour);
        g.drawText("duck", legend.withX(30).withWidth(30), juce::Justification::topLeft);
        g.setColour(kEqColour);
        g.drawText("EQ", legend.withX(62).withWidth(30), juce::Justification::topLeft);
    }
}

void TimelineComponent::mouseWheelMove(const juce::MouseEvent& e, const juce::MouseWheelDetails& wheel)
{
    const double delta = std::abs(wheel.deltaY) > std::abs(wheel.deltaX) ? wheel.deltaY : wheel.deltaX;
    if (e.mods.isCommandDown() || e.mods.isCtrlDown())
        viewport_ = viewport_.zoomedAround(e.position.x - kHeaderWidth, delta > 0 ? 0.8 : 1.25);
    else
        viewport_ = viewport_.scrolledBy(-delta * 200.0);
    repaint();
}

void TimelineComponent::mouseDown(const juce::MouseEvent& e)
{
    dragStartViewport_ = viewport_;
    grabKeyboardFocus();
    const LaneBounds lanes = laneBounds();
    if (!hasSession_ || e.position.x < kHeaderWidth)
        return;
    const int64_t at = viewport_.xToSample(e.position.x - kHeaderWidth);
    if (lanes.ruler.contains(e.getPosition()) && onLocate) {
        onLocate(at);
        return;
    }
    if (lanes.dialogue.contains(e.getPosition()) && e.mods.isPopupMenu() && onSpeechMenu) {
        onSpeechMenu(at);
        return;
    }
    if (lanes.dialogue.contains(e.getPosition()) && !e.mods.isPopupMenu()) {
        draggedEdge_ = speechEdgeAt(e);
        if (draggedEdge_)
            dragTo_ = draggedEdge_->edge;
        return;
    }
    if (const auto bus = busLaneAt(lanes, e.getPosition())) {
        volumeMouseDown(e, *bus, lanes);
        return;
    }
    if (!lanes.music.contains(e.getPosition()))
        return;
    const int row = (e.getPosition().y - lanes.music.getY()) / 48;
    const int64_t sample = viewport_.xToSample(e.position.x - kHeaderWidth);
    if (const TimelineBlock* block = musicBlockAt(content_, row, sample)) {
        setSelectedCue(block->cueNumber);
        if (onCueSelected)
            onCueSelected(block->cueNumber);
        if (e.mods.isPopupMenu() && onCueMenu)
            onCueMenu(block->cueNumber, sample);
    }
}

void TimelineComponent::mouseDrag(const juce::MouseEvent& e)
{
    if (volumeDrag_) {
        volumeMouseDrag(e);
        return;
    }
    if (draggedEdge_) {
        // A speech edge follows the pointer in whole frames; the edit happens on release.
        const int64_t at = viewport_.xToSample(e.position.x - kHeaderWidth);
        dragTo_ = draggedEdge_->edge + frameSnappedDelta(draggedEdge_->edge, at, samplesPerFrame_);
        repaint();
        return;
    }
    // Drag the timeline like a sheet of paper.
    viewport_ = dragStartViewport_.scrolledBy(-static_cast<double>(e.getDistanceFromDragStartX()));
    repaint();
}

void TimelineComponent::mouseUp(const juce::MouseEvent&)
{
    if (volumeDrag_) {
        // The whole gesture is one edit: an added point (wherever it was let go), or a moved one.
        const VolumeDrag drag = std::move(*volumeDrag_);
        volumeDrag_.reset();
        repaint();
        const VolumePoint& p = drag.now.at(drag.index);
        if (drag.adding)
            reportVolume(drag.bus, drag.now, "added a volume point at " + describe(p));
        else if (drag.now != drag.before)
            reportVolume(drag.bus, drag.now, "moved a volume point to " + describe(p));
        return;
    }
    if (!draggedEdge_)
        return;
    const SpeechEdgeGrab grab = *draggedEdge_;
    draggedEdge_.reset();
    repaint();
    if (dragTo_ != grab.edge && onSpeechEdgeDragged)
        onSpeechEdgeDragged(grab.inside, grab.startEdge, dragTo_ - grab.edge);
}

void TimelineComponent::mouseMove(const juce::MouseEvent& e)
{
    const LaneBounds lanes = laneBounds();
    if (const auto bus = e.position.x >= kHeaderWidth ? busLaneAt(lanes, e.getPosition()) : std::nullopt) {
        const auto lane = busLane(lanes, *bus);
        const VolumeLaneScale scale{static_cast<double>(lane.getY()), static_cast<double>(lane.getHeight())};
        const bool overPoint = volumePointAt(volumePoints(*bus), viewport_, scale, e.position.x - kHeaderWidth,
                                             e.position.y, kPointGrabPixels).has_value();
        setMouseCursor(overPoint ? juce::MouseCursor::DraggingHandCursor : juce::MouseCursor::CrosshairCursor);
        return;
    }
    const bool overEdge = lanes.dialogue.contains(e.getPosition()) && speechEdgeAt(e).has_value();
    setMouseCursor(overEdge ? juce::MouseCursor::LeftRightResizeCursor : juce::MouseCursor::NormalCursor);
}

juce::String TimelineComponent::describe(const VolumePoint& point) const
{
    const juce::String level = point.decibels <= -120.0 ? juce::String("-inf dB") : juce::String(point.decibels, 1) + " dB";
    return juce::String(formatFrames(samplesToFrames(point.sample, session_.frameRate, session_.sampleRate), session_.frameRate))
           + ", " + level;
}

void TimelineComponent::reportVolume(size_t bus, std::vector<VolumePoint> volume, const juce::String& what)
{
    if (onVolumeEdited && bus < session_.buses.size())
        onVolumeEdited(session_.buses[bus].name, std::move(volume), juce::String(session_.buses[bus].name) + ": " + what);
}

void TimelineComponent::volumeMouseDown(const juce::MouseEvent& e, size_t bus, const LaneBounds& lanes)
{
    const auto lane = busLane(lanes, bus);
    const VolumeLaneScale scale{static_cast<double>(lane.getY()), static_cast<double>(lane.getHeight())};
    const double x = e.position.x - kHeaderWidth;
    const auto points = volumePoints(bus);
    const auto hit = volumePointAt(points, viewport_, scale, x, e.position.y, kPointGrabPixels);
    const int64_t at = nearestFrameSample(viewport_.xToSample(x), session_.frameRate, session_.sampleRate);
    const double level = handSetDecibels(scale.decibelsAt(e.position.y));
    if (e.mods.isPopupMenu()) {
        showVolumeMenu(bus, hit, at, level);
        return;
    }
    if (hit && e.mods.isAltDown()) {
        const VolumePoint removed = points[*hit];
        reportVolume(bus, withVolumePointRemoved(points, *hit), "deleted the volume point at " + describe(removed));
        return;
    }
    VolumeDrag drag;
    drag.bus = bus;
    drag.before = points;
    drag.from = e.position;
    if (hit) {
        drag.base = points;
        drag.index = *hit;
    } else {
        drag.adding = true;
        drag.base = withVolumePointAdded(points, VolumePoint{at, level, AutomationCurve::Linear});
        drag.index = static_cast<size_t>(std::find_if(drag.base.begin(), drag.base.end(),
                                                      [&](const VolumePoint& p) { return p.sample == at; })
                                         - drag.base.begin());
    }
    drag.now = drag.base;
    volumeDrag_ = std::move(drag);
    repaint();
}

void TimelineComponent::volumeMouseDrag(const juce::MouseEvent& e)
{
    // The point moves by the distance the pointer moved, so grabbing it off-centre does not make
    // it jump; a coordinate the pointer has not moved along stays exactly as it was.
    VolumeDrag& drag = *volumeDrag_;
    const auto lane = busLane(laneBounds(), drag.bus);
    const VolumeLaneScale scale{static_cast<double>(lane.getY()), static_cast<double>(lane.getHeight())};
    const VolumePoint& start = drag.base.at(drag.index);
    const double dx = e.position.x - drag.from.x, dy = e.position.y - drag.from.y;
    std::optional<int64_t> sample;
    std::optional<double> level;
    if (std::abs(dx) >= 1.0)
        sample = start.sample + static_cast<int64_t>(std::llround(dx * viewport_.samplesPerPixel()));
    if (std::abs(dy) >= 1.0)
        level = scale.decibelsAt(scale.yOf(start.decibels) + dy);
    drag.now = withVolumePointMoved(drag.base, drag.index, sample, level, session_.frameRate, session_.sampleRate);
    repaint();
}

void TimelineComponent::showVolumeMenu(size_t bus, std::optional<size_t> point, int64_t sample, double decibels)
{
    const auto points = volumePoints(bus);
    const juce::String name = session_.buses.at(bus).name;
    juce::PopupMenu menu;
    auto safe = juce::Component::SafePointer<TimelineComponent>(this);
    if (point) {
        const VolumePoint p = points[*point];
        const size_t index = *point;
        menu.addSectionHeader(name + " volume point  " + describe(p));
        menu.addItem("Delete point", [safe, bus, points, index, p] {
            if (safe != nullptr)
                safe->reportVolume(bus, withVolumePointRemoved(points, index), "deleted the volume point at " + safe->describe(p));
        });
        menu.addSeparator();
        menu.addSectionHeader(index + 1 < points.size() ? "Curve to the next point" : "Curve to the next point (none yet)");
        for (const auto& [curve, label] : {std::pair{AutomationCurve::Linear, "Linear (an even fader move)"},
                                          std::pair{AutomationCurve::Smooth, "Smooth (S-shaped)"},
                                          std::pair{AutomationCurve::Fast, "Fast (most of the change early)"},
                                          std::pair{AutomationCurve::Slow, "Slow (most of the change late)"}})
            menu.addItem(label, true, p.curve == curve, [safe, bus, points, index, curve = curve, p] {
                if (safe != nullptr)
                    safe->reportVolume(bus, withVolumeCurve(points, index, curve),
                                       "curve " + juce::String(automationCurveName(curve)) + " from the volume point at "
                                           + safe->describe(p));
            });
    } else {
        const VolumePoint p{sample, decibels, AutomationCurve::Linear};
        menu.addItem("Add a volume point at " + describe(p), [safe, bus, points, p] {
            if (safe != nullptr)
                safe->reportVolume(bus, withVolumePointAdded(points, p), "added a volume point at " + safe->describe(p));
        });
        menu.addItem("Remove all " + juce::String(static_cast<int>(points.size())) + " volume points of " + name,
                     !points.empty(), false, [safe, bus] {
                         if (safe != nullptr)
                             safe->reportVolume(bus, {}, "removed all volume points");
                     });
        menu.addItem("Click adds a point; drag moves one; alt-click deletes one", false, false, [] {});
    }
    menu.showMenuAsync(juce::PopupMenu::Options());
}

// The speech edge within a few pixels of the pointer.
std::optional<SpeechEdgeGrab> TimelineComponent::speechEdgeAt(const juce::MouseEvent& e) const
{
    if (!hasSession_ || e.position.x < kHeaderWidth)
        return std::nullopt;
    const double x = e.position.x - kHeaderWidth;
    const int64_t at = viewport_.xToSample(x);
    const int64_t tolerance = std::max<int64_t>(1, viewport_.xToSample(x + kEdgeGrabPixels) - at);
    return speechEdgeNear(speech_, at, tolerance);
}

bool TimelineComponent::keyPressed(const juce::KeyPress& key)
{
    const double centre = (getWidth() - kHeaderWidth) / 2.0;
    if (key.getTextCharacter() == '+' || key.getTextCharacter() == '=')
        viewport_ = viewport_.zoomedAround(centre, 0.8);
    else if (key.getTextCharacter() == '-')
        viewport_ = viewport_.zoomedAround(centre, 1.25);
    else if (key.getKeyCode() == juce::KeyPress::leftKey)
        viewport_ = viewport_.scrolledBy(-100.0);
    else if (key.getKeyCode() == juce::KeyPress::rightKey)
        viewport_ = viewport_.scrolledBy(100.0);
    else if (key.getTextCharacter() == 'f')
        fitAll();
    else
        return false;
    repaint();
    return true;
}

} // namespace cuesmith
