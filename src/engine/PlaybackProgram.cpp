#include "PlaybackProgram.h"

namespace cuesmith {

namespace {

DiskStreamer::Options streamerOptions(int maxBlockFrames)
{
    DiskStreamer::Options options;
    options.maxBlockFrames = maxBlockFrames;
    return options;
}

} // namespace

PlaybackProgram::PlaybackProgram(RenderPlan plan, int maxBlockFrames)
    : plan_(std::move(plan)), streamer_(plan_, streamerOptions(maxBlockFrames))
{
    mixer_.prepare(plan_, streamer_, maxBlockFrames);
}

} // namespace cuesmith
