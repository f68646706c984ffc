#pragma once
// `cuesmith analyze FILE…`: BS.1770 loudness and peaks of audio files (any format the media
// layer reads), as an aligned table or, with --json, one JSON object. Calling thread.

namespace CLI {
class App;
}

namespace cuesmith {

void addAnalyzeCommand(CLI::App& app);

} // namespace cuesmith
