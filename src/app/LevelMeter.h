#pragma once
// A two-channel peak meter for the transport: bars from -60 to 0 dBFS with the level in numbers,
// falling back at 20 dB/s like a console's peak meter so short peaks stay readable. Fed with the
// player's peaks by the window's timer. Message thread only.

#include <juce_gui_basics/juce_gui_basics.h>

namespace cuesmith {

class LevelMeter final : public juce::Component {
public:
    // Linear peaks since the last call (0..1+); called about 30 times a second.
    void setPeaks(float left, float right);
    void paint(juce::Graphics& g) override;

    static constexpr double kFloorDb = -60.0;
    static constexpr double kFallDbPerCall = 20.0 / 30.0;

private:
    double shown_[2] = {kFloorDb, kFloorDb};
};

} // namespace cuesmith
