#pragma once
// The mixer: one strip per stem bus with its duck (how far and how fast the bus goes down under
// dialogue) and its dialogue-band EQ (how deep the cut may go). Each finished gesture is reported
// once, so one slider drag is one undo step. Message thread only.

#include "core/Session.h"

#include <functional>
#include <juce_gui_basics/juce_gui_basics.h>
#include <memory>
#include <vector>

namespace cuesmith {

class MixerPanel final : public juce::Component {
public:
    MixerPanel();
    ~MixerPanel() override;

    // Shows these buses. Rebuilds the strips when the bus names changed; otherwise only updates the
    // controls' values without sending change notifications (so undo/redo refresh it quietly).
    // hasDialogue false: the strips still show and edit settings, and a note says ducking and EQ
    // act only once the session has dialogue.
    // Called from inside onBusChanged it must keep the names, or it would delete the control whose
    // gesture is still being reported.
    void setBuses(const std::vector<StemBus>& buses, bool hasDialogue);

    // A finished gesture (slider released, toggle clicked, value typed) on bus `index`: the bus with
    // the new settings (already passed through cuesmith::clamped for the duck) and a short
    // description for the status/undo line, e.g. "BRS duck depth -6.0 dB".
    std::function<void(int index, const StemBus& bus, const juce::String& description)> onBusChanged;

    void paint(juce::Graphics&) override;
    void resized() override;

    // Preferred height for the layout.
    static constexpr int kPreferredHeight = 190;

private:
    class Look;
    class Strip;

    void rebuild(const std::vector<StemBus>& buses);
    void layoutStrips();

    // Same width as the timeline's lane names, so the two panels line up.
    static constexpr int kHeaderWidth = 96;
    static constexpr int kStripWidth = 170;

    std::unique_ptr<Look> look_;  // declared first: outlives every control drawn with it
    juce::Label dialogueNote_;
    juce::Viewport viewport_;
    juce::Component content_;  // the strips, side by side, inside viewport_
    std::vector<std::unique_ptr<Strip>> strips_;
};

} // namespace cuesmith
