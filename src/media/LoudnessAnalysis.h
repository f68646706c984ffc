#pragma once
// ITU-R BS.1770 / EBU R128 measurements through libebur128: integrated loudness, loudness range,
// true peak and sample peak. LoudnessMeter measures a stream as it is produced (the renderer
// meters what it writes) on the calling thread; analyzeLoudness measures a file, sharing the
// true-peak work with a second thread. Worker threads, never the audio thread (prepare()
// allocates, and 4x true-peak oversampling is heavy).
//
// Channels are weighted by their count, in the SMPTE orders Cuesmith delivers:
//   1, 2      mono / L R (each weight 1)
//   3         L R C
//   4         L R Ls Rs (quad)
//   5         L R C Ls Rs
//   6   5.1   L R C LFE Ls Rs          (LFE excluded, surrounds +1.5 dB)
//   8   7.1   L R C LFE Lss Rss Lrs Rrs (LFE excluded, all four surrounds +1.5 dB)
//   other     every channel weight 1 (no position is known, nothing is dropped)

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>

namespace cuesmith {

struct LoudnessReport {
    // Absent means minus infinity: silence, or less than one 400 ms gating block.
    std::optional<double> integratedLufs;
    double loudnessRangeLu = 0.0;
    std::optional<double> truePeakDbtp;    // highest channel; absent for digital silence
    std::optional<double> samplePeakDbfs;  // highest channel; absent for digital silence
    int64_t frames = 0;
    int sampleRate = 0;
    int channels = 0;
};

class LoudnessMeter {
public:
    LoudnessMeter();
    ~LoudnessMeter();
    LoudnessMeter(LoudnessMeter&&) noexcept;
    LoudnessMeter& operator=(LoudnessMeter&&) noexcept;

    // Starts a new measurement. Throws std::invalid_argument for a rate or channel count
    // libebur128 refuses.
    void prepare(int sampleRate, int channels);
    // Interleaved frames, channels() floats each. Throws std::logic_error before prepare().
    void addFrames(const float* interleaved, size_t frames);
    // The measurement of everything added since prepare(); can be asked for at any time.
    LoudnessReport report() const;

private:
    struct State;  // owns the ebur128_state
    std::unique_ptr<State> state_;
    int sampleRate_ = 0;
    int channels_ = 0;
    int64_t frames_ = 0;
};

// Reads the whole file in blocks (AudioFileReader: libsndfile or FFmpeg's first audio stream) at
// its own rate; gives exactly what a LoudnessMeter fed the same frames reports.
// Throws std::runtime_error("<path>: <reason>").
LoudnessReport analyzeLoudness(const std::filesystem::path& path);

} // namespace cuesmith
