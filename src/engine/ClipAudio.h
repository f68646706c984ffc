#pragma once
// Where the mixer gets each clip's audio. Offline tests read stems directly (StemClipAudio); the
// renderer and the real-time player read the disk thread's read-ahead (DiskStreamer). Either way
// readClip() must not allocate, lock or block when it runs on the audio thread.

#include "RenderPlan.h"
#include "StemSource.h"

#include <cstdint>
#include <vector>

namespace cuesmith {

class ClipAudio {
public:
    virtual ~ClipAudio() = default;
    // The mixer is about to render timeline [start, start + frames). audio thread
    virtual void beginBlock(int64_t /*start*/, int /*frames*/) {}
    // Fills `frames` interleaved frames (the clip's stem channel count) of plan clip `clip`,
    // starting `offsetInClip` frames after the clip's start. Frames that are not available
    // (outside the file, or not yet streamed) are silence. audio thread
    virtual void readClip(size_t clip, int64_t offsetInClip, float* interleaved, int frames) = 0;
    // The same frames where they already are in memory, when they can be read there (all
    // available, contiguous), else null and the caller uses readClip(). They stay valid until
    // releaseClip() with the same arguments. audio thread
    virtual const float* viewClip(size_t /*clip*/, int64_t /*offsetInClip*/, int /*frames*/) { return nullptr; }
    virtual void releaseClip(size_t /*clip*/, int64_t /*offsetInClip*/, int /*frames*/) {}
};

// Reads clips straight from per-stem sources (sources[i] feeds plan.stems[i]).
class StemClipAudio final : public ClipAudio {
public:
    StemClipAudio(const RenderPlan& plan, std::vector<StemSource*> sources)
        : plan_(plan), sources_(std::move(sources))
    {
    }
    // audio thread (as real-time safe as the sources are)
    void readClip(size_t clip, int64_t offsetInClip, float* interleaved, int frames) override
    {
        const PlanClip& c = plan_.clips[clip];
        sources_[static_cast<size_t>(c.stem)]->read(c.sourceStart + offsetInClip, interleaved, frames);
    }

private:
    const RenderPlan& plan_;
    std::vector<StemSource*> sources_;
};

} // namespace cuesmith
