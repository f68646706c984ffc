#include "MixerPanel.h"

#include <algorithm>
#include <array>
#include <initializer_list>

namespace cuesmith {

namespace {

const juce::Colour kPanelColour(0xff24272d);
const juce::Colour kSeparatorColour(0xff3a3f48);
const juce::Colour kGrooveColour(0xff1a1c20);
const juce::Colour kDuckColour(0xff3d5a80);
const juce::Colour kEqColour(0xff4f8a5b);  // the timeline's dialogue colour: this EQ makes room for it
const juce::Colour kNoteColour(0xffe8a33a);

constexpr int kPad = 8;
constexpr int kLabelWidth = 50;
constexpr int kToggleHeight = 18;
constexpr int kSliderRowHeight = 17;

juce::String onOff(bool on)
{
    return on ? "on" : "off";
}

// A range that ends at 0 dB is a cut.
bool isCut(const juce::Slider& slider)
{
    return slider.getMaximum() <= 0.0 && slider.getMinimum() < 0.0;
}

// Reports once per finished gesture, so a drag is one undo step rather than one per pixel: at the
// end of a drag, or at once for an arrow key. JUCE wraps a typed value in a drag notification
// too, so it ends up in onDragEnd like a drag does.
class GestureSlider final : public juce::Slider {
public:
    std::function<void()> onGestureEnd;

    GestureSlider()
    {
        onDragStart = [this] {
            dragging_ = true;
            valueAtStart_ = getValue();
        };
        onDragEnd = [this] {
            dragging_ = false;
            if (getValue() != valueAtStart_ && onGestureEnd)
                onGestureEnd();
        };
        onValueChange = [this] {
            if (!dragging_ && onGestureEnd)
                onGestureEnd();
        };
    }

    bool isDragging() const { return dragging_; }

    // A mixer types "6" for a 6 dB cut; taken literally it would clamp to no cut at all.
    double getValueFromText(const juce::String& text) override
    {
        const double value = juce::Slider::getValueFromText(text);
        return isCut(*this) && value > 0.0 ? -value : value;
    }

private:
    bool dragging_ = false;
    double valueAtStart_ = 0.0;
};

} // namespace

// Flat bars on a dark groove; a cut fills from 0 dB at the right, so a deeper cut is a longer bar.
class MixerPanel::Look final : public juce::LookAndFeel_V4 {
public:
    Look()
    {
        setColour(juce::ToggleButton::textColourId, juce::Colours::lightgrey);
        setColour(juce::ToggleButton::tickColourId, juce::Colours::white);
        setColour(juce::ToggleButton::tickDisabledColourId, juce::Colour(0xff7a808a));
        setColour(juce::Slider::textBoxTextColourId, juce::Colours::white);
        setColour(juce::Slider::textBoxBackgroundColourId, juce::Colour(0xff1e2126));
        setColour(juce::Slider::textBoxOutlineColourId, juce::Colours::transparentBlack);
        setColour(juce::Slider::textBoxHighlightColourId, kDuckColour.brighter(0.3f));
        setColour(juce::TextEditor::focusedOutlineColourId, juce::Colours::transparentBlack);
        setColour(juce::Label::textColourId, juce::Colours::lightgrey);
        setColour(juce::ScrollBar::thumbColourId, juce::Colour(0xff4a4f58));
    }

    void drawLinearSlider(juce::Graphics& g, int x, int y, int width, int height, float sliderPos,
                          float minSliderPos, float maxSliderPos, juce::Slider::SliderStyle style,
                          juce::Slider& slider) override
    {
        if (!slider.isBar()) {
            LookAndFeel_V4::drawLinearSlider(g, x, y, width, height, sliderPos, minSliderPos, maxSliderPos, style, slider);
            return;
        }
        const auto bar = juce::Rectangle<int>(x, y, width, height).toFloat().reduced(0.5f);
        g.setColour(kGrooveColour);
        g.fillRoundedRectangle(bar, 3.0f);
        const float pos = juce::jlimit(bar.getX(), bar.getRight(), sliderPos);
        const auto fill = isCut(slider) ? bar.withLeft(pos) : bar.withRight(pos);
        auto colour = slider.findColour(juce::Slider::trackColourId);
        if (!slider.isEnabled())
            colour = colour.withMultipliedSaturation(0.3f).withMultipliedAlpha(0.5f);
        g.setColour(colour);
        g.fillRoundedRectangle(fill, 3.0f);
        g.setColour(slider.isMouseOverOrDragging() && slider.isEnabled() ? kSeparatorColour.brighter(0.4f)
                                                                          : kSeparatorColour);
        g.drawRoundedRectangle(bar, 3.0f, 1.0f);
    }

    // V4 only dims a disabled toggle's text; a ticked box would still look live.
    void drawToggleButton(juce::Graphics& g, juce::ToggleButton& button, bool highlighted, bool down) override
    {
        if (button.isEnabled()) {
            LookAndFeel_V4::drawToggleButton(g, button, highlighted, down);
            return;
        }
        g.beginTransparencyLayer(0.5f);
        LookAndFeel_V4::drawToggleButton(g, button, false, false);
        g.endTransparencyLayer();
    }

    juce::Label* createSliderTextBox(juce::Slider& slider) override
    {
        auto* label = LookAndFeel_V4::createSliderTextBox(slider);
        label->setFont(juce::Font(12.5f));
        return label;
    }
};

// One bus: name and layout, the duck, the dialogue EQ. Holds the bus it last showed or reported,
// so each control changes only its own field and the rest goes back as it came.
class MixerPanel::Strip final : public juce::Component {
public:
    explicit Strip(const StemBus& bus)
        : bus_(bus)
    {
        const juce::String name(bus.name);
        setComponentID(name);
        setName(name);
        setTitle(name + " bus");
        setFocusContainerType(FocusContainerType::focusContainer);

        setUpToggle(duck_, "duck", "duck", "Duck this bus under dialogue");
        setUpSlider(depth_, "duck.depth", "duck depth", -24.0, 0.0, 0.5, 0.0, " dB", kDuckColour,
                    "How far the bus goes down while a phrase plays");
        setUpSlider(lead_, "duck.lead", "duck lead", 0.0, 2000.0, 10.0, 400.0, " ms", kDuckColour,
                    "Shortest down ramp; it ends as the line starts");
        setUpSlider(hold_, "duck.hold", "duck hold", 0.0, 3000.0, 10.0, 800.0, " ms", kDuckColour,
                    "Pauses shorter than this stay down: one duck per phrase");
        setUpSlider(release_, "duck.release", "duck release", 100.0, 5000.0, 10.0, 1200.0, " ms", kDuckColour,
                    "Shortest up ramp, from the end of the phrase");
        setUpToggle(eq_, "eq", "dialogue EQ", {});
        setUpSlider(eqDepth_, "eq.depth", "dialogue EQ max depth", -24.0, 0.0, 0.5, 0.0, " dB", kEqColour,
                    "The deepest the dialogue-band cut may go; it cuts only as far as the music masks the words");
        setUpToggle(surrounds_, "eq.surrounds", "dialogue EQ surrounds",
                    "Also cut the surrounds (never the LFE); 5.1 and 7.1 buses only");

        printed_.setComponentID(name + ".duck.printed");
        printed_.setName(name + ".duck.printed");
        printed_.setText("duck printed to volume", juce::dontSendNotification);
        printed_.setTooltip("The duck is now points in the volume lane, so the duck itself is off");
        printed_.setFont(juce::Font(11.5f, juce::Font::italic));
        printed_.setColour(juce::Label::textColourId, kNoteColour);
        printed_.setBorderSize({});
        addChildComponent(printed_);

        duck_.onClick = [this] {
            bus_.duck.enabled = duck_.getToggleState();
            report("duck " + onOff(bus_.duck.enabled));
        };
        depth_.onGestureEnd = [this] {
            bus_.duck.depthDb = depth_.getValue();
            report("duck depth " + depth_.getTextFromValue(depth_.getValue()));
        };
        lead_.onGestureEnd = [this] {
            bus_.duck.leadMs = lead_.getValue();
            report("duck lead " + lead_.getTextFromValue(lead_.getValue()));
        };
        hold_.onGestureEnd = [this] {
            bus_.duck.holdMs = hold_.getValue();
            report("duck hold " + hold_.getTextFromValue(hold_.getValue()));
        };
        release_.onGestureEnd = [this] {
            bus_.duck.releaseMs = release_.getValue();
            report("duck release " + release_.getTextFromValue(release_.getValue()));
        };
        eq_.onClick = [this] {
            bus_.eq.enabled = eq_.getToggleState();
            report("dialogue EQ " + onOff(bus_.eq.enabled));
        };
        eqDepth_.onGestureEnd = [this] {
            bus_.eq.maxDepthDb = eqDepth_.getValue();
            report("dialogue EQ max depth " + eqDepth_.getTextFromValue(eqDepth_.getValue()));
        };
        surrounds_.onClick = [this] {
            bus_.eq.includeSurrounds = surrounds_.getToggleState();
            report("dialogue EQ surrounds " + onOff(bus_.eq.includeSurrounds));
        };

        setBus(bus);
    }

    const std::string& busName() const { return bus_.name; }

    std::function<void(const StemBus& bus, const juce::String& description)> onChanged;

    // Quietly: no control reports a value it was given.
    void setBus(const StemBus& bus)
    {
        bus_ = bus;
        duck_.setToggleState(bus.duck.enabled, juce::dontSendNotification);
        eq_.setToggleState(bus.eq.enabled, juce::dontSendNotification);
        surrounds_.setToggleState(bus.eq.includeSurrounds, juce::dontSendNotification);
        show(depth_, bus.duck.depthDb);
        show(lead_, bus.duck.leadMs);
        show(hold_, bus.duck.holdMs);
        show(release_, bus.duck.releaseMs);
        show(eqDepth_, bus.eq.maxDepthDb);

        const bool printed = bus.duck.printed;
        for (auto* c : std::initializer_list<juce::Component*>{&duck_, &depth_, &lead_, &hold_, &release_})
            c->setEnabled(!printed);
        printed_.setVisible(printed);
        surrounds_.setEnabled(bus.layout == ChannelLayout::Surround51 || bus.layout == ChannelLayout::Surround71);
        eq_.setTooltip("Cut " + juce::String(juce::roundToInt(bus.eq.lowHz)) + "-"
                       + juce::String(juce::roundToInt(bus.eq.highHz))
                       + " Hz under dialogue, only as far as the music masks the words");
        repaint();
    }

    void paint(juce::Graphics& g) override
    {
        const juce::Font nameFont(14.0f, juce::Font::bold);
        const juce::String name(bus_.name);
        const int nameWidth = std::min(nameRow_.getWidth() - 44, nameFont.getStringWidth(name) + 1);
        g.setFont(nameFont);
        g.setColour(juce::Colours::white);
        g.drawFittedText(name, nameRow_.withWidth(nameWidth), juce::Justification::centredLeft, 1, 0.8f);
        g.setFont(12.0f);
        g.setColour(juce::Colours::lightgrey.withAlpha(0.7f));
        g.drawText(juce::String(channelLayoutName(bus_.layout)), nameRow_.withTrimmedLeft(nameWidth + 8),
                   juce::Justification::centredLeft);

        g.setFont(12.0f);
        for (const auto& [slider, label] : labelledSliders()) {
            g.setColour(juce::Colours::lightgrey.withAlpha(slider->isEnabled() ? 0.85f : 0.4f));
            g.drawText(label, kPad, slider->getY(), kLabelWidth - 4, slider->getHeight(), juce::Justification::centredLeft);
        }

        g.setColour(kSeparatorColour.withAlpha(0.6f));
        g.drawHorizontalLine(sectionLineY_, static_cast<float>(kPad), static_cast<float>(getWidth() - kPad));
        g.setColour(kSeparatorColour);
        g.drawVerticalLine(getWidth() - 1, 6.0f, static_cast<float>(getHeight() - 6));
    }

    void resized() override
    {
        auto area = getLocalBounds().reduced(kPad, 0).withTrimmedTop(4);
        // V4 draws a toggle's box 4 px in: start it 4 px left so the box lines up with the labels.
        auto toggleRow = [&area](juce::ToggleButton& toggle) {
            const auto row = area.removeFromTop(kToggleHeight);
            toggle.setBounds(row.withLeft(row.getX() - 4));
        };
        auto sliderRow = [&area](juce::Slider& slider) {
            slider.setBounds(area.removeFromTop(kSliderRowHeight).withTrimmedLeft(kLabelWidth).reduced(0, 1));
        };
        nameRow_ = area.removeFromTop(18);
        printed_.setBounds(area.removeFromTop(13));
        toggleRow(duck_);
        for (auto* slider : {&depth_, &lead_, &hold_, &release_})
            sliderRow(*slider);
        sectionLineY_ = area.getY() + 2;
        area.removeFromTop(5);
        toggleRow(eq_);
        sliderRow(eqDepth_);
        toggleRow(surrounds_);
    }

private:
    std::array<std::pair<const juce::Slider*, const char*>, 5> labelledSliders() const
    {
        return {{{&depth_, "Depth"}, {&lead_, "Lead"}, {&hold_, "Hold"}, {&release_, "Release"}, {&eqDepth_, "Max cut"}}};
    }

    void setUpToggle(juce::ToggleButton& toggle, const juce::String& key, const juce::String& title,
                     const juce::String& tooltip)
    {
        const juce::String id = juce::String(bus_.name) + "." + key;
        toggle.setComponentID(id);
        toggle.setName(id);
        toggle.setTitle(juce::String(bus_.name) + " " + title);
        toggle.setTooltip(tooltip);
        addAndMakeVisible(toggle);
    }

    // midPoint > 0: that value sits mid-bar, giving the short times most of the travel.
    void setUpSlider(GestureSlider& slider, const juce::String& key, const juce::String& title, double low,
                     double high, double step, double midPoint, const juce::String& suffix, juce::Colour fill,
                     const juce::String& tooltip)
    {
        const juce::String id = juce::String(bus_.name) + "." + key;
        slider.setComponentID(id);
        slider.setName(id);
        slider.setTitle(juce::String(bus_.name) + " " + title);
        slider.setTooltip(tooltip);
        addAndMakeVisible(slider);
        slider.setSliderStyle(juce::Slider::LinearBar);
        slider.setTextBoxStyle(juce::Slider::TextBoxLeft, false, 80, kSliderRowHeight);
        slider.setRange(low, high, step);
        if (midPoint > 0.0)
            slider.setSkewFactorFromMidPoint(midPoint);
        slider.setTextValueSuffix(suffix);
        slider.setNumDecimalPlacesToDisplay(step < 1.0 ? 1 : 0);
        slider.setColour(juce::Slider::trackColourId, fill);
        // Grabbing a bar should not jump it to the pointer, and the wheel scrolls the strips.
        slider.setSliderSnapsToMousePosition(false);
        slider.setScrollWheelEnabled(false);
    }

    static void show(GestureSlider& slider, double value)
    {
        // A refresh arriving mid-drag would yank the bar from under the pointer.
        if (!slider.isDragging())
            slider.setValue(value, juce::dontSendNotification);
    }

    void report(const juce::String& what)
    {
        bus_.duck = clamped(bus_.duck);
        // A copy: the handler may hand the session's buses straight back through setBus.
        const StemBus changed = bus_;
        if (onChanged)
            onChanged(changed, juce::String(changed.name) + " " + what);
    }

    StemBus bus_;
    juce::ToggleButton duck_{"Duck"}, eq_{"Dialogue EQ"}, surrounds_{"Surrounds"};
    GestureSlider depth_, lead_, hold_, release_, eqDepth_;
    juce::Label printed_;
    juce::Rectangle<int> nameRow_;
    int sectionLineY_ = 0;
};

MixerPanel::MixerPanel()
    : look_(std::make_unique<Look>())
{
    setLookAndFeel(look_.get());
    setOpaque(true);

    dialogueNote_.setComponentID("mixer.dialogueNote");
    dialogueNote_.setName("mixer.dialogueNote");
    dialogueNote_.setText("Ducking and dialogue EQ act only once the session has dialogue.",
                          juce::dontSendNotification);
    dialogueNote_.setFont(juce::Font(12.0f));
    dialogueNote_.setColour(juce::Label::textColourId, kNoteColour);
    dialogueNote_.setJustificationType(juce::Justification::topLeft);
    dialogueNote_.setMinimumHorizontalScale(1.0f);
    dialogueNote_.setBorderSize({});
    addChildComponent(dialogueNote_);

    viewport_.setViewedComponent(&content_, false);
    viewport_.setScrollBarsShown(false, true);
    viewport_.setScrollBarThickness(8);
    addAndMakeVisible(viewport_);
}

MixerPanel::~MixerPanel()
{
    setLookAndFeel(nullptr);
}

void MixerPanel::setBuses(const std::vector<StemBus>& buses, bool hasDialogue)
{
    dialogueNote_.setVisible(!hasDialogue);
    const bool sameNames = std::equal(buses.begin(), buses.end(), strips_.begin(), strips_.end(),
                                      [](const StemBus& bus, const std::unique_ptr<Strip>& strip) {
                                          return strip->busName() == bus.name;
                                      });
    if (sameNames)
        for (size_t i = 0; i < buses.size(); ++i)
            strips_[i]->setBus(buses[i]);
    else
        rebuild(buses);
    repaint();
}

void MixerPanel::rebuild(const std::vector<StemBus>& buses)
{
    strips_.clear();
    for (size_t i = 0; i < buses.size(); ++i) {
        auto strip = std::make_unique<Strip>(buses[i]);
        const int index = static_cast<int>(i);
        strip->onChanged = [this, index](const StemBus& bus, const juce::String& description) {
            if (onBusChanged)
                onBusChanged(index, bus, description);
        };
        content_.addAndMakeVisible(*strip);
        // Its sliders made their text boxes before it had a parent: redo them in our look.
        strip->sendLookAndFeelChange();
        strips_.push_back(std::move(strip));
    }
    layoutStrips();
}

void MixerPanel::layoutStrips()
{
    const int width = static_cast<int>(strips_.size()) * kStripWidth;
    const bool scrolls = width > viewport_.getWidth();
    const int height = std::max(0, viewport_.getHeight() - (scrolls ? viewport_.getScrollBarThickness() : 0));
    content_.setSize(width, height);
    for (size_t i = 0; i < strips_.size(); ++i)
        strips_[i]->setBounds(static_cast<int>(i) * kStripWidth, 0, kStripWidth, height);
}

void MixerPanel::paint(juce::Graphics& g)
{
    g.fillAll(kPanelColour);
    auto header = getLocalBounds().removeFromLeft(kHeaderWidth).reduced(8, 0);
    g.setColour(juce::Colours::lightgrey);
    g.setFont(juce::Font(15.0f, juce::Font::bold));
    g.drawText("Mixer", header.withTrimmedTop(6).withHeight(20), juce::Justification::centredLeft);
    const int count = static_cast<int>(strips_.size());
    g.setFont(12.0f);
    g.setColour(juce::Colours::lightgrey.withAlpha(0.7f));
    g.drawText(juce::String(count) + (count == 1 ? " stem bus" : " stem buses"), header.withTrimmedTop(26).withHeight(16),
               juce::Justification::centredLeft);

    g.setColour(kSeparatorColour);
    g.drawVerticalLine(kHeaderWidth - 1, 0.0f, static_cast<float>(getHeight()));

    if (strips_.empty()) {
        g.setColour(juce::Colours::grey);
        g.setFont(13.0f);
        g.drawText("No stem buses yet: adding a cue makes one per stem name.", viewport_.getBounds().reduced(12, 0),
                   juce::Justification::centredLeft);
    }
}

void MixerPanel::resized()
{
    auto area = getLocalBounds();
    auto header = area.removeFromLeft(kHeaderWidth).reduced(8, 0);
    dialogueNote_.setBounds(header.withTrimmedTop(50).withTrimmedBottom(6));
    viewport_.setBounds(area);
    layoutStrips();
}

} // namespace cuesmith
