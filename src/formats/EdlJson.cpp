#include "EdlJson.h"

#include <string>
#include <string_view>

namespace cuesmith {

namespace {

std::string transitionCode(const EdlEvent& event)
{
    if (!event.transitionCode.empty())
        return event.transitionCode;
    switch (event.transition) {
    case EdlTransition::Cut: return "C";
    case EdlTransition::Dissolve: return "D";
    case EdlTransition::Wipe: return "W";
    case EdlTransition::Key: return "K";
    case EdlTransition::KeyBackground: return "KB";
    case EdlTransition::KeyOut: return "KO";
    }
    return "C";
}

nlohmann::json eventToJson(const EdlEvent& event)
{
    nlohmann::json json{
        {"number", event.number},
        {"reel", event.reel},
        {"channels", event.channels},
        {"transition", transitionCode(event)},
        {"transition_frames", event.transitionFrames},
        {"source_in", event.sourceIn},
        {"source_out", event.sourceOut},
        {"record_in", event.recordIn},
        {"record_out", event.recordOut},
        {"record_in_frame", event.recordInFrame},
        {"record_out_frame", event.recordOutFrame},
    };
    json["clip_name"] = event.clipName ? nlohmann::json(*event.clipName) : nlohmann::json();
    json["speed"] = event.speed ? nlohmann::json(*event.speed) : nlohmann::json();
    return json;
}

} // namespace

nlohmann::json edlToJson(const Edl& edl)
{
    nlohmann::json events = nlohmann::json::array();
    for (const auto& event : edl.events)
        events.push_back(eventToJson(event));

    nlohmann::json markers = nlohmann::json::array();
    for (const auto& marker : edl.markers)
        markers.push_back({{"timecode", marker.timecode},
                           {"frame", marker.frame},
                           {"color", marker.color},
                           {"name", marker.name}});

    nlohmann::json warnings = nlohmann::json::array();
    for (const auto& warning : edl.warnings)
        warnings.push_back({{"line", warning.line}, {"message", warning.message}});

    return {{"title", edl.title},
            {"rate", frameRateName(edl.rate)},
            {"drop_frame", edl.dropFrame},
            {"events", std::move(events)},
            {"markers", std::move(markers)},
            {"warnings", std::move(warnings)}};
}

} // namespace cuesmith
