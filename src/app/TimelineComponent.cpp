#include "TimelineComponent.h"

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
        paintMarkers(g, lanes);
    }
    paintLaneNames(g, lanes);
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
    if (!hasSession_ || !lanes.music.contains(e.getPosition()) || e.position.x < kHeaderWidth)
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
    // Drag the timeline like a sheet of paper.
    viewport_ = dragStartViewport_.scrolledBy(-static_cast<double>(e.getDistanceFromDragStartX()));
    repaint();
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
