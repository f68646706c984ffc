#include "DiskStreamer.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <map>
#include <stdexcept>

namespace cuesmith {

namespace {

// The most clips that can be near the playhead at once: each clip is near from `lead` frames
// before its start until `lag` frames after its end.
size_t mostClipsNearAtOnce(const RenderPlan& plan, int64_t lead, int64_t lag)
{
    std::map<int64_t, int> changes;
    for (const auto& clip : plan.clips) {
        ++changes[clip.timelineStart - lead];
        --changes[clip.timelineEnd() + lag];
    }
    int now = 0, most = 0;
    for (const auto& [position, change] : changes) {
        now += change;
        most = std::max(most, now);
    }
    return static_cast<size_t>(most);
}

} // namespace

DiskStreamer::DiskStreamer(const RenderPlan& plan, Options options) : plan_(plan), options_(options)
{
    options_.chunkFrames = std::clamp(options_.chunkFrames, 1, options_.ringFrames);
    int widest = 1;
    for (const auto& stem : plan.stems) {
        try {
            sources_.push_back(std::make_unique<FileStemSource>(stem.path, plan.sampleRate));
        } catch (const std::runtime_error& e) {
            throw std::runtime_error("cue " + stem.cueNumber + ": " + e.what());
        }
        widest = std::max(widest, sources_.back()->channels());
    }
    // Two spare rings: a retired ring waits for the audio thread to finish its block before reuse.
    const size_t rings =
        mostClipsNearAtOnce(plan, options_.ringFrames, 2 * static_cast<int64_t>(options_.maxBlockFrames)) + 2;
    slots_ = std::vector<Slot>(rings);
    for (auto& slot : slots_)
        slot.ring.allocate(widest, options_.ringFrames);
    clipSlots_ = std::make_unique<std::atomic<Slot*>[]>(plan.clips.size());
    for (size_t i = 0; i < plan.clips.size(); ++i)
        clipSlots_[i].store(nullptr, std::memory_order_relaxed);
}

DiskStreamer::~DiskStreamer()
{
    stop();
}

void DiskStreamer::start(int64_t playhead)
{
    stop();
    stopping_ = false;
    playhead_.store(playhead);
    thread_ = std::thread([this] { run(); });
}

void DiskStreamer::stop()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    work_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

// audio thread
void DiskStreamer::beginBlock(int64_t start, int /*frames*/)
{
    blocks_.fetch_add(1, std::memory_order_acq_rel);
    playhead_.store(start, std::memory_order_release);
}

// audio thread
void DiskStreamer::readClip(size_t clip, int64_t offsetInClip, float* out, int frames)
{
    Slot* slot = clipSlots_[clip].load(std::memory_order_acquire);
    const int channels = sources_[static_cast<size_t>(plan_.clips[clip].stem)]->channels();
    int done = 0;
    if (slot != nullptr) {
        FrameRing& ring = slot->ring;
        const int64_t position = offsetInClip - slot->startOffset;
        const auto consumed = static_cast<int64_t>(ring.consumed());
        const auto written = static_cast<int64_t>(ring.written());
        if (position >= consumed) {
            const int available = static_cast<int>(std::clamp<int64_t>(written - position, 0, frames));
            if (available > 0)
                ring.readAt(static_cast<uint64_t>(position), out, available);
            done = available;
        } else {
            slot->wantsRefill.store(true, std::memory_order_release);  // the player jumped back
        }
    }
    if (done < frames) {
        std::memset(out + static_cast<size_t>(done) * static_cast<size_t>(channels), 0,
                    sizeof(float) * static_cast<size_t>(frames - done) * static_cast<size_t>(channels));
        underruns_.fetch_add(1, std::memory_order_relaxed);
    }
}

const float* DiskStreamer::viewClip(size_t clip, int64_t offsetInClip, int frames)
{
    const Slot* slot = clipSlots_[clip].load(std::memory_order_acquire);
    const int64_t position = slot != nullptr ? offsetInClip - slot->startOffset : -1;
    return position >= 0 ? slot->ring.contiguousAt(static_cast<uint64_t>(position), frames) : nullptr;
}

void DiskStreamer::releaseClip(size_t clip, int64_t offsetInClip, int frames)
{
    Slot* slot = clipSlots_[clip].load(std::memory_order_acquire);
    if (slot != nullptr)
        slot->ring.consumeTo(static_cast<uint64_t>(offsetInClip - slot->startOffset + frames));
}

void DiskStreamer::waitUntilReady(int64_t start, int frames)
{
    // The caller is the only consumer and is between blocks: rings retired so far are free.
    blocks_.fetch_add(1, std::memory_order_acq_rel);
    playhead_.store(start, std::memory_order_release);
    wakeDiskThread();
    const auto& clips = plan_.clips;
    std::unique_lock lock(mutex_);
    for (;;) {
        if (failure_)
            std::rethrow_exception(failure_);
        bool ready = true;
        auto it = std::lower_bound(clips.begin(), clips.end(), start - plan_.longestClip,
                                   [](const PlanClip& c, int64_t t) { return c.timelineStart <= t; });
        for (; ready && it != clips.end() && it->timelineStart < start + frames; ++it) {
            if (it->timelineEnd() <= start)
                continue;
            const int64_t from = std::max<int64_t>(0, start - it->timelineStart);
            const int64_t to = std::min(it->length, start + frames - it->timelineStart);
            ready = buffered(static_cast<size_t>(it - clips.begin()), from, to);
        }
        if (ready)
            return;
        progress_.wait_for(lock, std::chrono::milliseconds(5));
    }
}

bool DiskStreamer::buffered(size_t clip, int64_t from, int64_t to) const
{
    const Slot* slot = clipSlots_[clip].load(std::memory_order_acquire);
    if (slot == nullptr)
        return false;
    return slot->startOffset <= from && static_cast<int64_t>(slot->ring.consumed()) <= from - slot->startOffset
           && slot->startOffset + static_cast<int64_t>(slot->ring.written()) >= to;
}

void DiskStreamer::wakeDiskThread()
{
    {
        std::lock_guard lock(mutex_);
    }
    work_.notify_all();
}

void DiskStreamer::run()
{
    for (;;) {
        bool worked = false;
        try {
            worked = step();
        } catch (...) {
            std::lock_guard lock(mutex_);
            failure_ = std::current_exception();
            progress_.notify_all();
            return;
        }
        std::unique_lock lock(mutex_);
        if (stopping_)
            return;
        if (worked) {
            lock.unlock();
            progress_.notify_all();
            continue;
        }
        // Nothing to read: every ring near the playhead is full. The real-time player does not
        // signal (the audio thread takes no lock), so poll at a rate well inside a ring's length.
        work_.wait_for(lock, std::chrono::milliseconds(2));
        if (stopping_)
            return;
    }
}

bool DiskStreamer::step()
{
    const int64_t playhead = playhead_.load(std::memory_order_acquire);
    retireStale(playhead);
    assignNear(playhead);
    return fillOne();
}

void DiskStreamer::retireStale(int64_t playhead)
{
    const int64_t horizon = playhead + options_.ringFrames + options_.maxBlockFrames;
    for (auto& slot : slots_) {
        if (slot.clip < 0)
            continue;
        const PlanClip& clip = plan_.clips[static_cast<size_t>(slot.clip)];
        const int64_t needed = std::max<int64_t>(0, playhead - clip.timelineStart);
        const bool played = clip.timelineEnd() <= playhead;
        const bool farAhead = clip.timelineStart >= horizon;  // the playhead jumped back
        // A jump back is reported by the reader itself: the playhead alone cannot tell, because
        // within a block the reader has already consumed past it.
        const bool jumpedBack = slot.wantsRefill.load(std::memory_order_acquire);
        const bool jumpedPast = needed > slot.startOffset + static_cast<int64_t>(slot.ring.written());
        if (played || farAhead || jumpedBack || jumpedPast) {
            clipSlots_[static_cast<size_t>(slot.clip)].store(nullptr, std::memory_order_release);
            slot.clip = -1;
            slot.retired = true;
            slot.retiredAt = blocks_.load(std::memory_order_acquire);
        }
    }
}

void DiskStreamer::assignNear(int64_t playhead)
{
    const auto& clips = plan_.clips;
    const int64_t horizon = playhead + options_.ringFrames;
    auto it = std::lower_bound(clips.begin(), clips.end(), playhead - plan_.longestClip,
                               [](const PlanClip& c, int64_t t) { return c.timelineStart <= t; });
    const uint64_t blocks = blocks_.load(std::memory_order_acquire);
    auto freeSlot = slots_.begin();
    for (; it != clips.end() && it->timelineStart < horizon; ++it) {
        const auto index = static_cast<size_t>(it - clips.begin());
        if (it->timelineEnd() <= playhead || clipSlots_[index].load(std::memory_order_relaxed) != nullptr)
            continue;
        freeSlot = std::find_if(freeSlot, slots_.end(), [&](const Slot& s) {
            return s.clip < 0 && (!s.retired || blocks > s.retiredAt);
        });
        if (freeSlot == slots_.end())
            return;  // later clips wait for a ring
        freeSlot->ring.reset(sources_[static_cast<size_t>(it->stem)]->channels());
        freeSlot->startOffset = std::max<int64_t>(0, playhead - it->timelineStart);
        freeSlot->clip = static_cast<int64_t>(index);
        freeSlot->retired = false;
        freeSlot->wantsRefill.store(false, std::memory_order_relaxed);
        clipSlots_[index].store(&*freeSlot, std::memory_order_release);
    }
}

bool DiskStreamer::fillOne()
{
    // The clip whose buffered audio ends earliest on the timeline is the most urgent.
    Slot* best = nullptr;
    int64_t bestEnd = 0;
    for (auto& slot : slots_) {
        if (slot.clip < 0)
            continue;
        const PlanClip& clip = plan_.clips[static_cast<size_t>(slot.clip)];
        const int64_t bufferedTo = slot.startOffset + static_cast<int64_t>(slot.ring.written());
        if (bufferedTo >= clip.length)
            continue;
        const int64_t wanted = std::min<int64_t>(options_.chunkFrames, clip.length - bufferedTo);
        if (slot.ring.freeFrames() < wanted)
            continue;
        const int64_t end = clip.timelineStart + bufferedTo;
        if (best == nullptr || end < bestEnd) {
            best = &slot;
            bestEnd = end;
        }
    }
    if (best == nullptr)
        return false;
    const PlanClip& clip = plan_.clips[static_cast<size_t>(best->clip)];
    const int64_t bufferedTo = best->startOffset + static_cast<int64_t>(best->ring.written());
    int room = 0;
    float* region = best->ring.writeRegion(room);
    const int frames = static_cast<int>(std::min<int64_t>({room, options_.chunkFrames, clip.length - bufferedTo}));
    sources_[static_cast<size_t>(clip.stem)]->read(clip.sourceStart + bufferedTo, region, frames);
    best->ring.commitWrite(frames);
    return true;
}

} // namespace cuesmith
