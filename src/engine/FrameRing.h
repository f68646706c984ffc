#pragma once
// A single-producer single-consumer ring of interleaved audio frames: the disk thread writes,
// the audio thread reads. Lock-free: two monotonically increasing frame counters, each written by
// one side only (release) and read by the other (acquire). allocate() and reset() only while no
// one reads or writes it.

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstring>
#include <vector>

namespace cuesmith {

class FrameRing {
public:
    void allocate(int channels, int capacityFrames)
    {
        channels_ = channels;
        capacity_ = capacityFrames;
        samples_.assign(static_cast<size_t>(channels) * static_cast<size_t>(capacityFrames), 0.0f);
        reset(channels);
    }
    // Empties the ring for a stream of `channels` (at most the allocated count).
    void reset(int channels)
    {
        channels_ = channels;
        written_.store(0, std::memory_order_relaxed);
        read_.store(0, std::memory_order_relaxed);
    }

    int channels() const { return channels_; }
    int capacity() const { return capacity_; }
    // Frames ever written / consumed since reset(): stream positions.
    uint64_t written() const { return written_.load(std::memory_order_acquire); }
    uint64_t consumed() const { return read_.load(std::memory_order_acquire); }

    // Producer: free frames in all.
    int freeFrames() const
    {
        return capacity_ - static_cast<int>(written_.load(std::memory_order_relaxed) - read_.load(std::memory_order_acquire));
    }
    // Producer: the contiguous free space at the write position (up to the wrap).
    float* writeRegion(int& frames)
    {
        const uint64_t w = written_.load(std::memory_order_relaxed);
        const uint64_t used = w - read_.load(std::memory_order_acquire);
        const int free = capacity_ - static_cast<int>(used);
        const int index = static_cast<int>(w % static_cast<uint64_t>(capacity_));
        frames = std::min(free, capacity_ - index);
        return samples_.data() + static_cast<size_t>(index) * static_cast<size_t>(channels_);
    }
    void commitWrite(int frames) { written_.fetch_add(static_cast<uint64_t>(frames), std::memory_order_release); }

    // Consumer: copies `frames` frames from stream position `position` (at least consumed(), at most
    // written() - frames) and consumes everything before its end. audio thread
    void readAt(uint64_t position, float* out, int frames)
    {
        int done = 0;
        while (done < frames) {
            const uint64_t p = position + static_cast<uint64_t>(done);
            const int index = static_cast<int>(p % static_cast<uint64_t>(capacity_));
            const int run = std::min(frames - done, capacity_ - index);
            std::memcpy(out + static_cast<size_t>(done) * static_cast<size_t>(channels_),
                        samples_.data() + static_cast<size_t>(index) * static_cast<size_t>(channels_),
                        sizeof(float) * static_cast<size_t>(run) * static_cast<size_t>(channels_));
            done += run;
        }
        read_.store(position + static_cast<uint64_t>(frames), std::memory_order_release);
    }
    // Consumer: the frames [position, position + frames) in place when they are all written and
    // do not wrap around the end of the ring, else null. Nothing is consumed: they stay valid
    // until consumeTo() passes them. audio thread
    const float* contiguousAt(uint64_t position, int frames) const
    {
        if (position < read_.load(std::memory_order_relaxed)
            || position + static_cast<uint64_t>(frames) > written_.load(std::memory_order_acquire))
            return nullptr;
        const int index = static_cast<int>(position % static_cast<uint64_t>(capacity_));
        if (index + frames > capacity_)
            return nullptr;
        return samples_.data() + static_cast<size_t>(index) * static_cast<size_t>(channels_);
    }
    // Consumer: drops everything before stream position `position`. audio thread
    void consumeTo(uint64_t position)
    {
        if (position > read_.load(std::memory_order_relaxed))
            read_.store(position, std::memory_order_release);
    }

private:
    int channels_ = 0;
    int capacity_ = 0;
    std::vector<float> samples_;
    std::atomic<uint64_t> written_{0};
    std::atomic<uint64_t> read_{0};
};

} // namespace cuesmith
