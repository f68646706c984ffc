#include "BlockPipeline.h"

#include <algorithm>

namespace cuesmith {

BlockPipeline::BlockPipeline(size_t outputs, int channels, unsigned workers)
    : outputs_(outputs), workers_(std::max(1u, std::min<unsigned>(workers, static_cast<unsigned>(outputs)))),
      slots_(kSlots)
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
        slot.pending = workers_;
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

void BlockPipeline::runWorker(size_t worker)
{
    uint64_t next = 0;
    for (;;) {
        Slot* slot = nullptr;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [&] { return published_ > next || stopping_ || failure_; });
            if (published_ <= next || failure_)
                return;
            slot = &slots_[next % kSlots];
        }
        try {
            for (size_t output = worker; output < outputs_; output += workers_) {
                const float* delivery = slot->delivery[output].data();
                work_(output, delivery, slot->smpteIsDelivery ? delivery : slot->smpte[output].data(), slot->frames);
            }
        } catch (...) {
            std::lock_guard lock(mutex_);
            if (!failure_)
                failure_ = std::current_exception();
            changed_.notify_all();
            return;
        }
        {
            std::lock_guard lock(mutex_);
            --slot->pending;
        }
        changed_.notify_all();
        ++next;
    }
}

} // namespace cuesmith
