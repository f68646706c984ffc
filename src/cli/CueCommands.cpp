// `cuesmith cue add`: bring a cue's stems into the session at their written timestamp (or a
// given timecode).

#include "CliSupport.h"
#include "core/Placement.h"
#include "core/SessionEdits.h"
#include "core/StemGrouping.h"
#include "core/Timecode.h"
#include "formats/SessionFile.h"
#include "media/SourceImport.h"
#include "media/TempoDetection.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
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
    // The names must not say the stems belong to another cue or version; without --number they
    // give the cue's number.
    std::vector<std::string> stemPaths(o.stems.begin(), o.stems.end());
    request.number = cueNumberForStems(o.number, stemPaths);
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

struct CuePlaceOptions {
    std::string session, cue, at, point, to, meter = "4/4", name, tempoList;
    double bpm = -1.0;  // -1: not given
    double stretchPercent = -1.0;
    bool detect = false;
    int64_t downbeatSample = 0;
};

std::string timecodeOf(int64_t sample, const Session& s)
{
    return formatFrames(samplesToFrames(sample, s.frameRate, s.sampleRate), s.frameRate);
}

// Loads, applies one edit, saves atomically, and says where the cue is now.
template <typename Edit>
void editCue(const std::string& path, const std::string& number, Edit&& edit)
{
    const Session session = loadSession(path);
    if (session.findCue(number) == nullptr)
        throw CliError(path + ": there is no cue " + number);
    const Session next = edit(session);
    saveSession(next, path);
    const Cue& cue = *next.findCue(number);
    std::cout << "cue " << cue.number << " starts at " << timecodeOf(cue.startSample, next) << " (sample "
              << cue.startSample << ")\n";
}

void runSpot(const CuePlaceOptions& o)
{
    editCue(o.session, o.cue, [&](const Session& s) { return spotCue(s, o.cue, resolvePicturePoint(s, o.at)); });
}

void runSync(const CuePlaceOptions& o)
{
    editCue(o.session, o.cue, [&](const Session& s) {
        const int64_t cuePoint = resolveCuePoint(*s.findCue(o.cue), o.point);
        const int64_t picturePoint = resolvePicturePoint(s, o.to);
        std::cout << "syncing " << o.cue << " " << o.point << " to " << o.to << " at " << timecodeOf(picturePoint, s)
                  << "\n";
        return syncCue(s, o.cue, cuePoint, picturePoint);
    });
}

void runTempo(const CuePlaceOptions& o)
{
    const auto meter = parseMeter(o.meter);
    if (!meter)
        throw CliError("--meter '" + o.meter + "' is not a meter like 4/4 or 6/8");
    if (int(o.detect) + int(o.bpm >= 0.0) + int(!o.tempoList.empty()) != 1)
        throw CliError("give one of --bpm, --tempo-list or --detect");
    std::vector<TempoSection> sections{{0.0, o.bpm}};
    if (!o.tempoList.empty()) {
        const auto list = parseTempoList(o.tempoList, meter->first);
        if (!list)
            throw CliError("--tempo-list '" + o.tempoList + "' is not a list like 1=96,17=120 (bar=bpm)");
        sections = *list;
    }
    editCue(o.session, o.cue, [&](const Session& s) {
        Session next = s;
        for (auto& cue : next.cues)
            if (cue.number == o.cue && o.detect) {
                const TempoDetectionResult found = detectCueTempo(cue, s.sampleRate, meter->first, meter->second);
                cue.tempo = found.map;
                std::printf("cue %s: %.1f bpm from %zu detected beats on %s (confidence %.2f); bar 1 is the first beat"
                            " (check it, and halve the tempo if it runs double)\n",
                            cue.number.c_str(), found.bpm, found.detectedBeats,
                            found.fromPercussion ? "the percussion stems" : "all stems", found.confidence);
            } else if (cue.number == o.cue) {
                try {
                    cue.tempo = tempoMapFromSections(sections, meter->first, meter->second, o.downbeatSample,
                                                     cue.lengthSamples, s.sampleRate);
                } catch (const std::invalid_argument& e) {
                    throw CliError("cue " + cue.number + ": " + e.what());
                }
                std::cout << "cue " << cue.number << ": " << cue.tempo->beats.size() << " beats, "
                          << barLines(*cue.tempo).size() << " bars of " << o.meter << " at ";
                if (o.tempoList.empty())
                    std::cout << o.bpm << " bpm\n";
                else
                    std::cout << "bar=bpm " << o.tempoList << "\n";
            }
        return next;
    });
}

void runMarker(const CuePlaceOptions& o)
{
    editCue(o.session, o.cue, [&](const Session& s) {
        Session next = s;
        for (auto& cue : next.cues)
            if (cue.number == o.cue) {
                const int64_t sample = resolveCuePoint(cue, o.at);
                cue.markers.erase(std::remove_if(cue.markers.begin(), cue.markers.end(),
                                                 [&](const auto& m) { return m.first == o.name; }),
                                  cue.markers.end());
                cue.markers.emplace_back(o.name, sample);
            }
        return next;
    });
}

// The most a fit may stretch this cue. 0 forbids stretching it (a solo voice, a sync-sound
// source); 50 % is as far as the session file accepts and beyond what any stretch survives.
void runLimit(const CuePlaceOptions& o)
{
    if (!(o.stretchPercent >= 0.0 && o.stretchPercent <= 50.0)) {
        char given[32];
        std::snprintf(given, sizeof given, "%g", o.stretchPercent);
        throw CliError("cue " + o.cue + ": --stretch " + given + " is not a limit between 0 and 50 %");
    }
    editCue(o.session, o.cue, [&](const Session& s) {
        Session next = s;
        for (auto& cue : next.cues)
            if (cue.number == o.cue) {
                cue.stretchLimit = o.stretchPercent / 100.0;
                std::printf("cue %s: fitting may stretch it by at most %.2f %%\n", cue.number.c_str(), o.stretchPercent);
            }
        return next;
    });
}

} // namespace

void addCueCommands(CLI::App& app)
{
    auto* cue = app.add_subcommand("cue", "Manage music cues");
    cue->require_subcommand(1);
    auto o = std::make_shared<CueAddOptions>();
    auto* add = cue->add_subcommand("add", "Add a cue from its stems");
    add->add_option("SESSION", o->session, "The .cuesmith file")->required();
    add->add_option("--number", o->number, "Cue number, like 2M07 (default: from the stem file names)");
    add->add_option("--title", o->title, "Cue title (default: from the stem file names)");
    add->add_option("--stems", o->stems, "The stem files (same start, length and rate)")->required()->expected(1, -1);
    add->add_option("--at", o->at, "Start timecode (default: the stems' BWF TimeReference)");
    add->callback([o] { runCueAdd(*o); });
    addCueImportCommand(*cue);

    auto p = std::make_shared<CuePlaceOptions>();
    auto* spot = cue->add_subcommand("spot", "Move a cue so it starts at a timecode, picture marker or edit point");
    spot->add_option("SESSION", p->session, "The .cuesmith file")->required();
    spot->add_option("--cue", p->cue, "Cue number")->required();
    spot->add_option("--at", p->at, "Timecode, picture marker name, or cut:<n> (the nth edit)")->required();
    spot->callback([p] { runSpot(*p); });

    auto* sync = cue->add_subcommand("sync", "Move a cue so a point inside it lands on a point in the picture");
    sync->add_option("SESSION", p->session, "The .cuesmith file")->required();
    sync->add_option("--cue", p->cue, "Cue number")->required();
    sync->add_option("--point", p->point, "Point in the cue: bar.beat, s:<sample>, end, or a cue marker")->required();
    sync->add_option("--to", p->to, "Point in the picture: timecode, marker name, or cut:<n>")->required();
    sync->callback([p] { runSync(*p); });

    auto* tempo = cue->add_subcommand("tempo", "Give a cue its tempo and meter, so edits can snap to bars");
    tempo->add_option("SESSION", p->session, "The .cuesmith file")->required();
    tempo->add_option("--cue", p->cue, "Cue number")->required();
    tempo->add_option("--bpm", p->bpm, "Beats per minute");
    tempo->add_option("--tempo-list", p->tempoList, "Tempo changes at bar downbeats, bar=bpm: 1=96,17=120");
    tempo->add_flag("--detect", p->detect, "Find the beats in the stems (aubio) instead");
    tempo->add_option("--meter", p->meter, "Meter, like 4/4 or 6/8")->default_val("4/4");
    tempo->add_option("--downbeat", p->downbeatSample, "Sample of bar 1 beat 1, from the cue's start")->default_val(0);
    tempo->callback([p] { runTempo(*p); });

    auto* marker = cue->add_subcommand("marker", "Name a point inside a cue (a hit point)");
    marker->add_option("SESSION", p->session, "The .cuesmith file")->required();
    marker->add_option("--cue", p->cue, "Cue number")->required();
    marker->add_option("--name", p->name, "Marker name")->required();
    marker->add_option("--at", p->at, "bar.beat or s:<sample>")->required();
    marker->callback([p] { runMarker(*p); });

    auto* limit = cue->add_subcommand("limit", "Set how far fitting may time-stretch a cue");
    limit->add_option("SESSION", p->session, "The .cuesmith file")->required();
    limit->add_option("--cue", p->cue, "Cue number")->required();
    limit->add_option("--stretch", p->stretchPercent, "Largest stretch either way, in percent (0-50; default 5)")
        ->required();
    limit->callback([p] { runLimit(*p); });
}

} // namespace cuesmith
