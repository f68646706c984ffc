#pragma once
// Where the mixer gets a stem's audio. Offline, a reader on the file; in real time, the disk
// thread's read-ahead buffer. Either way read() must not allocate, lock or block on the audio
// thread (the real-time implementation only copies from its ring buffer).

#include <cstdint>

namespace cuesmith {

class StemSource {
public:
    virtual ~StemSource() = default;
    virtual int channels() const = 0;
    // Fills `frames` interleaved frames starting at `sourceFrame` (samples into the stem, at the
    // session rate); frames outside the file are silence. audio thread (real-time sources)
    virtual void read(int64_t sourceFrame, float* interleaved, int frames) = 0;
};

} // namespace cuesmith
