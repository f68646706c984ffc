#include "media/StreamingFileSink.h"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>
#include <numeric>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;
using Mode = StreamingFileSink::Mode;

std::vector<uint8_t> fileBytes(const fs::path& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Bytes that differ at every position (so a block written at the wrong offset shows).
std::vector<uint8_t> pattern(size_t size, unsigned seed)
{
    std::vector<uint8_t> bytes(size);
    uint32_t x = seed * 2654435761u + 1;
    for (auto& b : bytes) {
        x = x * 1664525u + 1013904223u;
        b = static_cast<uint8_t>(x >> 24);
    }
    return bytes;
}

bool folderTakesDirectIo(const fs::path& folder)
{
    const fs::path probe = folder / "direct-probe";
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_DIRECT, 0644);
    if (fd >= 0)
        ::close(fd);
    fs::remove(probe);
    return fd >= 0;
}

class StreamingFileSinkTest : public ::testing::TestWithParam<Mode> {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-sink-" + std::to_string(::getpid()));
        fs::create_directories(folder);
    }
    void TearDown() override { fs::remove_all(folder); }

    // Writes a header, rewrites part of it (as libsndfile does at close), streams `audio` in
    // uneven pieces, and returns what reached the file.
    std::vector<uint8_t> writeLikeLibsndfile(const std::vector<uint8_t>& header, int64_t streamStart,
                                             const std::vector<uint8_t>& audio, bool& direct)
    {
        const fs::path path = folder / "out.wav";
        {
            StreamingFileSink sink(path, GetParam());
            EXPECT_EQ(sink.write(header.data(), 100), 100);
            sink.setStreamStart(streamStart);
            EXPECT_EQ(sink.seek(0, SEEK_SET), 0);
            EXPECT_EQ(sink.write(header.data(), static_cast<int64_t>(header.size())),
                      static_cast<int64_t>(header.size()));
            size_t done = 0;
            for (size_t piece = 1; done < audio.size(); piece = piece * 7 % 300007 + 4093) {
                const size_t n = std::min(piece, audio.size() - done);
                EXPECT_EQ(sink.write(audio.data() + done, static_cast<int64_t>(n)), static_cast<int64_t>(n));
                done += n;
            }
            EXPECT_EQ(sink.length(), streamStart + static_cast<int64_t>(audio.size()));
            const int64_t end = sink.tell();
            EXPECT_EQ(sink.seek(4, SEEK_SET), 4);
            EXPECT_EQ(sink.write("SIZE", 4), 4);  // a rewritten header field
            EXPECT_EQ(sink.seek(end, SEEK_SET), end);
            EXPECT_TRUE(sink.finish());
            EXPECT_EQ(::fsync(sink.fd()), 0);
            direct = sink.direct();
        }
        return fileBytes(path);
    }

    fs::path folder;
};

TEST_P(StreamingFileSinkTest, FileHoldsTheHeaderAndEveryStreamedByteInPlace)
{
    const auto header = pattern(4096, 1);
    const auto audio = pattern(5 * 1048576 + 12345, 2);  // several blocks and a partial one
    bool direct = false;
    const auto file = writeLikeLibsndfile(header, 4096, audio, direct);
    ASSERT_EQ(file.size(), 4096 + audio.size());
    auto expectedHeader = header;
    std::copy_n("SIZE", 4, expectedHeader.begin() + 4);
    EXPECT_TRUE(std::equal(expectedHeader.begin(), expectedHeader.end(), file.begin()));
    EXPECT_TRUE(std::equal(audio.begin(), audio.end(), file.begin() + 4096));
    // On a filesystem that takes O_DIRECT, Direct mode really bypasses the page cache.
    EXPECT_EQ(direct, GetParam() == Mode::Direct && folderTakesDirectIo(folder));
}

TEST_P(StreamingFileSinkTest, AStreamStartOffABoundaryStillWritesEveryByte)
{
    const auto header = pattern(2250, 3);
    const auto audio = pattern(3 * 1048576 + 5, 4);
    bool direct = false;
    const auto file = writeLikeLibsndfile(header, 2250, audio, direct);
    ASSERT_EQ(file.size(), 2250 + audio.size());
    EXPECT_TRUE(std::equal(audio.begin(), audio.end(), file.begin() + 2250));
}

TEST_P(StreamingFileSinkTest, RewritesOfStreamedBytesAndGapsLandWhereTheyShould)
{
    const fs::path path = folder / "rewrite.bin";
    const auto audio = pattern(3 * 1048576, 5);
    std::vector<uint8_t> expected(4096, 0);
    expected.insert(expected.end(), audio.begin(), audio.end());
    {
        StreamingFileSink sink(path, GetParam());
        sink.setStreamStart(4096);
        EXPECT_EQ(sink.seek(4096, SEEK_SET), 4096);
        EXPECT_EQ(sink.write(audio.data(), static_cast<int64_t>(audio.size())), static_cast<int64_t>(audio.size()));
        // One patch in bytes already handed to the disk, one in the block still being filled.
        for (const int64_t at : {int64_t{10000}, int64_t{4096 + 3 * 1048576 - 100}}) {
            EXPECT_EQ(sink.seek(at, SEEK_SET), at);
            EXPECT_EQ(sink.write("patch", 5), 5);
            std::copy_n("patch", 5, expected.begin() + at);
        }
        // Reading back what was written, from the disk and from memory.
        std::vector<uint8_t> back(8);
        EXPECT_EQ(sink.seek(10000, SEEK_SET), 10000);
        EXPECT_EQ(sink.read(back.data(), 5), 5);
        EXPECT_EQ(std::string(back.begin(), back.begin() + 5), "patch");
        // A write past the end leaves zeros between.
        const int64_t end = static_cast<int64_t>(expected.size());
        EXPECT_EQ(sink.seek(end + 3000, SEEK_SET), end + 3000);
        EXPECT_EQ(sink.write("tail", 4), 4);
        expected.resize(static_cast<size_t>(end + 3000), 0);
        expected.insert(expected.end(), {'t', 'a', 'i', 'l'});
        EXPECT_EQ(sink.length(), static_cast<int64_t>(expected.size()));
        EXPECT_TRUE(sink.finish());
    }
    EXPECT_EQ(fileBytes(path), expected);
}

TEST_P(StreamingFileSinkTest, BytesBuiltInTheAppendSpaceLandInOrder)
{
    const fs::path path = folder / "inplace.bin";
    const auto audio = pattern(3 * 1048576 + 18 * 5, 8);
    {
        StreamingFileSink sink(path, GetParam());
        EXPECT_TRUE(sink.appendSpace().empty());  // still in the header
        sink.setStreamStart(0);
        for (size_t done = 0; done < audio.size();) {
            const std::span<uint8_t> space = sink.appendSpace();
            ASSERT_FALSE(space.empty());
            const size_t n = std::min<size_t>({space.size(), audio.size() - done, 147456});
            std::copy_n(audio.begin() + static_cast<std::ptrdiff_t>(done), n, space.begin());
            ASSERT_EQ(sink.write(space.data(), static_cast<int64_t>(n)), static_cast<int64_t>(n));
            done += n;
        }
        EXPECT_EQ(sink.seek(0, SEEK_SET), 0);
        EXPECT_TRUE(sink.appendSpace().empty());  // not at the end
        EXPECT_TRUE(sink.finish());
    }
    EXPECT_EQ(fileBytes(path), audio);
}

// Runs in a forked child: a file-size limit makes the kernel refuse writes past 1 MiB, as a full
// disk would. Exits 0 when the sink reported the failure with the kernel's reason.
[[noreturn]] void streamPastAFileSizeLimit(const fs::path& path, Mode mode)
{
    std::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{1 << 20, 1 << 20};
    setrlimit(RLIMIT_FSIZE, &limit);
    StreamingFileSink sink(path, mode);
    sink.setStreamStart(4096);
    const auto audio = pattern(1 << 20, 6);
    bool refused = false;
    for (int i = 0; i < 6 && !refused; ++i)
        refused = sink.write(audio.data(), static_cast<int64_t>(audio.size())) == 0;
    const bool finished = sink.finish();
    std::exit(!finished && sink.failed() && sink.errorText() == std::strerror(EFBIG) ? 0 : 2);
}

TEST_P(StreamingFileSinkTest, AFullDiskIsReportedWithTheKernelsReason)
{
    EXPECT_EXIT(streamPastAFileSizeLimit(folder / "full.bin", GetParam()), ::testing::ExitedWithCode(0), "");
}

TEST_P(StreamingFileSinkTest, AFolderThatCannotTakeTheFileSaysWhy)
{
    try {
        StreamingFileSink sink(folder / "missing" / "out.wav", GetParam());
        FAIL() << "created a file in a missing folder";
    } catch (const std::runtime_error& e) {
        EXPECT_EQ(std::string(e.what()), "cannot create (No such file or directory)");
    }
}

INSTANTIATE_TEST_SUITE_P(Modes, StreamingFileSinkTest, ::testing::Values(Mode::Direct, Mode::Buffered),
                         [](const auto& info) { return info.param == Mode::Direct ? "Direct" : "Buffered"; });

} // namespace
} // namespace cuesmith
