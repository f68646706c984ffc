#pragma once
// Writes small deterministic Broadcast WAV files for media tests, through libsndfile.

#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <optional>
#include <sndfile.h>
#include <stdexcept>
#include <vector>

namespace cuesmith::testing {

inline void writeTestWav(const std::filesystem::path& path, int sampleRate, int channels, int64_t frames,
                         std::optional<int64_t> timeReference, double frequency = 440.0)
{
    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    if (file == nullptr)
        throw std::runtime_error("cannot write " + path.string());
    if (timeReference) {
        SF_BROADCAST_INFO bext{};
        std::strncpy(bext.description, "cuesmith test", sizeof bext.description);
        bext.time_reference_low = static_cast<uint32_t>(*timeReference & 0xffffffff);
        bext.time_reference_high = static_cast<uint32_t>(*timeReference >> 32);
        sf_command(file, SFC_SET_BROADCAST_INFO, &bext, sizeof bext);
    }
    std::vector<float> block(static_cast<size_t>(channels) * 1024);
    for (int64_t done = 0; done < frames;) {
        const int64_t n = std::min<int64_t>(1024, frames - done);
        for (int64_t i = 0; i < n; ++i)
            for (int c = 0; c < channels; ++c)
                block[static_cast<size_t>(i * channels + c)] =
                    0.25f * static_cast<float>(std::sin(2.0 * M_PI * frequency * static_cast<double>(done + i) / sampleRate));
        sf_writef_float(file, block.data(), n);
        done += n;
    }
    sf_close(file);
}

} // namespace cuesmith::testing
