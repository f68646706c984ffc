#pragma once
// Builds what the player plays from a session, off the message thread: the delivery plan (ducks,
// dialogue-band EQ measured from the stems) and a PlaybackProgram that has opened its stems. The
// newest request wins; one still waiting when another comes is dropped. Results come back on the
// message thread with the bus curves the timeline draws, so the lanes show what is heard.
// Construction, request() and destruction on the message thread; the build on its own thread.

#include "TimelineModel.h"
#include "engine/DeliveryPlan.h"
#include "engine/PlaybackProgram.h"

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace cuesmith {

class ProgramBuilder {
public:
    struct Result {
        std::unique_ptr<PlaybackProgram> program;  // null when the build failed
        std::vector<BusCurves> curves;
        std::string error;  // one line, naming the file or cue
    };

    explicit ProgramBuilder(std::function<void(Result)> onBuilt);
    ~ProgramBuilder();
    ProgramBuilder(const ProgramBuilder&) = delete;
    ProgramBuilder& operator=(const ProgramBuilder&) = delete;

    // mixOnly: only bus duck or EQ settings changed since the last request, so the measured
    // masking of the music against the dialogue is reused rather than read from the stems again.
    void request(const Session& session, bool mixOnly);

    // The layout the player mixes in: the widest of the session's stem buses.
    static ChannelLayout playbackLayout(const Session& session);

private:
    void run();
    Result build(const Session& session, bool mixOnly);

    std::function<void(Result)> onBuilt_;
    std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // message thread only
    std::mutex mutex_;
    std::condition_variable wake_;
    std::optional<Session> pending_;
    bool pendingMixOnly_ = true;
    bool stopping_ = false;
    DialogueMaskingCache masking_;  // build thread only
    std::thread thread_;
};

} // namespace cuesmith
