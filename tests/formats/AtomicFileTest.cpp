#include "formats/AtomicFile.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;

TEST(AtomicFile, WritesAndReadsBack)
{
    const fs::path path = fs::temp_directory_path() / ("cuesmith-atomic-" + std::to_string(::getpid()));
    writeFileAtomically(path, "first");
    writeFileAtomically(path, "second, longer");
    EXPECT_EQ(readWholeFile(path), "second, longer");
    fs::remove(path);
}

TEST(AtomicFile, AFailedWriteLeavesTheOldFileAndNamesThePath)
{
    // The target is a folder that cannot be replaced by a file: the rename fails.
    const fs::path folder = fs::temp_directory_path() / ("cuesmith-atomic-dir-" + std::to_string(::getpid()));
    fs::create_directories(folder / "occupied" / "inside");
    try {
        writeFileAtomically(folder / "occupied", "x");
        FAIL() << "replaced a folder";
    } catch (const std::runtime_error& e) {
        EXPECT_NE(std::string(e.what()).find("occupied"), std::string::npos);
    }
    EXPECT_TRUE(fs::is_directory(folder / "occupied" / "inside"));
    int leftovers = 0;
    for (const auto& entry : fs::directory_iterator(folder))
        leftovers += entry.is_regular_file() ? 1 : 0;
    EXPECT_EQ(leftovers, 0);
    fs::remove_all(folder);
}

TEST(AtomicFile, WritingIntoAMissingFolderFailsWithTheReason)
{
    EXPECT_THROW(writeFileAtomically("/nonexistent-folder-for-cuesmith/x.cuesmith", "x"), std::runtime_error);
    EXPECT_THROW(readWholeFile("/nonexistent-folder-for-cuesmith/x.cuesmith"), std::runtime_error);
}

} // namespace
} // namespace cuesmith
