#pragma once
// `cuesmith fit`: propose (and apply) the ways to land a cue's ending on a picture hit.

namespace CLI {
class App;
}

namespace cuesmith {

void addFitCommand(CLI::App& app);

} // namespace cuesmith
