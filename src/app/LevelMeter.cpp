#include "LevelMeter.h"

#include <algorithm>
#include <cmath>

namespace cuesmith {

void LevelMeter::setPeaks(float left, float right)
{
    const float peaks[2] = {left, right};
    bool changed = false;
    for (int c = 0; c < 2; ++c) {
        const double db = peaks[c] > 0.0f ? std::max(kFloorDb, 20.0 * std::log10(static_cast<double>(peaks[c]))) : kFloorDb;
        const double next = std::max(db, shown_[c] - kFallDbPerCall);
        changed = changed || next != shown_[c];
        shown_[c] = std::max(kFloorDb, next);
    }
    if (changed)
        repaint();
}

void LevelMeter::paint(juce::Graphics& g)
{
    auto area = getLocalBounds();
    auto text = area.removeFromRight(78);
    g.setColour(juce::Colour(0xff16181c));
    g.fillRect(area);
    const int barHeight = std::max(1, (area.getHeight() - 3) / 2);
    for (int c = 0; c < 2; ++c) {
        const double fraction = (shown_[c] - kFloorDb) / -kFloorDb;
        const auto bar = juce::Rectangle<int>(area.getX() + 1, area.getY() + 1 + c * (barHeight + 1),
                                              static_cast<int>(fraction * (area.getWidth() - 2)), barHeight);
        // Green to -18, amber to -6, red above: where dialogue-level music and overs sit.
        g.setColour(shown_[c] > -6.0 ? juce::Colour(0xffe0463c) : shown_[c] > -18.0 ? juce::Colour(0xffe8cf3a)
                                                                                     : juce::Colour(0xff4cc35a));
        g.fillRect(bar);
    }
    g.setColour(juce::Colours::lightgrey);
    g.setFont(12.0f);
    auto label = [](double db) { return db <= kFloorDb ? juce::String("-inf") : juce::String(db, 1); };
    g.drawText(label(shown_[0]) + " / " + label(shown_[1]), text, juce::Justification::centred);
}

} // namespace cuesmith
