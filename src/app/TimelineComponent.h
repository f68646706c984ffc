#pragma once
// Draws the session's timeline: timecode ruler, picture track (one block per event with its clip
// name), markers, dialogue track and music cues. Mouse wheel scrolls, Ctrl/Cmd+wheel or +/- zooms
// around the pointer, "Fit" shows everything. All geometry comes from TimelineModel.
// Message thread only.

#include "TimelineModel.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace cuesmith {

class TimelineComponent final : public juce::Component {
public:
    TimelineComponent();

    void setSession(const Session& session);
    void fitAll();

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

    static constexpr int kHeaderWidth = 96;
    Session session_;
    bool hasSession_ = false;
    TimelineContent content_;
    TimelineViewport viewport_;
    int64_t dragStartSample_ = 0;
    TimelineViewport dragStartViewport_;
};

} // namespace cuesmith
