#pragma once
// Draws the session's timeline: timecode ruler, picture track (one block per event with its clip
// name), markers, dialogue track, music cues and one mix lane per stem bus (its volume automation,
// editable by hand, its duck and its dialogue-band cut). Mouse wheel scrolls, Ctrl/Cmd+wheel or
// +/- zooms around the pointer, "Fit" shows everything. All geometry comes from TimelineModel.
// Message thread only.

#include "TimelineModel.h"

#include <functional>
#include <optional>
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
    // The mix lanes under the music: each bus's gain (automation and duck) and dialogue-band cut.
    void setBusCurves(std::vector<BusCurves> curves);
    // Where the player is (timeline samples); drawn as a line across every lane.
    void setPlayhead(int64_t sample);

    // A click on a cue selects it; a right click asks for its menu at a timeline sample.
    std::function<void(const std::string& cue)> onCueSelected;
    std::function<void(const std::string& cue, int64_t sample)> onCueMenu;
    // A click on the ruler moves the playhead there.
    std::function<void(int64_t sample)> onLocate;
    // A right click on the dialogue lane asks for the speech menu (add, remove, nudge) there.
    std::function<void(int64_t sample)> onSpeechMenu;
    // A speech region's edge dragged on the dialogue lane: `inside` is a sample of the region,
    // `delta` how far the edge moved (whole frames, non-zero).
    std::function<void(int64_t inside, bool startEdge, int64_t delta)> onSpeechEdgeDragged;
    // A bus's volume lane edited by hand: click adds a point (drag it while the button is down),
    // drag moves one, alt-click deletes one, right-click offers delete and the curve to the next
    // point. One call per gesture (one undo step): the bus's whole new list of volume points and a
    // line for the status bar.
    std::function<void(const std::string& bus, std::vector<VolumePoint> volume, const juce::String& what)> onVolumeEdited;

    void paint(juce::Graphics& g) override;
    void resized() override;
    void mouseWheelMove(const juce::MouseEvent& e, const juce::MouseWheelDetails& wheel) override;
    void mouseDrag(const juce::MouseEvent& e) override;
    void mouseDown(const juce::MouseEvent& e) override;
    void mouseUp(const juce::MouseEvent& e) override;
    void mouseMove(const juce::MouseEvent& e) override;
    bool keyPressed(const juce::KeyPress& key) override;

private:
    struct LaneBounds {
        juce::Rectangle<int> ruler, picture, markers, dialogue, music, mix;
        int busHeight = 0;  // each bus's lane in `mix`, one under the other in session order
    };
    // A volume point being dragged (or added and still held): the bus's points before the gesture,
    // the list the drag starts from (with the new point when adding), and what it would be now.
    struct VolumeDrag {
        size_t bus = 0;
        std::vector<VolumePoint> before, base, now;
        size_t index = 0;
        bool adding = false;
        juce::Point<float> from;
    };
    LaneBounds laneBounds() const;
    void paintRuler(juce::Graphics& g, juce::Rectangle<int> area) const;
    void paintBlocks(juce::Graphics& g, const LaneBounds& lanes) const;
    void paintMarkers(juce::Graphics& g, const LaneBounds& lanes) const;
    void paintLaneNames(juce::Graphics& g, const LaneBounds& lanes) const;
    juce::Rectangle<int> blockBounds(const TimelineBlock& block, const LaneBounds& lanes) const;
    void paintFades(juce::Graphics& g, const TimelineBlock& block, juce::Rectangle<int> r) const;
    void paintSpeech(juce::Graphics& g, const LaneBounds& lanes) const;
    void paintBusLanes(juce::Graphics& g, const LaneBounds& lanes) const;
    void paintPlayhead(juce::Graphics& g, const LaneBounds& lanes) const;
    juce::Rectangle<int> busLane(const LaneBounds& lanes, size_t bus) const;
    std::optional<size_t> busLaneAt(const LaneBounds& lanes, juce::Point<int> point) const;
    std::vector<VolumePoint> volumePoints(size_t bus) const;  // sorted by sample
    void volumeMouseDown(const juce::MouseEvent& e, size_t bus, const LaneBounds& lanes);
    void volumeMouseDrag(const juce::MouseEvent& e);
    void showVolumeMenu(size_t bus, std::optional<size_t> point, int64_t sample, double decibels);
    void reportVolume(size_t bus, std::vector<VolumePoint> volume, const juce::String& what);
    juce::String describe(const VolumePoint& point) const;

    std::optional<SpeechEdgeGrab> speechEdgeAt(const juce::MouseEvent& e) const;

    static constexpr int kHeaderWidth = 96;
    static constexpr int kEdgeGrabPixels = 5;
    static constexpr int kMinBusLaneHeight = 32, kMaxBusLaneHeight = 60;  // lanes share the room left
    static constexpr double kPointGrabPixels = 6.0;
    Session session_;
    bool hasSession_ = false;
    TimelineContent content_;
    TimelineViewport viewport_;
    TimelineViewport dragStartViewport_;
    std::optional<SpeechEdgeGrab> draggedEdge_;  // the speech edge being dragged, if any
    int64_t dragTo_ = 0;                         // where it would land (snapped), while dragging
    std::optional<VolumeDrag> volumeDrag_;
    int64_t samplesPerFrame_ = 2000;             // dragged speech edges snap to frames
    std::string selectedCue_;
    std::vector<SpeechRegion> speech_;
    std::vector<BusCurves> busCurves_;
    int64_t playhead_ = 0;
};

} // namespace cuesmith
