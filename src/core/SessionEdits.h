#pragma once
// Edits to a Session as pure functions: each takes a session and returns a new one, leaving the
// original untouched (that is the whole undo story). Throw SessionEditError with a one-line
// reason when an edit does not make sense. Any thread.

#include "Session.h"

#include <optional>
#include <stdexcept>
#include <string>

namespace cuesmith {

class SessionEditError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Adds a cut version and makes it current. The first cut also sets the picture start (its first
// record in) when the session has none yet.
Session addCutVersion(const Session& session, CutVersion cut);

Session setReferenceMovie(const Session& session, ReferenceMovie movie);
Session addDialogueSource(const Session& session, DialogueSource source);

// Adds a cue. Its number must be new; its stems must be named uniquely. Every stem name without a
// bus gets one, in the stem's layout.
Session addCue(const Session& session, Cue cue);

// "Print to automation": each ducking bus (or only `bus`) gets its duck added into its volume lane
// as ordinary breakpoints (straight pieces, within 0.05 dB of the computed curve; curved volume
// points become straight pieces too) and its duck turned off, so the mixer edits the result like
// any other automation and it plays exactly as before. Mute lanes are untouched. Throws
// SessionEditError for an unknown bus.
Session printDucksToAutomation(const Session& session, std::optional<std::string> bus = std::nullopt);

// Splits a stem file name of the form <cue>_<title>_<version>_<STEM>.<ext> into its parts; parts
// that are absent are left empty ("2M07_TheChase_v3_BRS.wav" -> 2M07, TheChase, v3, BRS).
struct StemFileName {
    std::string cue, title, version, stem;
};
StemFileName parseStemFileName(std::string_view fileName);

} // namespace cuesmith
