#include "LoudnessAnalysis.h"

#include "AudioFileInfo.h"
#include "AudioFileReader.h"

#include <stdexcept>
#include <vector>

namespace cuesmith {

LoudnessReport analyzeLoudness(const std::filesystem::path& path, std::optional<bool> filmOrder)
{
    if (!filmOrder)
        filmOrder = lfePositionOf(readAudioFileInfo(path)) == LfePosition::Film;
    AudioFileReader reader(path);
    LoudnessMeter meter;
    try {
        meter.prepare(reader.sampleRate(), reader.channels(), *filmOrder);
    } catch (const std::invalid_argument& e) {
        throw std::runtime_error(path.string() + ": " + e.what());
    }
    // One thread. Metering a block now costs about what decoding it does (10 minutes of 5.1
    // 24-bit: 0.3 s each); reading ahead on a second thread was slower on the shared 2-core
    // machine, and the CLI is free to analyse several files at once instead.
    constexpr size_t kBlockFrames = 16384;
    std::vector<float> block(kBlockFrames * static_cast<size_t>(reader.channels()));
    while (const size_t got = reader.read(block.data(), kBlockFrames))
        meter.addFrames(block.data(), got);
    return meter.report();
}

} // namespace cuesmith
