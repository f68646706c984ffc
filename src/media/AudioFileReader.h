#pragma once
// Streams an audio file as interleaved float frames, block by block, never holding it whole:
// libsndfile for WAV/BWF, RF64, W64, AIFF, CAF, FLAC and Ogg; FFmpeg for everything else (MP3,
// AAC, a movie's audio stream). Optionally converts to another sample rate with libsoxr (very
// high quality). Disk and worker threads only (blocking I/O). read() reuses its own buffers, so a
// disk streamer calling it constantly makes no allocation of ours after the first call (FFmpeg's
// demuxer still takes each packet from its own buffer pool).

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string_view>

namespace cuesmith {

namespace detail {
class AudioDecoder;    // libsndfile or FFmpeg, defined in AudioFileReader.cpp
class RateConverter;  // libsoxr
} // namespace detail

class AudioFileReader {
public:
    // ffmpegStreamIndex: read that FFmpeg stream (it must be audio) instead of the first audio
    // stream; giving one always decodes through FFmpeg. targetSampleRate: deliver frames at that
    // rate (libsoxr, SOXR_VHQ) when it differs from the file's.
    // Throws std::runtime_error("<path>: <reason>") when the file cannot be opened or decoded.
    explicit AudioFileReader(const std::filesystem::path& path, std::optional<int> ffmpegStreamIndex = {},
                             std::optional<int> targetSampleRate = {});
    ~AudioFileReader();
    AudioFileReader(AudioFileReader&&) noexcept;
    AudioFileReader& operator=(AudioFileReader&&) noexcept;
    AudioFileReader(const AudioFileReader&) = delete;
    AudioFileReader& operator=(const AudioFileReader&) = delete;

    const std::filesystem::path& path() const;
    // The rate of the frames read() delivers (the target rate when converting).
    int sampleRate() const;
    int fileSampleRate() const;
    int channels() const;

    // Length in frames at sampleRate(). Exact through libsndfile. Through FFmpeg it is an estimate
    // from the container's duration (codecs with encoder delay or a VBR stream without an index can
    // be off by a few codec frames): read() until it returns 0 for the true length.
    int64_t frames() const;
    bool framesAreExact() const;

    // "libsndfile" or "ffmpeg": which decoder reads the file.
    std::string_view decoder() const;

    // Fills up to maxFrames interleaved frames (maxFrames * channels() floats); returns the number
    // written, fewer only at the end of the file, 0 once it is reached.
    // Throws std::runtime_error("<path>: <reason>") when the file turns out to be damaged.
    size_t read(float* interleaved, size_t maxFrames);

    // The next read() starts at this frame (at sampleRate()). Past the end, read() returns 0.
    // Exact to the sample through libsndfile and for FFmpeg streams with timestamps; converted
    // rates restart the converter early enough that the frames match an uninterrupted read.
    // Throws std::out_of_range for a negative frame, std::runtime_error when the file cannot seek.
    void seek(int64_t frame);

private:
    std::filesystem::path path_;
    std::unique_ptr<detail::AudioDecoder> decoder_;
    std::unique_ptr<detail::RateConverter> converter_;  // null when the rates already agree
};

} // namespace cuesmith
