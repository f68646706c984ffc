// `cuesmith new`, `cuesmith cut add`, `cuesmith info`: create a session from a cut, add cut
// versions, and summarise a session.

#include "CliSupport.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"
#include "formats/AtomicFile.h"
#include "formats/EdlReader.h"
#include "formats/TextEncoding.h"
#include "formats/SessionFile.h"
#include "media/DialogueDetection.h"
#include "media/SourceImport.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>

namespace cuesmith {

namespace {

struct NewOptions {
    std::string session, edl, rate, movie, dialogue, name;
    int64_t sampleRate = 48000;
    int dialogueChannel = 1;
    int dialogueStream = 1;
    bool force = false;
};

struct CutAddOptions {
    std::string session, edl, name;
};

struct InfoOptions {
    std::string session;
    bool json = false;
};

CutVersion readCutVersion(const std::string& path, const std::optional<FrameRate>& rate, const std::string& name)
{
    CutVersion cut;
    cut.sourcePath = std::filesystem::absolute(path).lexically_normal().string();
    cut.edlText = toUtf8(readWholeFile(path));  // kept as UTF-8 so the session file holds it losslessly
    cut.edl = readEdl(cut.edlText, EdlReadOptions{rate, false});
    cut.name = name;
    for (const auto& w : cut.edl.warnings)
        printWarning(path + ":" + std::to_string(w.line) + ": " + w.message);
    if (cut.edl.events.empty())
        throw CliError(path + ": has no events");
    return cut;
}

void runNew(const NewOptions& o)
{
    if (std::filesystem::exists(o.session) && !o.force)
        throw CliError(o.session + ": already exists (use --force to replace it)");
    if (o.sampleRate < 8000 || o.sampleRate > 384000)
        throw CliError("--sample-rate " + std::to_string(o.sampleRate) + " is not a usable sample rate");

    std::optional<FrameRate> rate;
    if (!o.rate.empty())
        rate = parseRateOption(o.rate);
    CutVersion cut = readCutVersion(o.edl, rate, "v1");

    Session session;
    session.projectName = o.name.empty() ? (cut.edl.title.empty() ? std::filesystem::path(o.session).stem().string()
                                                                  : cut.edl.title)
                                         : o.name;
    session.frameRate = cut.edl.rate;
    session.sampleRate = o.sampleRate;
    session = addCutVersion(session, std::move(cut));
    if (!o.movie.empty())
        session = setReferenceMovie(session, importReferenceMovie(o.movie, session));
    size_t speechRegions = 0;
    if (!o.dialogue.empty()) {
        if (o.dialogueStream < 1)
            throw CliError("--dialogue-stream counts audio streams from 1, not " + std::to_string(o.dialogueStream));
        if (o.dialogueChannel < 1)
            throw CliError("--dialogue-channel counts channels from 1, not " + std::to_string(o.dialogueChannel));
        session = addDialogueSource(session, importDialogueSource(o.dialogue, session, o.dialogueChannel - 1, o.dialogueStream - 1));
        // Detect at once, as `dialogue detect SESSION` would, so the first render already ducks
        // and carves the dialogue band under the words.
        const SessionSpeechDetection detected = detectSpeechInSession(session);
        for (size_t i = 0; i < detected.perSource.size(); ++i)
            if (detected.perSource[i].empty())
                printWarning(session.dialogue[i].path + ": no speech found");
        session = detected.session;
        speechRegions = session.speech().size();
    }
    saveSession(session, o.session);
    std::cout << "created " << o.session << ": " << session.projectName << ", " << frameRateName(session.frameRate)
              << " fps, " << session.sampleRate << " Hz, picture starts "
              << formatFrames(session.pictureStartFrame, session.frameRate) << "\n";
    if (!session.dialogue.empty())
        std::cout << "dialogue " << session.dialogue.front().name << " at "
                  << formatFrames(samplesToFrames(session.dialogue.front().startSample, session.frameRate, session.sampleRate),
                                  session.frameRate)
                  << ": " << speechRegions << " speech regions detected\n";
}

void runCutAdd(const CutAddOptions& o)
{
    const Session session = loadSession(o.session);
    const std::string name = o.name.empty() ? "v" + std::to_string(session.cuts.size() + 1) : o.name;
    for (const auto& existing : session.cuts)
        if (existing->name == name)
            throw CliError(o.session + ": already has a cut version named " + name);
    const Session next = addCutVersion(session, readCutVersion(o.edl, session.frameRate, name));
    saveSession(next, o.session);
    std::cout << "added cut " << name << " to " << o.session << " (" << next.currentCutVersion()->edl.events.size()
              << " events); it is now the current cut\n";
}

nlohmann::json sessionSummaryJson(const Session& s)
{
    nlohmann::json j;
    j["project"] = s.projectName;
    j["frame_rate"] = frameRateName(s.frameRate);
    j["sample_rate"] = s.sampleRate;
    j["picture_start"] = formatFrames(s.pictureStartFrame, s.frameRate);
    j["picture_start_sample"] = s.pictureStartSample();
    j["picture_length_samples"] = s.pictureLengthSamples();
    j["current_cut"] = s.currentCutVersion() ? nlohmann::json(s.currentCutVersion()->name) : nlohmann::json(nullptr);
    j["cuts"] = nlohmann::json::array();
    for (const auto& cut : s.cuts) {
        const auto start = cutStartFrame(cut->edl), end = cutEndFrame(cut->edl);
        j["cuts"].push_back({{"name", cut->name},
                             {"title", cut->edl.title},
                             {"events", cut->edl.events.size()},
                             {"markers", cut->edl.markers.size()},
                             {"warnings", cut->edl.warnings.size()},
                             {"start", start ? formatFrames(*start, s.frameRate) : ""},
                             {"end", end ? formatFrames(*end, s.frameRate) : ""},
                             {"length_frames", start && end ? *end - *start : 0}});
    }
    j["movie"] = nullptr;
    if (s.movie)
        j["movie"] = {{"path", s.movie->path},
                      {"start", formatFrames(samplesToFrames(s.movie->startSample, s.frameRate, s.sampleRate), s.frameRate)},
                      {"length_samples", s.movie->lengthSamples},
                      {"has_audio", s.movie->hasAudio}};
    j["dialogue"] = nlohmann::json::array();
    for (const auto& d : s.dialogue)
        j["dialogue"].push_back({{"name", d.name},
                                 {"path", d.path},
                                 {"start", formatFrames(samplesToFrames(d.startSample, s.frameRate, s.sampleRate), s.frameRate)},
                                 {"start_sample", d.startSample},
                                 {"length_samples", d.lengthSamples},
                                 {"channel", d.channel + 1}});
    j["speech_regions"] = s.speech().size();
    j["cues"] = nlohmann::json::array();
    for (const auto& c : s.cues) {
        nlohmann::json stems = nlohmann::json::array();
        for (const auto& st : c.stems)
            stems.push_back({{"name", st.name}, {"path", st.path}, {"layout", channelLayoutName(st.layout)}});
        j["cues"].push_back({{"number", c.number},
                             {"title", c.title},
                             {"version", c.version},
                             {"start", formatFrames(samplesToFrames(c.startSample, s.frameRate, s.sampleRate), s.frameRate)},
                             {"start_sample", c.startSample},
                             {"length_samples", c.lengthSamples},
                             {"stems", stems}});
    }
    j["buses"] = nlohmann::json::array();
    for (const auto& b : s.buses)
        j["buses"].push_back({{"name", b.name}, {"layout", channelLayoutName(b.layout)}});
    return j;
}

void printSessionText(const Session& s)
{
    auto tcOf = [&](int64_t sample) {
        return formatFrames(samplesToFrames(sample, s.frameRate, s.sampleRate), s.frameRate);
    };
    std::cout << "project   " << s.projectName << "\n"
              << "rate      " << frameRateName(s.frameRate) << " fps, " << s.sampleRate << " Hz\n"
              << "picture   starts " << formatFrames(s.pictureStartFrame, s.frameRate) << ", length "
              << describeDuration(s.pictureLengthSamples(), s) << "\n";
    if (s.movie)
        std::cout << "movie     " << s.movie->path << " at " << tcOf(s.movie->startSample)
                  << (s.movie->hasAudio ? "" : " (no audio)") << "\n";
    std::cout << "\ncut versions (" << s.cuts.size() << ")\n";
    for (size_t i = 0; i < s.cuts.size(); ++i) {
        const auto& cut = *s.cuts[i];
        const auto start = cutStartFrame(cut.edl), end = cutEndFrame(cut.edl);
        std::printf("  %s %-6s %4zu events %3zu markers  %s to %s  %s\n",
                    static_cast<int>(i) == s.currentCut ? "*" : " ", cut.name.c_str(), cut.edl.events.size(),
                    cut.edl.markers.size(), start ? formatFrames(*start, s.frameRate).c_str() : "-",
                    end ? formatFrames(*end, s.frameRate).c_str() : "-", cut.edl.title.c_str());
    }
    std::cout << "\ndialogue (" << s.dialogue.size() << ")\n";
    for (const auto& d : s.dialogue)
        std::cout << "  " << d.name << " at " << tcOf(d.startSample) << ", " << describeDuration(d.lengthSamples, s)
                  << "\n";
    std::cout << "\ncues (" << s.cues.size() << ")\n";
    for (const auto& c : s.cues) {
        std::string stems;
        for (const auto& st : c.stems)
            stems += (stems.empty() ? "" : " ") + st.name + "(" + channelLayoutName(st.layout) + ")";
        std::printf("  %-6s %-20s at %s  length %s  stems %s\n", c.number.c_str(), c.title.c_str(),
                    tcOf(c.startSample).c_str(), describeDuration(c.lengthSamples, s).c_str(), stems.c_str());
    }
    std::cout << "\nstem buses (" << s.buses.size() << ")";
    for (const auto& b : s.buses)
        std::cout << " " << b.name << "(" << channelLayoutName(b.layout) << ")";
    std::cout << "\n";
}

} // namespace

void addSessionCommands(CLI::App& app)
{
    auto n = std::make_shared<NewOptions>();
    auto* create = app.add_subcommand("new", "Create a session from a locked cut");
    create->add_option("SESSION", n->session, "The .cuesmith file to create")->required();
    create->add_option("--edl", n->edl, "The cut as a CMX3600 EDL")->required();
    create->add_option("--rate", n->rate, "Picture rate (default from the EDL: 24, or 29.97df for FCM: DROP FRAME)");
    create->add_option("--sample-rate", n->sampleRate, "Session sample rate")->default_val(48000);
    create->add_option("--movie", n->movie, "Reference movie; sits at its start timecode");
    create->add_option("--dialogue", n->dialogue,
                       "Dialogue audio (at its BWF stamp) or movie (at its start timecode); its speech is detected "
                       "at once");
    create->add_option("--dialogue-channel", n->dialogueChannel,
                       "Channel carrying the dialogue, 1-based within its audio stream (3 = centre of a 5.1 mix)")
        ->default_val(1);
    create->add_option("--dialogue-stream", n->dialogueStream,
                       "Audio stream of a dialogue movie, counting audio streams only from 1")
        ->default_val(1);
    create->add_option("--name", n->name, "Project name (default: the EDL title)");
    create->add_flag("--force", n->force, "Replace an existing session file");
    create->callback([n] { runNew(*n); });

    auto* cut = app.add_subcommand("cut", "Manage cut versions");
    cut->require_subcommand(1);
    auto c = std::make_shared<CutAddOptions>();
    auto* add = cut->add_subcommand("add", "Import another version of the cut and make it current");
    add->add_option("SESSION", c->session, "The .cuesmith file")->required();
    add->add_option("FILE", c->edl, "The new cut as a CMX3600 EDL")->required();
    add->add_option("--name", c->name, "Version name (default v<N>)");
    add->callback([c] { runCutAdd(*c); });

    auto i = std::make_shared<InfoOptions>();
    auto* info = app.add_subcommand("info", "Summarise a session: cut versions, dialogue, cues, stems");
    info->add_option("SESSION", i->session, "The .cuesmith file")->required();
    info->add_flag("--json", i->json, "Print one JSON object");
    info->callback([i] {
        const Session s = loadSession(i->session);
        if (i->json)
            printJson(sessionSummaryJson(s));
        else
            printSessionText(s);
    });
}

} // namespace cuesmith
