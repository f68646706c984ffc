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
    lanes.mix = area.removeFromTop(static_cast<int>(busCurves_.size()) * kBusLaneHeight);
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

float TimelineComponent::decibelsToY(double decibels, juce::Rectangle<int> lane) const
{
    const double fraction = std::clamp(-decibels / kBusLaneRangeDb, 0.0, 1.0);
    return static_cast<float>(lane.getY() + 4 + fraction * (lane.getHeight() - 8));
}

void TimelineComponent::paintBusLanes(juce::Graphics& g, const LaneBounds& lanes) const
{
    // Per bus: the dialogue-band cut as a teal area hanging from 0 dB, and the gain the bus plays
    // (automation and duck) as an amber line, both on a 0 to -12 dB scale.
    const double width = getWidth() - kHeaderWidth;
    for (size_t b = 0; b < busCurves_.size(); ++b) {
        const auto lane = lanes.mix.withHeight(kBusLaneHeight).translated(0, static_cast<int>(b) * kBusLaneHeight).reduced(0, 2);
        g.setColour(juce::Colour(0xff1d2026));
        g.fillRect(lane);
        g.setColour(juce::Colours::white.withAlpha(0.15f));
        g.drawHorizontalLine(static_cast<int>(decibelsToY(0.0, lane)), kHeaderWidth, static_cast<float>(getWidth()));
        g.drawHorizontalLine(static_cast<int>(decibelsToY(-6.0, lane)), kHeaderWidth, static_cast<float>(getWidth()));
        auto toPath = [&](const GainEnvelope& e, bool closed) {
            juce::Path path;
            const auto outline = envelopeOutline(e, viewport_, width);
            path.startNewSubPath(static_cast<float>(kHeaderWidth + outline.front().x), decibelsToY(outline.front().decibels, lane));
            for (const auto& p : outline)
                path.lineTo(static_cast<float>(kHeaderWidth + p.x), decibelsToY(p.decibels, lane));
            if (closed) {
                path.lineTo(static_cast<float>(kHeaderWidth + width), decibelsToY(0.0, lane));
                path.lineTo(static_cast<float>(kHeaderWidth), decibelsToY(0.0, lane));
                path.closeSubPath();
            }
            return path;
        };
        const BusCurves& bus = busCurves_[b];
        if (!bus.eqDepth.points().empty()) {
            g.setColour(kEqColour);
            g.fillPath(toPath(bus.eqDepth, true));
        }
        g.setColour(kDuckColour);
        g.strokePath(toPath(bus.gain, false), juce::PathStrokeType(1.5f));
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
    for (size_t b = 0; b < busCurves_.size(); ++b) {
        const auto lane = lanes.mix.withHeight(kBusLaneHeight).translated(0, static_cast<int>(b) * kBusLaneHeight);
        g.setColour(juce::Colours::lightgrey);
        g.setFont(13.0f);
        g.drawText(busCurves_[b].name, lane.withX(8).withWidth(kHeaderWidth - 10).withHeight(kBusLaneHeight / 2 + 2),
                   juce::Justification::bottomLeft);
        g.setFont(10.0f);
        g.setColour(kDuckColour);
        g.drawText("duck", lane.withX(8).withWidth(40).withTrimmedTop(kBusLaneHeight / 2), juce::Justification::topLeft);
        g.setColour(kEqColour);
        g.drawText("EQ", lane.withX(40).withWidth(40).withTrimmedTop(kBusLaneHeight / 2), juce::Justification::topLeft);
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
    const bool overEdge = laneBounds().dialogue.contains(e.getPosition()) && speechEdgeAt(e).has_value();
    setMouseCursor(overEdge ? juce::MouseCursor::LeftRightResizeCursor : juce::MouseCursor::NormalCursor);
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
