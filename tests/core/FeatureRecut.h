#pragma once
// A feature-length re-cut generated deterministically, for the change-list and conform tests and
// the conform benchmark: back-to-back shots from 01:00:00:00; the new cut deletes every 50th
// shot, inserts one after every 70th, trims every 40th by 5 frames and moves every 97th ten
// places later.

#include "core/Edl.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace cuesmith::testing {

struct FeatureShot {
    FeatureShot() = default;
    FeatureShot(std::string reelName, int64_t in, int64_t frames, std::string clipName = {})
        : reel(std::move(reelName)), sourceIn(in), length(frames), clip(std::move(clipName))
    {
    }
    std::string reel;
    int64_t sourceIn = 0;
    int64_t length = 0;
    std::string clip;  // empty: no clip name
};

struct PlacedShot {
    FeatureShot shot;
    int old = -1;  // index into the old shots; -1 for inserted material
};

struct FeatureRecut {
    std::vector<FeatureShot> oldShots;
    std::vector<PlacedShot> newShots;
};

// reelModulo > 0 reuses reel names (as long real lists do); clipNames adds clip names.
inline FeatureRecut makeFeatureRecut(int events, int reelModulo, bool clipNames)
{
    FeatureRecut r;
    for (int i = 0; i < events; ++i)
        r.oldShots.push_back({"R" + std::to_string(reelModulo > 0 ? i % reelModulo : i), 100000 + int64_t{i} * 400,
                              24 + (i * 37) % 200, clipNames ? "CLIP_" + std::to_string(i) : ""});
    for (int i = 0; i < events; ++i) {
        if (i % 50 == 49)
            continue;
        FeatureShot s = r.oldShots[static_cast<size_t>(i)];
        if (i % 40 == 39)
            s.length -= 5;
        r.newShots.push_back({s, i});
        if (i % 70 == 69)
            r.newShots.push_back(
                {{"NEW" + std::to_string(i), 5000, 30, clipNames ? "NEW_" + std::to_string(i) : ""}, -1});
    }
    for (size_t k = 0; k + 11 < r.newShots.size(); ++k)
        if (r.newShots[k].old >= 0 && r.newShots[k].old % 97 == 96) {
            const PlacedShot moved = r.newShots[k];
            r.newShots.erase(r.newShots.begin() + static_cast<std::ptrdiff_t>(k));
            r.newShots.insert(r.newShots.begin() + static_cast<std::ptrdiff_t>(k + 10), moved);
            k += 10;
        }
    return r;
}

inline std::vector<FeatureShot> shotsOf(const std::vector<PlacedShot>& placed)
{
    std::vector<FeatureShot> shots;
    for (const auto& p : placed)
        shots.push_back(p.shot);
    return shots;
}

// Back-to-back video events from `start`, numbered in order.
inline Edl backToBackCut(const std::vector<FeatureShot>& shots, FrameRate rate, int64_t start)
{
    Edl edl;
    edl.rate = rate;
    int64_t record = start;
    int number = 1;
    for (const auto& s : shots) {
        EdlEvent e;
        e.number = std::to_string(number++);
        e.reel = s.reel;
        e.channels = "V";
        if (!s.clip.empty())
            e.clipName = s.clip;
        e.sourceInFrame = s.sourceIn;
        e.sourceOutFrame = s.sourceIn + s.length;
        e.recordInFrame = record;
        e.recordOutFrame = record + s.length;
        record += s.length;
        edl.events.push_back(e);
    }
    return edl;
}

// A session on the old cut with `cues` stereo cues of 20 s spread over it (and, when asked,
// `speechRegions` detected speech regions of 2 s spread over it, a hand edit on every tenth), and
// the new cut to conform it to: the feature-length case of the conform test and benchmark.
struct FeatureConform {
    Session session;
    CutVersion next;
};

inline FeatureConform makeFeatureConform(int events, int cues, bool clipNames, int speechRegions = 0)
{
    constexpr int64_t kHour = 86400;  // 01:00:00:00 at 23.976
    const FeatureRecut recut = makeFeatureRecut(events, 0, clipNames);
    FeatureConform f;
    f.session.frameRate = kFps23_976;
    f.session.sampleRate = 48000;
    CutVersion v1;
    v1.name = "v1";
    v1.edl = backToBackCut(recut.oldShots, kFps23_976, kHour);
    f.session = addCutVersion(f.session, v1);
    const int64_t frames = *cutEndFrame(v1.edl) - kHour;
    for (int c = 0; c < cues; ++c) {
        Cue cue;
        cue.number = "C" + std::to_string(c);
        cue.stems = {Stem{"STR", "/stems/" + cue.number + "_STR.wav", ChannelLayout::Stereo}};
        cue.startSample = framesToSamples(kHour + frames * c / cues + 7, kFps23_976, 48000) + 333;
        cue.writtenStartSample = cue.startSample;
        cue.lengthSamples = 20 * 48000;
        cue.fileSampleRate = 48000;
        f.session = addCue(f.session, cue);
    }
    for (int r = 0; r < speechRegions; ++r) {
        const int64_t start = framesToSamples(kHour + frames * r / speechRegions + 3, kFps23_976, 48000) + 101;
        f.session.detectedSpeech.push_back({start, start + 2 * 48000, 0.9f});
        if (r % 10 == 0)
            f.session.speechEdits.push_back({SpeechEdit::Kind::Remove, start + 48000, start + 48000 + 4800});
    }
    f.next.name = "v2";
    f.next.edl = backToBackCut(shotsOf(recut.newShots), kFps23_976, kHour);
    return f;
}

} // namespace cuesmith::testing
