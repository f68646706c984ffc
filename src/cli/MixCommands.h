#pragma once
// `cuesmith mix` (a bus's duck, dialogue EQ and automation), `cuesmith duck` (show or print the
// computed ducks) and `cuesmith dialogue` (detect speech; add, remove or nudge regions by hand).

namespace CLI {
class App;
}

namespace cuesmith {

void addMixCommands(CLI::App& app);
// The hand edits under `cuesmith dialogue` (add, remove, nudge).
void addDialogueEditCommands(CLI::App& dialogue);

} // namespace cuesmith
