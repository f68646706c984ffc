#pragma once
// The content of one edit decision list as read from a CMX3600 file: events in file order,
// locator markers and the reader's warnings. Pure value type, any thread. Timecode fields keep
// the text exactly as the file wrote it; the frame counts are computed at the list's rate.

#include "FrameRate.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

enum class EdlTransition { Cut, Dissolve, Wipe, Key, KeyBackground, KeyOut };

// One event line (a two-line dissolve gives two EdlEvents sharing a number).
struct EdlEvent {
    std::string number;    // as written ("001", "1024")
    std::string reel;      // "A003C012", "BL", "AX", or a long modern name
    std::string channels;  // "V", "A", "A2", "AA", "AA/V", "B", "A3", ... as written
    EdlTransition transition = EdlTransition::Cut;
    std::string transitionCode;  // as written: "C", "D", "W001", "K", "KB", "KO"
    int transitionFrames = 0;    // dissolve/wipe/key length in frames (0 for a cut)
    std::string sourceIn, sourceOut, recordIn, recordOut;  // timecode text as written
    int64_t sourceInFrame = 0, sourceOutFrame = 0;         // at the list's rate
    int64_t recordInFrame = 0, recordOutFrame = 0;         // record out is exclusive
    bool dropFrame = false;  // the FCM in force at this line
    std::optional<std::string> clipName;     // "* FROM CLIP NAME:" (or TO CLIP for a dissolve's in)
    std::optional<std::string> toClipName;   // "* TO CLIP NAME:"
    std::optional<std::string> sourceFile;   // "* SOURCE FILE:"
    std::optional<std::string> auxName;      // the real name of an AX reel, from its comment
    std::optional<double> speed;             // M2 playback rate in frames per second
    std::vector<std::string> comments;       // every other comment line, text after "*"
    int line = 0;                            // 1-based line number in the file

    bool isVideo() const;  // channels mention V
    bool isAudio() const;  // channels mention A (or B = both)
};

struct EdlMarker {
    std::string timecode;  // as written
    int64_t frame = 0;
    std::string color;     // "RED", "GREEN", ... or empty
    std::string name;      // the rest of the line
    int line = 0;
};

struct EdlWarning {
    int line = 0;  // 1-based; 0 for the file as a whole
    std::string message;
};

struct Edl {
    std::string title;
    FrameRate rate;               // the rate the frame counts are computed at
    bool dropFrame = false;       // the first FCM of the list
    std::vector<EdlEvent> events;
    std::vector<EdlMarker> markers;
    std::vector<EdlWarning> warnings;
};

std::string transitionName(EdlTransition t);  // "cut", "dissolve", "wipe", "key", ...

} // namespace cuesmith
