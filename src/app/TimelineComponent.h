#pragma once
// Draws the session's timeline: timecode ruler, picture track (one block per event with its clip
// name), markers, dialogue track and music cues. Mouse wheel scrolls, Ctrl/Cmd+wheel or +/- zooms
// around the pointer, "Fit" shows everything. All geometry comes from TimelineModel.
// Message thread only.

#include "TimelineModel.h"

#include <functional>
#include <juce_gui_basics/juce_gui_basics.h>
#include <string>

namespace cuesmith {

class TimelineComponent final : public juce::Component {
public:
    TimelineComponent();

    // keepView: redraw a new value of the same session without moving the view (after an edit).
    void setSession(const Session& session, bool keepView = false);
    void fitAll();
    void setSelectedCue(const std::string& number);

    // A click on a cue selects it; a right click asks for its menu at a timeline sample.
    std::function<void(const std::string& cue)> onCueSelected;
    std::function<void(const std::string& cue, int64_t sample)> onCueMenu;

    void paint(juce::Graphics& g) override;
    void resized() override;
    void mouseWheelMove(const juce::MouseEvent& e, const juce::MouseWheelDetails& wheel) override;
    void mouseDrag(const juce::MouseEvent& e) override;
    void mouseDown(const juce::MouseEvent& e) override;
    bool keyPressed(const juce::KeyPress& key) override;

private:
    struct LaneBounds {
        juce::Rectangle<int> ruler, picture, markers, dialogue, music;
    };
    LaneBounds laneBounds() const;
    void paintRuler(juce::Graphics& g, juce::Rectangle<int> area) const;
    void paintBlocks(juce::Graphics& g, const LaneBounds& lanes) const;
    void paintMarkers(juce::Graphics& g, const LaneBounds& lanes) const;
    void paintLaneNames(juce::Graphics& g, const LaneBounds& lanes) const;
    juce::Rectangle<int> blockBounds(const TimelineBlock& block, const LaneBounds& lanes) const;
    void paintFades(juce::Graphics& g, const TimelineBlock& block, juce::Rectangle<int> r) const;

    static constexpr int kHeaderWidth = 96;
    Session session_;
    bool hasSession_ = false;
    TimelineContent content_;
    TimelineViewport viewport_;
    TimelineViewport dragStartViewport_;
    std::string selectedCue_;
};

} // namespace cuesmith
