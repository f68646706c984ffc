#pragma once
// `cuesmith edl diff OLD NEW`: what changed between two versions of a cut, by source material.
// `cuesmith conform SESSION --to NEW.edl -o NEW_SESSION`: move, cut and splice every cue to follow
// the new cut, into a new session file (the old one is never overwritten).

namespace CLI {
class App;
}

namespace cuesmith {

// Adds `diff` under the existing `edl` subcommand (registered by addEdlCommands).
void addEdlDiffCommand(CLI::App& edl);

// Adds the top-level `conform` subcommand.
void addConformCommands(CLI::App& app);

} // namespace cuesmith
