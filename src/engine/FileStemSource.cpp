#include "FileStemSource.h"

#include "media/AudioFileReader.h"

#include <algorithm>
#include <cstring>

namespace cuesmith {

FileStemSource::FileStemSource(const std::filesystem::path& path, int64_t sessionSampleRate)
    : reader_(std::make_unique<AudioFileReader>(path, std::nullopt, static_cast<int>(sessionSampleRate))),
      channels_(reader_->channels()),
      length_(reader_->frames())
{
}

FileStemSource::~FileStemSource() = default;

void FileStemSource::read(int64_t sourceFrame, float* interleaved, int frames)
{
    float* out = interleaved;
    int left = frames;
    // Before the file: silence.
    if (sourceFrame < 0) {
        const int silent = static_cast<int>(std::min<int64_t>(left, -sourceFrame));
        std::memset(out, 0, sizeof(float) * static_cast<size_t>(silent * channels_));
        out += silent * channels_;
        left -= silent;
        sourceFrame += silent;
    }
    if (left > 0 && sourceFrame < length_) {
        if (sourceFrame != position_) {
            reader_->seek(sourceFrame);
            position_ = sourceFrame;
        }
        while (left > 0) {
            const size_t got = reader_->read(out, static_cast<size_t>(left));
            if (got == 0)
                break;
            out += static_cast<ptrdiff_t>(got) * channels_;
            left -= static_cast<int>(got);
            position_ += static_cast<int64_t>(got);
        }
    }
    // After the file: silence.
    if (left > 0)
        std::memset(out, 0, sizeof(float) * static_cast<size_t>(left * channels_));
}

} // namespace cuesmith
