#pragma once
// A compiled plan made ready for listening: the plan, the disk streamer reading its stems ahead of
// the playhead, and the mixer that plays it. The player owns one at a time and swaps in the next
// whole (DESIGN.md: state reaches the audio thread as immutable snapshots). Built and destroyed
// off the audio thread (it opens files and owns the disk thread); the audio thread only runs its
// streamer and mixer while it is the current program.

#include "BusMixer.h"
#include "DiskStreamer.h"
#include "RenderPlan.h"

namespace cuesmith {

class PlaybackProgram {
public:
    // Opens every stem of the plan (throws "cue <number>: <path>: <reason>" when one cannot be).
    PlaybackProgram(RenderPlan plan, int maxBlockFrames);
    PlaybackProgram(const PlaybackProgram&) = delete;
    PlaybackProgram& operator=(const PlaybackProgram&) = delete;

    const RenderPlan& plan() const { return plan_; }
    DiskStreamer& streamer() { return streamer_; }
    BusMixer& mixer() { return mixer_; }

private:
    RenderPlan plan_;  // before the streamer and mixer, which hold references to it
    DiskStreamer streamer_;
    BusMixer mixer_;
};

} // namespace cuesmith
