// `cuesmith cue add`: bring a cue's stems into the session at their written timestamp (or a
// given timecode).

#include "CliSupport.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"
#include "formats/SessionFile.h"
#include "media/SourceImport.h"

#include <CLI/CLI.hpp>
#include <iostream>

namespace cuesmith {

namespace {

struct CueAddOptions {
    std::string session, number, title, at;
    std::vector<std::string> stems;
};

void runCueAdd(const CueAddOptions& o)
{
    const Session session = loadSession(o.session);
    CueImportRequest request;
    request.number = o.number;
    if (!o.title.empty())
        request.title = o.title;
    for (const auto& s : o.stems)
        request.stems.emplace_back(s);
    if (!o.at.empty()) {
        const auto frames = parseTimecodeFrames(o.at, session.frameRate);
        if (!frames)
            throw CliError("--at '" + o.at + "' is not a timecode at " + frameRateName(session.frameRate));
        request.startSample = framesToSamples(*frames, session.frameRate, session.sampleRate);
    }
    const Cue cue = importCue(request, session);
    const Session next = addCue(session, cue);
    saveSession(next, o.session);
    std::cout << "added cue " << cue.number << " '" << cue.title << "' with " << cue.stems.size() << " stems at "
              << formatFrames(samplesToFrames(cue.startSample, session.frameRate, session.sampleRate), session.frameRate)
              << ", length " << describeDuration(cue.lengthSamples, session) << "\n";
}

} // namespace

void addCueCommands(CLI::App& app)
{
    auto* cue = app.add_subcommand("cue", "Manage music cues");
    cue->require_subcommand(1);
    auto o = std::make_shared<CueAddOptions>();
    auto* add = cue->add_subcommand("add", "Add a cue from its stems");
    add->add_option("SESSION", o->session, "The .cuesmith file")->required();
    add->add_option("--number", o->number, "Cue number, like 2M07")->required();
    add->add_option("--title", o->title, "Cue title (default: from the stem file names)");
    add->add_option("--stems", o->stems, "The stem files (same start, length and rate)")->required()->expected(1, -1);
    add->add_option("--at", o->at, "Start timecode (default: the stems' BWF TimeReference)");
    add->callback([o] { runCueAdd(*o); });
}

} // namespace cuesmith
