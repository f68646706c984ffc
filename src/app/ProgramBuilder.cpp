#include "ProgramBuilder.h"

#include "engine/Player.h"

#include <juce_events/juce_events.h>

namespace cuesmith {

ProgramBuilder::ProgramBuilder(std::function<void(Result)> onBuilt)
    : onBuilt_(std::move(onBuilt)), thread_([this] { run(); })
{
}

ProgramBuilder::~ProgramBuilder()
{
    *alive_ = false;  // results still queued for the message thread are dropped
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
}

void ProgramBuilder::request(const Session& session, bool mixOnly)
{
    {
        std::lock_guard lock(mutex_);
        // A full rebuild still waiting stays full when a mix-only change replaces it.
        pendingMixOnly_ = (pending_ ? pendingMixOnly_ : true) && mixOnly;
        pending_ = session;
    }
    wake_.notify_all();
}

ChannelLayout ProgramBuilder::playbackLayout(const Session& session)
{
    ChannelLayout widest = ChannelLayout::Stereo;
    for (const auto& bus : session.buses)
        if (channelCount(bus.layout) > channelCount(widest))
            widest = bus.layout;
    return widest;
}

void ProgramBuilder::run()
{
    for (;;) {
        Session session;
        bool mixOnly = false;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || pending_.has_value(); });
            if (stopping_)
                return;
            session = std::move(*pending_);
            pending_.reset();
            mixOnly = pendingMixOnly_;
            pendingMixOnly_ = true;
        }
        auto result = std::make_shared<Result>(build(session, mixOnly));
        juce::MessageManager::callAsync([this, alive = alive_, result] {
            if (*alive)
                onBuilt_(std::move(*result));
        });
    }
}

ProgramBuilder::Result ProgramBuilder::build(const Session& session, bool mixOnly)
{
    Result result;
    try {
        if (!mixOnly)
            masking_.clear();
        RenderPlan plan = compileDeliveryPlan(session, playbackLayout(session), true, &masking_);
        for (const auto& bus : plan.buses)
            result.curves.push_back({bus.name, bus.gain, bus.eqDepth});
        result.program = std::make_unique<PlaybackProgram>(std::move(plan), Player::kMaxBlockFrames);
    } catch (const std::exception& e) {
        masking_.clear();
        result.error = e.what();
    }
    return result;
}

} // namespace cuesmith
