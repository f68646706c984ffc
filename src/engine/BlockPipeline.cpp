#include "BlockPipeline.h"

#include <algorithm>

namespace cuesmith {

BlockPipeline::BlockPipeline(size_t outputs, int channels, unsigned workers)
    : outputs_(outputs), workers_(std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(outputs)))),
      slots_(kSlots), nextBlock_(outputs, 0), busy_(outputs, false)
{
    for (auto& slot : slots_) {
        slot.delivery.assign(outputs, std::vector<float>(static_cast<size_t>(kBlockFrames * channels)));
        slot.smpte.assign(outputs, std::vector<float>(static_cast<size_t>(kBlockFrames * channels)));
    }
}

BlockPipeline::~BlockPipeline()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    for (auto& t : threads_)
        if (t.joinable())
            t.join();
}

void BlockPipeline::start(Work work)
{
    work_ = std::move(work);
    for (unsigned w = 0; w < workers_; ++w)
        threads_.emplace_back([this, w] { runWorker(w); });
}

BlockPipeline::Slot& BlockPipeline::acquire()
{
    std::unique_lock lock(mutex_);
    Slot& slot = slots_[published_ % kSlots];
    changed_.wait(lock, [&] { return slot.pending == 0 || failure_; });
    if (failure_)
        std::rethrow_exception(failure_);
    return slot;
}

void BlockPipeline::publish(int frames)
{
    {
        std::lock_guard lock(mutex_);
        Slot& slot = slots_[published_ % kSlots];
        slot.frames = frames;
        slot.sequence = published_;
        slot.pending = outputs_;
        ++published_;
    }
    changed_.notify_all();
}

void BlockPipeline::finish()
{
    {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [&] {
            return failure_ || std::all_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.pending == 0; });
        });
        stopping_ = true;
    }
    changed_.notify_all();
    for (auto& t : threads_)
        t.join();
    threads_.clear();
    if (failure_)
        std::rethrow_exception(failure_);
}

// Workers take whichever output's next block is ready, so five files on two cores share the
// work evenly; an output is never worked on by two workers at once, so its blocks stay in order.
void BlockPipeline::runWorker(size_t /*worker*/)
{
    std::unique_lock lock(mutex_);
    for (;;) {
        size_t output = 0;
        Slot* slot = nullptr;
        changed_.wait(lock, [&] {
            if (failure_)
                return true;
            for (size_t o = 0; o < outputs_; ++o)
                if (!busy_[o] && nextBlock_[o] < published_) {
                    output = o;
                    slot = &slots_[nextBlock_[o] % kSlots];
                    return true;
                }
            return stopping_;
        });
        if (failure_ || slot == nullptr)
            return;
        busy_[output] = true;
        lock.unlock();
        try {
            const float* delivery = slot->delivery[output].data();
            work_(output, delivery, slot->smpteIsDelivery ? delivery : slot->smpte[output].data(), slot->frames);
        } catch (...) {
            lock.lock();
            if (!failure_)
                failure_ = std::current_exception();
            busy_[output] = false;
            changed_.notify_all();
            return;
        }
        lock.lock();
        busy_[output] = false;
        ++nextBlock_[output];
        --slot->pending;
        changed_.notify_all();
    }
}

} // namespace cuesmith
