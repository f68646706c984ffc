#include "ZeroCrossing.h"

#include "AudioFileReader.h"

#include <algorithm>
#include <cstdlib>

namespace cuesmith {

int64_t nearestZeroCrossing(const std::vector<std::filesystem::path>& stems, int64_t around, int64_t radius,
                            std::optional<int64_t> sampleRate)
{
    const int64_t from = std::max<int64_t>(0, around - radius);
    const int64_t count = around + radius + 1 - from;
    if (count <= 1 || stems.empty())
        return around;

    std::vector<double> mono(static_cast<size_t>(count), 0.0);
    std::vector<float> block;
    for (const auto& path : stems) {
        // The same reader and converter the engine's FileStemSource uses (libsoxr from the file's
        // rate to the session's), so seeking lands on the very frames playback renders.
        AudioFileReader reader(path, std::nullopt,
                               sampleRate ? std::optional<int>(static_cast<int>(*sampleRate)) : std::nullopt);
        const int channels = reader.channels();
        block.assign(static_cast<size_t>(count * channels), 0.0f);
        reader.seek(from);
        size_t got = 0;
        while (got < static_cast<size_t>(count)) {
            const size_t n = reader.read(block.data() + got * static_cast<size_t>(channels), static_cast<size_t>(count) - got);
            if (n == 0)
                break;
            got += n;
        }
        for (size_t i = 0; i < got; ++i)
            for (int c = 0; c < channels; ++c)
                mono[i] += block[i * static_cast<size_t>(channels) + static_cast<size_t>(c)];
    }

    int64_t best = around;
    int64_t bestDistance = radius + 1;
    for (int64_t i = 1; i < count; ++i) {
        const double a = mono[static_cast<size_t>(i - 1)], b = mono[static_cast<size_t>(i)];
        const bool crosses = b == 0.0 || (a < 0.0) != (b < 0.0);
        const int64_t sample = from + i;
        if (crosses && std::llabs(sample - around) < bestDistance) {
            best = sample;
            bestDistance = std::llabs(sample - around);
        }
    }
    return best;
}

} // namespace cuesmith
