#pragma once
// Hands mixed blocks from the offline renderer's mixing thread to worker threads that write and
// measure them. A ring of slots lets the mixer run ahead; workers take any output whose next
// block is ready, one worker per output at a time, so every file receives its blocks in sequence.
// Offline rendering only (workers block on disk): never used on the audio thread.

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace cuesmith {

class BlockPipeline {
public:
    static constexpr int kBlockFrames = 8192;
    // Eight blocks of slack between the mixer and the writers (and eight blocks of read-ahead per
    // clip, OfflineRenderer.cpp): 5 % faster than four on the bench reel, sixteen 12 % slower
    // again (the blocks fall out of the caches).
    static constexpr size_t kSlots = 8;

    struct Slot {
        std::vector<std::vector<float>> delivery;  // per output, delivery channel order
        std::vector<std::vector<float>> smpte;     // per output, SMPTE order (when it differs)
        bool smpteIsDelivery = true;
        int frames = 0;
        uint64_t sequence = 0;
        size_t pending = 0;  // outputs yet to process this slot
    };

    // output index, block in delivery order, the same block in SMPTE order, frames
    using Work = std::function<void(size_t, const float*, const float*, int)>;

    BlockPipeline(size_t outputs, int channels, unsigned workers);
    ~BlockPipeline();

    void start(Work work);
    // The next free slot to fill (waits while the workers are behind). Mixing thread.
    Slot& acquire();
    // Makes the slot returned by acquire() available to the workers.
    void publish(int frames);
    // Waits for every published block, stops the workers, rethrows the first worker failure.
    void finish();

private:
    void runWorker(size_t worker);

    size_t outputs_;
    unsigned workers_;
    std::vector<Slot> slots_;
    Work work_;
    std::vector<std::thread> threads_;
    std::mutex mutex_;
    std::condition_variable changed_;
    uint64_t published_ = 0;  // blocks published so far
    std::vector<uint64_t> nextBlock_;  // per output: the block it needs next
    std::vector<bool> busy_;           // per output: a worker is on it
    bool stopping_ = false;
    std::exception_ptr failure_;
};

} // namespace cuesmith
