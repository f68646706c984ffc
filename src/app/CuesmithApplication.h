#pragma once
// Starts the JUCE application: the main window, opening the session given on the command line.
// Message thread only.

namespace cuesmith {

int runWindow(int argc, char** argv);

} // namespace cuesmith
