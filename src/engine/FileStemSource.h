#pragma once
// A StemSource that reads a stem file directly: for offline renders (worker thread), where
// blocking on the disk is fine. Converts the file's rate to the session's when they differ.

#include "StemSource.h"

#include <filesystem>
#include <memory>
#include <vector>

namespace cuesmith {

class AudioFileReader;

class FileStemSource final : public StemSource {
public:
    // Throws std::runtime_error("<path>: <reason>").
    FileStemSource(const std::filesystem::path& path, int64_t sessionSampleRate);
    ~FileStemSource() override;

    int channels() const override { return channels_; }
    void read(int64_t sourceFrame, float* interleaved, int frames) override;

private:
    std::unique_ptr<AudioFileReader> reader_;
    int channels_ = 0;
    int64_t length_ = 0;    // frames at the session rate
    int64_t position_ = 0;  // the reader's next frame
};

} // namespace cuesmith
