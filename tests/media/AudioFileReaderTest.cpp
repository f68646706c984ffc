#include "media/AudioFileReader.h"

#include "../engine/AllocationCounter.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <random>
#include <sndfile.h>
#include <unistd.h>
#include <vector>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

// Writes `frames` frames of sample(frame, channel) through libsndfile.
void writeSignal(const fs::path& path, int format, int sampleRate, int channels, int64_t frames,
                 const std::function<float(int64_t, int)>& sample)
{
    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = channels;
    info.format = format;
    SNDFILE* file = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(file, nullptr) << sf_strerror(nullptr);
    std::vector<float> data(static_cast<size_t>(frames * channels));
    for (int64_t f = 0; f < frames; ++f)
        for (int c = 0; c < channels; ++c)
            data[static_cast<size_t>(f * channels + c)] = sample(f, c);
    EXPECT_EQ(sf_writef_float(file, data.data(), frames), frames);
    sf_close(file);
}

// The whole file in one libsndfile call: the reference block reads must reproduce.
std::vector<float> readWholeFile(const fs::path& path)
{
    SF_INFO info{};
    SNDFILE* file = sf_open(path.c_str(), SFM_READ, &info);
    if (file == nullptr)
        return {};
    std::vector<float> data(static_cast<size_t>(info.frames * info.channels));
    sf_readf_float(file, data.data(), info.frames);
    sf_close(file);
    return data;
}

std::vector<float> readAll(AudioFileReader& reader, size_t block = 4096)
{
    std::vector<float> all, buffer(block * static_cast<size_t>(reader.channels()));
    while (const size_t got = reader.read(buffer.data(), block))
        all.insert(all.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(got) * reader.channels());
    return all;
}

// One channel of an interleaved buffer.
std::vector<float> channelOf(const std::vector<float>& interleaved, int channels, int channel)
{
    std::vector<float> out;
    for (size_t i = static_cast<size_t>(channel); i < interleaved.size(); i += static_cast<size_t>(channels))
        out.push_back(interleaved[i]);
    return out;
}

// Frequency from the mean spacing of rising zero crossings (interpolated between samples), over
// the middle of the signal so that codec and filter edges do not count.
double measuredFrequency(const std::vector<float>& x, int sampleRate)
{
    std::vector<double> crossings;
    for (size_t i = x.size() / 10 + 1; i < x.size() * 9 / 10; ++i)
        if (x[i - 1] < 0.0f && x[i] >= 0.0f)
            crossings.push_back(static_cast<double>(i - 1) + x[i - 1] / (x[i - 1] - x[i]));
    if (crossings.size() < 2)
        return 0.0;
    return sampleRate * static_cast<double>(crossings.size() - 1) / (crossings.back() - crossings.front());
}

class AudioFileReaderTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        const auto* test = ::testing::UnitTest::GetInstance()->current_test_info();
        folder = fs::temp_directory_path()
                 / ("cuesmith-reader-" + std::to_string(::getpid()) + "-" + std::string(test->name()));
        fs::create_directories(folder);
    }
    void TearDown() override { fs::remove_all(folder); }

    // Runs the ffmpeg tool quietly; the test fails if it does.
    void ffmpeg(const std::string& arguments)
    {
        const std::string command = "ffmpeg -nostdin -hide_banner -loglevel error -y " + arguments;
        ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }

    fs::path noiseWav(int64_t frames, int channels = 2, int rate = 48000)
    {
        const auto path = folder / "noise.wav";
        std::mt19937 random(1234);
        std::uniform_real_distribution<float> noise(-0.9f, 0.9f);
        writeSignal(path, SF_FORMAT_WAV | SF_FORMAT_PCM_24, rate, channels, frames,
                    [&](int64_t, int) { return noise(random); });
        return path;
    }

    fs::path sineWav(const std::string& name, int rate, int64_t frames, double frequency, int channels = 1)
    {
        const auto path = folder / name;
        writeSignal(path, SF_FORMAT_WAV | SF_FORMAT_FLOAT, rate, channels, frames, [&](int64_t f, int) {
            return static_cast<float>(0.5 * std::sin(2.0 * M_PI * frequency * static_cast<double>(f) / rate));
        });
        return path;
    }

    fs::path folder;
};

TEST_F(AudioFileReaderTest, BlockReadsConcatenateToExactlyTheFilesSamples)
{
    const auto path = noiseWav(100003);
    AudioFileReader reader(path);
    EXPECT_EQ(reader.decoder(), "libsndfile");
    EXPECT_EQ(reader.sampleRate(), 48000);
    EXPECT_EQ(reader.channels(), 2);
    EXPECT_EQ(reader.frames(), 100003);
    EXPECT_TRUE(reader.framesAreExact());

    // Odd block sizes, so that block edges fall everywhere.
    const size_t sizes[] = {1, 1000, 4097, 333, 7};
    std::vector<float> all, buffer(4097 * 2);
    for (size_t i = 0;; ++i) {
        const size_t got = reader.read(buffer.data(), sizes[i % 5]);
        if (got == 0)
            break;
        EXPECT_LE(got, sizes[i % 5]);
        all.insert(all.end(), buffer.begin(), buffer.begin() + static_cast<ptrdiff_t>(got * 2));
    }
    EXPECT_EQ(all, readWholeFile(path));
    EXPECT_EQ(reader.read(buffer.data(), 100), 0u);
}

TEST_F(AudioFileReaderTest, SeekingStartsTheNextReadAtThatFrame)
{
    const auto path = noiseWav(100000);
    const auto whole = readWholeFile(path);
    AudioFileReader reader(path);
    std::vector<float> buffer(1000 * 2);

    reader.seek(54321);
    ASSERT_EQ(reader.read(buffer.data(), 1000), 1000u);
    EXPECT_TRUE(std::equal(buffer.begin(), buffer.end(), whole.begin() + 54321 * 2));

    reader.seek(0);
    ASSERT_EQ(reader.read(buffer.data(), 1000), 1000u);
    EXPECT_TRUE(std::equal(buffer.begin(), buffer.end(), whole.begin()));

    reader.seek(100000 - 10);
    EXPECT_EQ(reader.read(buffer.data(), 1000), 10u);
    EXPECT_TRUE(std::equal(buffer.begin(), buffer.begin() + 20, whole.end() - 20));
    reader.seek(200000);
    EXPECT_EQ(reader.read(buffer.data(), 1000), 0u);
    EXPECT_THROW(reader.seek(-1), std::out_of_range);
}

// 24-bit little-endian data (WAV, WAVEX, W64, RF64) is read as bytes and unpacked by our own code;
// big-endian AIFF and the rest through libsndfile's conversion. Either way: libsndfile's samples,
// in odd-sized blocks and after seeks, for stereo and 5.1.
TEST_F(AudioFileReaderTest, LibsndfileFormatsReadSampleExactlyWhetherUnpackedRawOrConverted)
{
    for (const int channels : {2, 6})
        for (const auto& [name, format] : {std::pair{"a.flac", SF_FORMAT_FLAC | SF_FORMAT_PCM_16},
                                           std::pair{"a.aiff", SF_FORMAT_AIFF | SF_FORMAT_PCM_24},
                                           std::pair{"a.wav", SF_FORMAT_WAVEX | SF_FORMAT_PCM_24},
                                           std::pair{"a.w64", SF_FORMAT_W64 | SF_FORMAT_PCM_24},
                                           std::pair{"a.rf64", SF_FORMAT_RF64 | SF_FORMAT_PCM_24}}) {
            const auto path = folder / name;
            writeSignal(path, format, 44100, channels, 30011, [](int64_t f, int c) {
                return static_cast<float>(0.3 * std::sin(0.01 * static_cast<double>(f) + c)) * (f % 97 == 0 ? 3.0f : 1.0f);
            });
            const auto whole = readWholeFile(path);
            AudioFileReader reader(path);
            EXPECT_EQ(reader.decoder(), "libsndfile") << name;
            EXPECT_EQ(reader.frames(), 30011) << name;
            EXPECT_EQ(readAll(reader, 777), whole) << name << " " << channels;
            reader.seek(12345);
            std::vector<float> block(static_cast<size_t>(1001 * channels));
            ASSERT_EQ(reader.read(block.data(), 1001), 1001u) << name;
            EXPECT_TRUE(std::equal(block.begin(), block.end(), whole.begin() + 12345 * channels))
                << name << " " << channels;
        }
}

TEST_F(AudioFileReaderTest, AnMp3MadeByFfmpegReadsThroughFfmpegWithItsRateChannelsAndLength)
{
    const auto path = folder / "tone.mp3";
    ffmpeg("-f lavfi -i sine=frequency=1000:sample_rate=44100:duration=3 -ac 2 -c:a libmp3lame -b:a 192k "
           + path.string());
    AudioFileReader reader(path);
    EXPECT_EQ(reader.decoder(), "ffmpeg");
    EXPECT_EQ(reader.sampleRate(), 44100);
    EXPECT_EQ(reader.channels(), 2);
    EXPECT_FALSE(reader.framesAreExact());
    EXPECT_NEAR(static_cast<double>(reader.frames()), 3 * 44100, 2 * 1152);

    const auto all = readAll(reader, 1000);
    // LAME's gapless header lets FFmpeg drop the encoder delay and padding: within a codec frame.
    EXPECT_NEAR(static_cast<double>(all.size() / 2), 3 * 44100, 1152);
    EXPECT_NEAR(measuredFrequency(channelOf(all, 2, 0), 44100), 1000.0, 0.5);
    EXPECT_NEAR(measuredFrequency(channelOf(all, 2, 1), 44100), 1000.0, 0.5);
}

TEST_F(AudioFileReaderTest, AnAacFileReadsThroughFfmpegAndSeeksToTheSameSamplesAsReadingOn)
{
    const auto path = folder / "tone.m4a";
    ffmpeg("-f lavfi -i sine=frequency=440:sample_rate=48000:duration=4 -ac 1 -c:a aac -b:a 128k " + path.string());
    AudioFileReader reader(path);
    EXPECT_EQ(reader.decoder(), "ffmpeg");
    EXPECT_EQ(reader.sampleRate(), 48000);
    EXPECT_EQ(reader.channels(), 1);
    const auto all = readAll(reader);
    EXPECT_NEAR(static_cast<double>(all.size()), 4 * 48000, 1024);
    EXPECT_NEAR(static_cast<double>(reader.frames()), static_cast<double>(all.size()), 1024);
    EXPECT_NEAR(measuredFrequency(all, 48000), 440.0, 0.5);

    for (const int64_t target : {int64_t{100000}, int64_t{3000}, int64_t{150001}}) {
        reader.seek(target);
        std::vector<float> buffer(2000);
        ASSERT_EQ(reader.read(buffer.data(), 2000), 2000u);
        for (size_t i = 0; i < buffer.size(); ++i)
            ASSERT_NEAR(buffer[i], all[static_cast<size_t>(target) + i], 1e-4) << "seek " << target << " + " << i;
    }
}

TEST_F(AudioFileReaderTest, AMoviesAudioStreamsReadFirstByDefaultOrByIndex)
{
    const auto path = folder / "picture.mov";
    // Stream 0 picture, 1 mono 440 Hz AAC, 2 stereo 880 Hz PCM.
    ffmpeg("-f lavfi -i testsrc=size=64x48:rate=24:duration=2 "
           "-f lavfi -i sine=frequency=440:sample_rate=48000:duration=2 "
           "-f lavfi -i sine=frequency=880:sample_rate=48000:duration=2 -map 0:v -map 1:a -map 2:a "
           "-c:v mpeg4 -c:a:0 aac -c:a:1 pcm_s16le -ac:a:1 2 "
           + path.string());

    AudioFileReader first(path);
    EXPECT_EQ(first.decoder(), "ffmpeg");
    EXPECT_EQ(first.channels(), 1);
    EXPECT_EQ(first.sampleRate(), 48000);
    const auto firstAll = readAll(first);
    EXPECT_NEAR(static_cast<double>(firstAll.size()), 2 * 48000, 1024);
    EXPECT_NEAR(measuredFrequency(firstAll, 48000), 440.0, 0.5);

    AudioFileReader second(path, 2);
    EXPECT_EQ(second.channels(), 2);
    const auto secondAll = readAll(second);
    EXPECT_EQ(secondAll.size(), size_t{2 * 48000 * 2});  // PCM: exactly the samples written
    EXPECT_NEAR(measuredFrequency(channelOf(secondAll, 2, 1), 48000), 880.0, 0.5);

    // PCM in a movie seeks to the sample.
    second.seek(54321);
    std::vector<float> buffer(500 * 2);
    ASSERT_EQ(second.read(buffer.data(), 500), 500u);
    EXPECT_TRUE(std::equal(buffer.begin(), buffer.end(), secondAll.begin() + 54321 * 2));

    try {
        AudioFileReader picture(path, 0);
        FAIL() << "the picture stream was read as audio";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("picture.mov: stream 0 is not audio"), std::string::npos) << e.what();
    }
    EXPECT_THROW(AudioFileReader(path, 7), std::runtime_error);
}

TEST_F(AudioFileReaderTest, MissingFoldersAndGarbageAreRefusedNamingTheFile)
{
    const auto garbage = folder / "garbage.wav";
    {
        std::ofstream out(garbage, std::ios::binary);
        std::mt19937 random(99);
        for (int i = 0; i < 20000; ++i)
            out.put(static_cast<char>(random() & 0xff));
    }
    const auto text = folder / "notes.wav";
    std::ofstream(text) << "These are not the samples you are looking for.\n";

    for (const auto& path : {garbage, text, folder / "missing.wav", folder}) {
        try {
            AudioFileReader reader(path);
            FAIL() << path << " was read as audio";
        } catch (const std::runtime_error& e) {
            const std::string message = e.what();
            EXPECT_EQ(message.rfind(path.string() + ": ", 0), 0u) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
    }
}

TEST_F(AudioFileReaderTest, ConvertingA1kHzSineFrom44100To48000KeepsItsPitchLengthAndTiming)
{
    const int64_t frames = 44100 * 2 + 17;
    const auto path = sineWav("sine.wav", 44100, frames, 1000.0);
    AudioFileReader reader(path, std::nullopt, 48000);
    EXPECT_EQ(reader.sampleRate(), 48000);
    EXPECT_EQ(reader.fileSampleRate(), 44100);
    const int64_t expected = std::llround(static_cast<double>(frames) * 48000.0 / 44100.0);
    EXPECT_EQ(reader.frames(), expected);

    const auto all = readAll(reader, 1001);
    EXPECT_EQ(static_cast<int64_t>(all.size()), expected);
    EXPECT_NEAR(measuredFrequency(all, 48000), 1000.0, 0.01);
    // No delay and no level change: the converted samples are the same sine sampled at 48 kHz
    // (away from the ends, where the file's abrupt start and stop ring through the filter).
    double worst = 0.0;
    for (int64_t n = 4800; n < expected - 4800; ++n)
        worst = std::max(worst, std::abs(all[static_cast<size_t>(n)]
                                         - 0.5 * std::sin(2.0 * M_PI * 1000.0 * static_cast<double>(n) / 48000.0)));
    EXPECT_LT(worst, 1e-4);
}

TEST_F(AudioFileReaderTest, AConvertedReadSeeksToTheFramesAnUninterruptedReadGives)
{
    const auto path = noiseWav(3 * 44100, 2, 44100);
    AudioFileReader reader(path, std::nullopt, 48000);
    const auto all = readAll(reader);
    ASSERT_EQ(static_cast<int64_t>(all.size() / 2), reader.frames());

    for (const int64_t target : {int64_t{100003}, int64_t{5}, int64_t{40000}, reader.frames() - 3}) {
        reader.seek(target);
        std::vector<float> buffer(1500 * 2);
        const size_t got = reader.read(buffer.data(), 1500);
        ASSERT_EQ(got, static_cast<size_t>(std::min<int64_t>(1500, reader.frames() - target)));
        for (size_t i = 0; i < got * 2; ++i)
            ASSERT_NEAR(buffer[i], all[static_cast<size_t>(target) * 2 + i], 1e-5) << "seek " << target << " + " << i;
    }
    reader.seek(reader.frames() + 100);
    std::vector<float> buffer(100 * 2);
    EXPECT_EQ(reader.read(buffer.data(), 100), 0u);
}

TEST_F(AudioFileReaderTest, ConvertingAnFfmpegSourceEndsAtItsLengthAtTheNewRate)
{
    const auto path = folder / "tone.mp3";
    ffmpeg("-f lavfi -i sine=frequency=1000:sample_rate=44100:duration=2 -c:a libmp3lame -b:a 128k " + path.string());
    AudioFileReader native(path);
    const auto nativeFrames = static_cast<int64_t>(readAll(native).size());

    AudioFileReader converted(path, std::nullopt, 48000);
    const auto all = readAll(converted, 999);
    EXPECT_EQ(static_cast<int64_t>(all.size()), std::llround(static_cast<double>(nativeFrames) * 48000.0 / 44100.0));
    EXPECT_NEAR(measuredFrequency(all, 48000), 1000.0, 0.5);
}

TEST_F(AudioFileReaderTest, ReadingAfterTheFirstBlockDoesNotAllocate)
{
    const auto wav = noiseWav(48000 * 2);
    const auto mp3 = folder / "tone.mp3";
    ffmpeg("-f lavfi -i sine=frequency=1000:sample_rate=44100:duration=2 -c:a libmp3lame " + mp3.string());

    std::vector<float> buffer(4096 * 2);
    std::vector<AudioFileReader> readers;
    readers.emplace_back(wav);
    readers.emplace_back(wav, std::nullopt, 44100);
    readers.emplace_back(mp3);
    readers.emplace_back(mp3, std::nullopt, 48000);
    // The readers run on the disk thread, which may wait and allocate; still, once running, our
    // own code allocates nothing per block, and the plain libsndfile path nothing at all. FFmpeg's
    // demuxer (a packet per read) and libsoxr allocate inside the libraries.
    for (size_t r = 0; r < readers.size(); ++r) {
        AudioFileReader& reader = readers[r];
        reader.read(buffer.data(), 4096);
        testing::CountAllocations count;
        for (int i = 0; i < 10; ++i)
            reader.read(buffer.data(), 4096);
        EXPECT_EQ(count.newCount(), 0u) << reader.decoder() << " at " << reader.sampleRate();
        if (r == 0) {
            EXPECT_EQ(count.count(), 0u) << "libsndfile, no conversion";
        }
    }
}

} // namespace
} // namespace cuesmith
