#pragma once
// The main window: a header with the session's name, rate and current cut, an Open button, and
// the timeline. Message thread only.

#include "TimelineComponent.h"

#include <juce_gui_basics/juce_gui_basics.h>

namespace cuesmith {

class MainWindow final : public juce::DocumentWindow {
public:
    MainWindow();
    ~MainWindow() override;

    // Loads a .cuesmith file; a failure shows its one-line reason in the header and keeps the
    // session that was open.
    void openSession(const juce::File& file);
    void closeButtonPressed() override;

private:
    class Content;
    Content* content_ = nullptr;
};

} // namespace cuesmith
