#include "MixCommands.h"

#include "CliSupport.h"
#include "core/DuckCurve.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"
#include "formats/SessionFile.h"
#include "media/DialogueDetection.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <optional>

namespace cuesmith {

namespace {

int64_t timecodeOption(const std::string& option, const std::string& text, const Session& session)
{
    const auto frames = parseTimecodeFrames(text, session.frameRate);
    if (!frames)
        throw CliError(option + " '" + text + "' is not a timecode at " + frameRateName(session.frameRate));
    return framesToSamples(*frames, session.frameRate, session.sampleRate);
}

StemBus& findBus(Session& session, const std::string& name)
{
    for (auto& b : session.buses)
        if (b.name == name)
            return b;
    std::string known;
    for (const auto& b : session.buses)
        known += (known.empty() ? "" : ", ") + b.name;
    throw CliError("no stem bus named " + name + " (the session has: " + (known.empty() ? "none" : known) + ")");
}

bool onOff(const std::string& option, const std::string& text)
{
    if (text == "on")
        return true;
    if (text == "off")
        return false;
    throw CliError(option + " takes on or off, not '" + text + "'");
}

// A setting's value as a person writes it: -200, 0.5, 1e+09 (not -200.000000).
std::string number(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%g", value);
    return text;
}

// Brings a setting inside its range, saying so: absurd values are clamped, never obeyed.
double clampSetting(const std::string& what, double value, double low, double high, const std::string& unit)
{
    if (std::isnan(value))
        throw CliError(what + " is not a number");
    const double c = std::clamp(value, low, high);
    if (c != value)
        printWarning(what + " " + number(value) + " " + unit + " is outside " + number(low) + " to " + number(high)
                     + " " + unit + "; using " + number(c) + " " + unit);
    return c;
}

// ---- mix ---------------------------------------------------------------------------------------

struct MixOptions {
    std::string session, output, bus;
    std::string duck, eq, eqSurrounds, eqLfe;
    std::optional<double> depth, lead, hold, release, maxSlope, eqLow, eqHigh, eqDepth;
    std::vector<std::string> volume, mute, unmute, removePoints;
    bool clearAutomation = false;
};

void runMix(const MixOptions& o)
{
    const Session session = loadSession(o.session);
    Session next = session;
    StemBus& bus = findBus(next, o.bus);
    if (!o.duck.empty()) {
        bus.duck.enabled = onOff("--duck", o.duck);
        if (bus.duck.enabled && bus.duck.printed) {
            if (!o.clearAutomation)
                printWarning(bus.name + ": its duck was printed into the volume lane; with the duck on as well it "
                             "ducks twice (add --clear-automation to start again from the live duck)");
            bus.duck.printed = false;
        }
    }
    if (o.depth)
        bus.duck.depthDb = clampSetting("--depth", *o.depth, -40.0, 0.0, "dB");
    if (o.lead)
        bus.duck.leadMs = clampSetting("--lead", *o.lead, 0.0, 5000.0, "ms");
    if (o.hold)
        bus.duck.holdMs = clampSetting("--hold", *o.hold, 0.0, 10000.0, "ms");
    if (o.release)
        bus.duck.releaseMs = clampSetting("--release", *o.release, 10.0, 10000.0, "ms");
    if (o.maxSlope)
        bus.duck.maxSlopeDbPerSecond = clampSetting("--max-slope", *o.maxSlope, 0.5, 200.0, "dB/s");
    if (!o.eq.empty())
        bus.eq.enabled = onOff("--eq", o.eq);
    if (o.eqLow)
        bus.eq.lowHz = clampSetting("--eq-low", *o.eqLow, 20.0, 20000.0, "Hz");
    if (o.eqHigh)
        bus.eq.highHz = clampSetting("--eq-high", *o.eqHigh, 20.0, 20000.0, "Hz");
    if (bus.eq.highHz <= bus.eq.lowHz)
        throw CliError("the dialogue EQ band must have --eq-low below --eq-high");
    if (o.eqDepth)
        bus.eq.maxDepthDb = clampSetting("--eq-depth", *o.eqDepth, -24.0, 0.0, "dB");
    if (!o.eqSurrounds.empty())
        bus.eq.includeSurrounds = onOff("--eq-surrounds", o.eqSurrounds);
    if (!o.eqLfe.empty())
        bus.eq.includeLfe = onOff("--eq-lfe", o.eqLfe);
    if (o.clearAutomation)
        bus.automation = {};
    std::stable_sort(bus.automation.volume.begin(), bus.automation.volume.end(),
                     [](const VolumePoint& a, const VolumePoint& b) { return a.sample < b.sample; });
    std::stable_sort(bus.automation.mute.begin(), bus.automation.mute.end(),
                     [](const MutePoint& a, const MutePoint& b) { return a.sample < b.sample; });
    // Removals first, so a point is moved by removing it and placing it again in one command.
    for (const auto& r : o.removePoints) {
        const int64_t at = timecodeOption("--remove-point", r, session);
        const bool removedVolume = removeVolumePoint(bus.automation, at);
        const bool removedMute = removeMutePoint(bus.automation, at);
        if (!removedVolume && !removedMute)
            throw CliError(bus.name + " has no automation point at " + r);
    }
    for (const auto& v : o.volume) {
        // TC=DB or TC=DB:curve
        const auto eq = v.find('=');
        if (eq == std::string::npos)
            throw CliError("--volume takes TIMECODE=DB[:linear|smooth|fast|slow], not '" + v + "'");
        const std::string rest = v.substr(eq + 1);
        const auto colon = rest.find(':');
        VolumePoint p;
        p.sample = timecodeOption("--volume", v.substr(0, eq), session);
        try {
            size_t used = 0;
            p.decibels = std::stod(rest.substr(0, colon), &used);
            if (used != rest.substr(0, colon).size())
                throw std::invalid_argument("trailing text");
        } catch (const std::exception&) {
            throw CliError("--volume '" + v + "': '" + rest.substr(0, colon) + "' is not a level in dB");
        }
        p.decibels = clampSetting("--volume level", p.decibels, -120.0, 12.0, "dB");
        if (colon != std::string::npos) {
            const auto curve = parseAutomationCurve(rest.substr(colon + 1));
            if (!curve)
                throw CliError("--volume '" + v + "': the curve is linear, smooth, fast or slow");
            p.curve = *curve;
        }
        setVolumePoint(bus.automation, p);  // a point at the same time is replaced
    }
    for (const auto& m : o.mute)
        setMutePoint(bus.automation, {timecodeOption("--mute", m, session), true});
    for (const auto& m : o.unmute)
        setMutePoint(bus.automation, {timecodeOption("--unmute", m, session), false});
    saveSession(next, o.output.empty() ? o.session : o.output);
    const auto& d = bus.duck;
    std::cout << bus.name << ": duck " << (d.enabled ? "on" : "off") << " " << d.depthDb << " dB, lead " << d.leadMs
              << " ms, hold " << d.holdMs << " ms, release " << d.releaseMs << " ms, max " << d.maxSlopeDbPerSecond
              << " dB/s; dialogue EQ " << (bus.eq.enabled ? "on" : "off") << " " << bus.eq.lowHz << "-" << bus.eq.highHz
              << " Hz to " << bus.eq.maxDepthDb << " dB" << (bus.eq.includeSurrounds ? " incl. surrounds" : "")
              << (bus.eq.includeLfe ? " incl. LFE" : "")
              << "; " << bus.automation.volume.size() << " volume and " << bus.automation.mute.size()
              << " mute points\n";
}

// ---- duck --------------------------------------------------------------------------------------

struct DuckOptions {
    std::string session, output, bus;
    bool print = false, json = false;
};

void runDuck(const DuckOptions& o)
{
    const Session session = loadSession(o.session);
    const auto speech = session.speech();
    if (session.dialogue.empty() && speech.empty())
        printWarning(o.session + ": no dialogue source and no speech regions: nothing to duck under");
    nlohmann::json buses = nlohmann::json::array();
    for (const auto& b : session.buses) {
        if (!o.bus.empty() && b.name != o.bus)
            continue;
        const GainEnvelope curve = duckCurve(speech, b.duck, session.sampleRate);
        const auto phrases = speechPhrases(speech, static_cast<int64_t>(std::llround(clamped(b.duck).holdMs * static_cast<double>(session.sampleRate) / 1000.0)));
        buses.push_back({{"bus", b.name},
                         {"enabled", b.duck.enabled},
                         {"depth_db", b.duck.depthDb},
                         {"ducks", b.duck.enabled ? phrases.size() : 0},
                         {"points", curve.points().size()},
                         {"steepest_db_per_s", curve.steepestSlope(session.sampleRate)}});
    }
    if (!o.bus.empty() && buses.empty())
        throw CliError("no stem bus named " + o.bus);
    if (o.print) {
        const Session next = printDucksToAutomation(session, o.bus.empty() ? std::nullopt : std::optional(o.bus));
        saveSession(next, o.output.empty() ? o.session : o.output);
    }
    if (o.json) {
        printJson({{"speech_regions", speech.size()}, {"printed", o.print}, {"buses", buses}});
        return;
    }
    std::cout << speech.size() << " speech regions\n";
    for (const auto& b : buses)
        std::cout << "  " << b["bus"].get<std::string>() << ": "
                  << (b["enabled"].get<bool>() ? std::to_string(b["ducks"].get<size_t>()) + " ducks to "
                                                     + std::to_string(b["depth_db"].get<double>()) + " dB"
                                               : std::string("no duck"))
                  << "\n";
    if (o.print)
        std::cout << "printed to automation in " << (o.output.empty() ? o.session : o.output) << "\n";
}

// ---- dialogue add / remove / nudge --------------------------------------------------------------

struct SpeechEditOptions {
    std::string session, from, to, at, output;
    double byMs = 0.0;
    bool startEdge = false, endEdge = false;
};

void runSpeechEdit(const SpeechEditOptions& o, SpeechEdit::Kind kind)
{
    const Session session = loadSession(o.session);
    Session next = session;
    const int64_t from = timecodeOption("--from", o.from, session);
    const int64_t to = timecodeOption("--to", o.to, session);
    if (to <= from)
        throw CliError("--to must be after --from");
    next.speechEdits.push_back({kind, from, to});
    saveSession(next, o.output.empty() ? o.session : o.output);
    std::cout << next.speech().size() << " speech regions\n";
}

void runNudge(const SpeechEditOptions& o)
{
    if (o.startEdge == o.endEdge)
        throw CliError("dialogue nudge needs exactly one of --start or --end");
    const Session session = loadSession(o.session);
    Session next = session;
    const int64_t at = timecodeOption("--at", o.at, session);
    const auto delta = static_cast<int64_t>(std::llround(o.byMs * static_cast<double>(session.sampleRate) / 1000.0));
    const auto edits = nudgeEdits(session.speech(), at, o.startEdge, delta);
    if (edits.empty())
        throw CliError("no speech region at " + o.at + " to nudge");
    next.speechEdits.insert(next.speechEdits.end(), edits.begin(), edits.end());
    saveSession(next, o.output.empty() ? o.session : o.output);
    std::cout << next.speech().size() << " speech regions\n";
}

// ---- dialogue detect ----------------------------------------------------------------------------

struct DetectOptions {
    std::string target, output;
    int channel = 1;
    std::optional<int> stream;  // 1-based among the file's audio streams
    SpeechDetectorSettings settings;
    bool json = false;
};

nlohmann::json regionsJson(const std::vector<SpeechRegion>& regions, int64_t origin, int64_t rate)
{
    nlohmann::json out = nlohmann::json::array();
    for (const auto& r : regions)
        out.push_back({{"start", static_cast<double>(r.start - origin) / static_cast<double>(rate)},
                       {"end", static_cast<double>(r.end - origin) / static_cast<double>(rate)},
                       {"confidence", r.confidence}});
    return out;
}

void runDetect(const DetectOptions& o)
{
    const bool isSession = std::filesystem::path(o.target).extension() == ".cuesmith";
    if (!isSession) {
        if (o.stream && *o.stream < 1)
            throw CliError("--stream counts audio streams from 1, not " + std::to_string(*o.stream));
        const DetectedSpeech found = detectSpeechInAudioStream(
            o.target, o.channel - 1, o.stream ? std::optional<int>(*o.stream - 1) : std::nullopt, o.settings);
        if (found.regions.empty())
            printWarning(o.target + ": no speech found");
        if (o.json) {
            printJson({{"file", o.target},
                       {"sample_rate", found.sampleRate},
                       {"seconds", static_cast<double>(found.frames) / found.sampleRate},
                       {"regions", regionsJson(found.regions, 0, found.sampleRate)}});
            return;
        }
        for (const auto& r : regionsJson(found.regions, 0, found.sampleRate))
            std::printf("%9.2f  %9.2f  %.2f\n", r["start"].get<double>(), r["end"].get<double>(),
                        r["confidence"].get<double>());
        std::cout << found.regions.size() << " speech regions\n";
        return;
    }
    const Session session = loadSession(o.target);
    if (session.dialogue.empty())
        throw CliError(o.target + ": has no dialogue source (add one with `cuesmith new --dialogue`)");
    if (o.stream)
        printWarning("--stream applies to a file; a session's sources keep the stream they were added with");
    const SessionSpeechDetection detected = detectSpeechInSession(session, o.settings);
    const Session& next = detected.session;
    nlohmann::json regions = nlohmann::json::array(), sources = nlohmann::json::array();
    for (size_t i = 0; i < session.dialogue.size(); ++i) {
        const auto& source = session.dialogue[i];
        const auto& found = detected.perSource[i];
        if (found.empty())
            printWarning(source.path + ": no speech found");
        const auto j = regionsJson(found, source.startSample, session.sampleRate);
        regions.insert(regions.end(), j.begin(), j.end());
        sources.push_back({{"name", source.name}, {"path", source.path}, {"regions", j}});
    }
    saveSession(next, o.output.empty() ? o.target : o.output);
    const auto effective = next.speech();
    if (o.json) {
        nlohmann::json timeline = nlohmann::json::array();
        for (const auto& r : effective)
            timeline.push_back({{"start", formatFrames(samplesToFrames(r.start, session.frameRate, session.sampleRate), session.frameRate)},
                                {"end", formatFrames(samplesToFrames(r.end, session.frameRate, session.sampleRate), session.frameRate)},
                                {"start_sample", r.start},
                                {"end_sample", r.end}});
        printJson({{"regions", regions}, {"sources", sources}, {"with_hand_edits", timeline}});
        return;
    }
    std::cout << next.detectedSpeech.size() << " speech regions detected, " << effective.size()
              << " after hand edits; saved to " << (o.output.empty() ? o.target : o.output) << "\n";
}

} // namespace

void addDialogueEditCommands(CLI::App& dialogue)
{
    auto d = std::make_shared<DetectOptions>();
    auto* detect = dialogue.add_subcommand("detect", "Find the speech in a session's dialogue, or in an audio file");
    detect->add_option("TARGET", d->target, "A .cuesmith session (stores the regions) or an audio/movie file")->required();
    detect->add_option("--channel", d->channel, "File: the channel carrying dialogue, 1-based within its audio stream")
        ->default_val(1);
    detect->add_option("--stream", d->stream,
                       "File: which audio stream, counting audio streams only from 1 (2 = a movie's second audio "
                       "stream, whatever picture or timecode streams come first); default the first");
    detect->add_option("--threshold", d->settings.threshold, "Confidence a frame needs to count as speech (0..1)");
    detect->add_option("--confirmation", d->settings.confirmation,
                       "A region is kept only if its confidence reaches this somewhere (threshold..0.99)");
    detect->add_option("--min-pause", d->settings.minimumPauseSeconds, "Shorter gaps are bridged, seconds");
    detect->add_option("--hangover", d->settings.hangoverSeconds, "Each region runs on this long, seconds");
    detect->add_option("--min-speech", d->settings.minimumSpeechSeconds, "Shorter bursts are dropped, seconds");
    detect->add_option("-o,--output", d->output, "Session: write a new session instead of updating TARGET");
    detect->add_flag("--json", d->json, "Regions as JSON: start/end in seconds from the start of the audio");
    detect->callback([d] { runDetect(*d); });

    for (const auto kind : {SpeechEdit::Kind::Add, SpeechEdit::Kind::Remove}) {
        const bool add = kind == SpeechEdit::Kind::Add;
        auto o = std::make_shared<SpeechEditOptions>();
        auto* cmd = dialogue.add_subcommand(add ? "add" : "remove",
                                            add ? "Mark a range as speech by hand (wins over detection)"
                                                : "Mark a range as free of speech by hand (wins over detection)");
        cmd->add_option("SESSION", o->session, "The .cuesmith file")->required();
        cmd->add_option("--from", o->from, "Start timecode")->required();
        cmd->add_option("--to", o->to, "End timecode (exclusive)")->required();
        cmd->add_option("-o,--output", o->output, "Write a new session instead of updating SESSION");
        cmd->callback([o, kind] { runSpeechEdit(*o, kind); });
    }
    auto n = std::make_shared<SpeechEditOptions>();
    auto* nudge = dialogue.add_subcommand("nudge", "Move the start or end of the speech region at a timecode");
    nudge->add_option("SESSION", n->session, "The .cuesmith file")->required();
    nudge->add_option("--at", n->at, "A timecode inside the region")->required();
    nudge->add_flag("--start", n->startEdge, "Move its start");
    nudge->add_flag("--end", n->endEdge, "Move its end");
    nudge->add_option("--by", n->byMs, "Milliseconds, negative for earlier")->required();
    nudge->add_option("-o,--output", n->output, "Write a new session instead of updating SESSION");
    nudge->callback([n] { runNudge(*n); });
}

void addMixCommands(CLI::App& app)
{
    auto m = std::make_shared<MixOptions>();
    auto* mix = app.add_subcommand("mix", "Set a stem bus's duck, dialogue EQ and automation");
    mix->add_option("SESSION", m->session, "The .cuesmith file")->required();
    mix->add_option("--bus", m->bus, "Stem bus name (STR, BRS, ...)")->required();
    mix->add_option("--duck", m->duck, "on or off");
    mix->add_option("--depth", m->depth, "Duck depth in dB (-40..0)");
    mix->add_option("--lead", m->lead, "Shortest down ramp, ending as the line starts, ms");
    mix->add_option("--hold", m->hold, "Pauses shorter than this stay ducked, ms");
    mix->add_option("--release", m->release, "Shortest up ramp after a phrase, ms");
    mix->add_option("--max-slope", m->maxSlope, "Steepest duck move, dB per second");
    mix->add_option("--eq", m->eq, "Dialogue-band EQ on or off");
    mix->add_option("--eq-low", m->eqLow, "Dialogue band low edge, Hz");
    mix->add_option("--eq-high", m->eqHigh, "Dialogue band high edge, Hz");
    mix->add_option("--eq-depth", m->eqDepth, "Deepest dialogue-band cut, dB (-24..0)");
    mix->add_option("--eq-surrounds", m->eqSurrounds, "Also cut the surrounds (5.1/7.1 buses): on or off");
    mix->add_option("--eq-lfe", m->eqLfe, "Also cut the LFE (5.1/7.1 buses): on or off");
    mix->add_option("--volume", m->volume,
                    "Volume point TIMECODE=DB[:linear|smooth|fast|slow] (repeatable; replaces a point at that time)");
    mix->add_option("--mute", m->mute, "Mute from TIMECODE (repeatable)");
    mix->add_option("--unmute", m->unmute, "Unmute from TIMECODE (repeatable)");
    mix->add_flag("--clear-automation", m->clearAutomation, "Remove the bus's volume and mute points first");
    mix->add_option("--remove-point", m->removePoints,
                    "Remove the volume and mute points at TIMECODE (repeatable; before any point is placed, so "
                    "--remove-point A --volume B=DB moves one)");
    mix->add_option("-o,--output", m->output, "Write a new session instead of updating SESSION");
    mix->callback([m] { runMix(*m); });

    auto d = std::make_shared<DuckOptions>();
    auto* duck = app.add_subcommand("duck", "Show the ducks computed from the speech, or print them to automation");
    duck->add_option("SESSION", d->session, "The .cuesmith file")->required();
    duck->add_flag("--print", d->print, "Write each duck into its bus's volume automation and turn the duck off");
    duck->add_option("--bus", d->bus, "Only this stem bus");
    duck->add_option("-o,--output", d->output, "With --print: write a new session instead of updating SESSION");
    duck->add_flag("--json", d->json, "Machine-readable output");
    duck->callback([d] { runDuck(*d); });
}

} // namespace cuesmith
