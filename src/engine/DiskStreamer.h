#pragma once
// Read-ahead of stem audio for the mixer (DESIGN.md: the disk thread). One thread decodes the
// clips that play within the next `lookahead` frames of the playhead into a pool of FrameRings,
// one ring per clip, earliest first; the mixer copies from them without locks or allocation.
// The offline renderer waits for each block to be buffered (waitUntilReady) so its output is
// complete and deterministic; the real-time player never waits: what is not buffered is silence.
//
// Threads: construction, start(), stop() and waitUntilReady() on the driving (non-audio) thread;
// beginBlock() and readClip() on the audio thread; the rest runs on the disk thread.

#include "ClipAudio.h"
#include "FileStemSource.h"
#include "FrameRing.h"
#include "RenderPlan.h"

#include <atomic>
#include <condition_variable>
#include <exception>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace cuesmith {

class DiskStreamer final : public ClipAudio {
public:
    struct Options {
        int ringFrames = 32768;   // per clip: also how far ahead of the playhead clips are read
        int chunkFrames = 8192;   // frames decoded per step
        int maxBlockFrames = 8192;
    };

    // Opens every stem of the plan on this thread, so a missing or unreadable file fails here with
    // "cue <number>: <path>: <reason>". The plan must outlive the streamer.
    DiskStreamer(const RenderPlan& plan, Options options);
    ~DiskStreamer() override;
    DiskStreamer(const DiskStreamer&) = delete;
    DiskStreamer& operator=(const DiskStreamer&) = delete;

    void start(int64_t playhead);
    void stop();

    // The block [start, start + frames) is about to be mixed: where the disk thread should read
    // ahead from. audio thread
    void beginBlock(int64_t start, int frames) override;
    // audio thread
    void readClip(size_t clip, int64_t offsetInClip, float* interleaved, int frames) override;
    // Straight from the clip's ring, saving the copy. audio thread
    const float* viewClip(size_t clip, int64_t offsetInClip, int frames) override;
    void releaseClip(size_t clip, int64_t offsetInClip, int frames) override;

    // Offline driver: blocks until every clip overlapping [start, start + frames) is buffered over
    // that range. Rethrows a disk-thread failure (an unreadable file).
    void waitUntilReady(int64_t start, int frames);

    // Clip reads that found their frames missing (real-time underruns). Any thread.
    uint64_t underruns() const { return underruns_.load(std::memory_order_relaxed); }

private:
    struct Slot {
        FrameRing ring;
        int64_t clip = -1;         // disk thread: the clip it holds, -1 when free
        int64_t startOffset = 0;   // offset in the clip of stream position 0 (set before publishing)
        uint64_t retiredAt = 0;    // disk thread: block count when unassigned
        bool retired = false;
        std::atomic<bool> wantsRefill{false};  // set by the reader when asked for frames it let go
    };

    void run();
    bool step();  // one round of the disk thread's work; false when there was nothing to do
    void retireStale(int64_t playhead);
    void assignNear(int64_t playhead);
    bool fillOne();
    bool buffered(size_t clip, int64_t from, int64_t to) const;
    void wakeDiskThread();

    const RenderPlan& plan_;
    Options options_;
    std::vector<std::unique_ptr<FileStemSource>> sources_;
    std::vector<Slot> slots_;
    std::unique_ptr<std::atomic<Slot*>[]> clipSlots_;  // per clip; written by the disk thread

    std::atomic<int64_t> playhead_{0};
    std::atomic<uint64_t> blocks_{0};
    std::atomic<uint64_t> underruns_{0};

    std::thread thread_;
    std::mutex mutex_;
    std::condition_variable work_;     // wakes the disk thread
    std::condition_variable progress_; // wakes waitUntilReady
    bool stopping_ = false;
    std::exception_ptr failure_;
};

} // namespace cuesmith
