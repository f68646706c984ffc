#pragma once
// `cuesmith render`: the session's delivery stems and full mix as Broadcast WAV.

namespace CLI {
class App;
}

namespace cuesmith {

void addRenderCommand(CLI::App& app);

} // namespace cuesmith
