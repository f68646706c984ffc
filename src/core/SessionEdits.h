#pragma once
// Edits to a Session as pure functions: each takes a session and returns a new one, leaving the
// original untouched (that is the whole undo story). Throw SessionEditError with a one-line
// reason when an edit does not make sense. Any thread.

#include "Session.h"

#include <stdexcept>

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

// Splits a stem file name of the form <cue>_<title>_<version>_<STEM>.<ext> into its parts; parts
// that are absent are left empty ("2M07_TheChase_v3_BRS.wav" -> 2M07, TheChase, v3, BRS).
struct StemFileName {
    std::string cue, title, version, stem;
};
StemFileName parseStemFileName(std::string_view fileName);

} // namespace cuesmith
