// Our 24-bit packing against libsndfile's, sample for sample: a render must not change by a bit
// when the writer stops going through libsndfile's conversion.
#include "dsp/Pcm24.h"

#include <gtest/gtest.h>
#include <sndfile.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace cuesmith {
namespace {

// libsndfile's own conversion, through a WAV in memory (SFC_SET_CLIPPING on, as the writer had).
struct MemoryFile {
    std::vector<uint8_t> bytes;
    sf_count_t position = 0;
};

sf_count_t length(void* user) { return static_cast<sf_count_t>(static_cast<MemoryFile*>(user)->bytes.size()); }
sf_count_t seek(sf_count_t offset, int whence, void* user)
{
    auto* f = static_cast<MemoryFile*>(user);
    f->position = whence == SEEK_SET ? offset : whence == SEEK_CUR ? f->position + offset
                                                                   : static_cast<sf_count_t>(f->bytes.size()) + offset;
    return f->position;
}
sf_count_t read(void* out, sf_count_t count, void* user)
{
    auto* f = static_cast<MemoryFile*>(user);
    const sf_count_t n = std::max<sf_count_t>(0, std::min(count, static_cast<sf_count_t>(f->bytes.size()) - f->position));
    std::memcpy(out, f->bytes.data() + f->position, static_cast<size_t>(n));
    f->position += n;
    return n;
}
sf_count_t write(const void* in, sf_count_t count, void* user)
{
    auto* f = static_cast<MemoryFile*>(user);
    const auto end = static_cast<size_t>(f->position + count);
    if (f->bytes.size() < end)
        f->bytes.resize(end);
    std::memcpy(f->bytes.data() + f->position, in, static_cast<size_t>(count));
    f->position += count;
    return count;
}
sf_count_t tell(void* user) { return static_cast<MemoryFile*>(user)->position; }

// The 24-bit data libsndfile writes for `samples` (mono).
std::vector<uint8_t> libsndfilePacking(const std::vector<float>& samples, sf_count_t& dataOffset)
{
    SF_VIRTUAL_IO io{length, seek, read, write, tell};
    MemoryFile file;
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = 1;
    info.format = SF_FORMAT_WAV | SF_FORMAT_PCM_24;
    SNDFILE* handle = sf_open_virtual(&io, SFM_WRITE, &info, &file);
    EXPECT_NE(handle, nullptr);
    sf_command(handle, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    EXPECT_EQ(sf_write_float(handle, samples.data(), static_cast<sf_count_t>(samples.size())),
              static_cast<sf_count_t>(samples.size()));
    sf_close(handle);
    // The data chunk's payload (an odd size is followed by a pad byte, so search for it).
    const char* id = "data";
    const auto at = std::search(file.bytes.begin(), file.bytes.end(), id, id + 4);
    EXPECT_NE(at, file.bytes.end());
    dataOffset = (at - file.bytes.begin()) + 8;
    return file.bytes;
}

std::vector<float> testSignal()
{
    std::vector<float> s = {0.0f, -0.0f, 1.0f, -1.0f, 1.5f, -1.5f, 0.99999994f, -0.99999994f, 1e-9f, -1e-9f,
                            0.5f / 8388608.0f, -0.5f / 8388608.0f, 1.5f / 8388608.0f, -1.5f / 8388608.0f,
                            2.5f / 2147483648.0f, -2.5f / 2147483648.0f, 1e30f, -1e30f,
                            std::numeric_limits<float>::infinity(), -std::numeric_limits<float>::infinity(),
                            std::numeric_limits<float>::denorm_min(), 1.0f / 8388608.0f, -1.0f / 8388608.0f};
    // Every rounding boundary near zero (ties at the 2^-31 level), then random music-like values.
    for (int k = -600; k <= 600; ++k)
        s.push_back(static_cast<float>(k) * 0.5f / 2147483648.0f);
    std::mt19937 random(7);
    std::normal_distribution<float> music(0.0f, 0.2f);
    std::uniform_real_distribution<float> tiny(-1e-5f, 1e-5f);
    for (int i = 0; i < 20011; ++i)
        s.push_back(i % 3 == 0 ? tiny(random) : music(random));
    return s;
}

TEST(Pcm24, PacksExactlyAsLibsndfile)
{
    const auto samples = testSignal();
    sf_count_t offset = 0;
    const auto reference = libsndfilePacking(samples, offset);
    std::vector<uint8_t> ours(3 * samples.size());
    floatToPcm24(samples.data(), samples.size(), ours.data());
    size_t differing = 0, first = samples.size();
    for (size_t i = 0; i < samples.size(); ++i)
        if (std::memcmp(ours.data() + 3 * i, reference.data() + offset + 3 * static_cast<sf_count_t>(i), 3) != 0) {
            ++differing;
            first = std::min(first, i);
        }
    EXPECT_EQ(differing, 0u) << "first at " << first << " (sample " << (first < samples.size() ? samples[first] : 0.0f)
                             << ")";
}

TEST(Pcm24, UnpacksExactlyAsLibsndfile)
{
    // Every byte pattern's neighbourhood: random 24-bit values plus the extremes.
    std::vector<uint8_t> packed = {0, 0, 0, 0xff, 0xff, 0x7f, 0, 0, 0x80, 1, 0, 0, 0xff, 0xff, 0xff};
    std::mt19937 random(11);
    for (int i = 0; i < 3 * 10007; ++i)
        packed.push_back(static_cast<uint8_t>(random()));
    const size_t count = packed.size() / 3;

    // libsndfile reads them back from a WAV holding these bytes.
    std::vector<float> zeros(count, 0.0f);
    sf_count_t offset = 0;
    MemoryFile file;
    file.bytes = libsndfilePacking(zeros, offset);
    std::memcpy(file.bytes.data() + offset, packed.data(), packed.size());
    SF_VIRTUAL_IO io{length, seek, read, write, tell};
    SF_INFO info{};
    SNDFILE* handle = sf_open_virtual(&io, SFM_READ, &info, &file);
    ASSERT_NE(handle, nullptr);
    std::vector<float> reference(count);
    ASSERT_EQ(sf_read_float(handle, reference.data(), static_cast<sf_count_t>(count)), static_cast<sf_count_t>(count));
    sf_close(handle);

    std::vector<float> ours(count);
    pcm24ToFloat(packed.data(), count, ours.data());
    for (size_t i = 0; i < count; ++i)
        ASSERT_EQ(ours[i], reference[i]) << "at " << i;
    EXPECT_EQ(ours[1], 8388607.0f / 8388608.0f);
    EXPECT_EQ(ours[2], -1.0f);
}

TEST(Pcm24, RoundTripsEvery24BitValueNearTheExtremes)
{
    std::vector<uint8_t> packed, again;
    for (int32_t v : {-8388608, -8388607, -1, 0, 1, 8388606, 8388607}) {
        const auto u = static_cast<uint32_t>(v);
        packed.insert(packed.end(), {static_cast<uint8_t>(u), static_cast<uint8_t>(u >> 8), static_cast<uint8_t>(u >> 16)});
    }
    const size_t count = packed.size() / 3;
    std::vector<float> samples(count);
    pcm24ToFloat(packed.data(), count, samples.data());
    again.resize(packed.size());
    floatToPcm24(samples.data(), count, again.data());
    EXPECT_EQ(again, packed);
}

TEST(Pcm24, NotANumberBecomesSilence)
{
    std::vector<float> samples(17, std::numeric_limits<float>::quiet_NaN());
    std::vector<uint8_t> packed(3 * samples.size(), 0xAB);
    floatToPcm24(samples.data(), samples.size(), packed.data());
    for (uint8_t b : packed)
        EXPECT_EQ(b, 0);
}

} // namespace
} // namespace cuesmith
