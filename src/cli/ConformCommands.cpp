// `cuesmith edl diff` and `cuesmith conform`: the change list between two cut versions, and the
// re-conform of a session's cues to a new cut.

#include "ConformCommands.h"

#include "CliSupport.h"
#include "core/ChangeList.h"
#include "core/Conform.h"
#include "core/SessionEdits.h"
#include "core/Timecode.h"
#include "formats/AtomicFile.h"
#include "formats/ConformJson.h"
#include "formats/EdlReader.h"
#include "formats/JsonText.h"
#include "formats/SessionFile.h"
#include "formats/TextEncoding.h"
#include "media/SpliceListening.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>

namespace cuesmith {

namespace {

struct EdlDiffOptions {
    std::string oldFile, newFile, rate;
    bool json = false;
};

struct ConformOptionsCli {
    std::string session, edl, output, report, name;
    int crossfadeFrames = 10;
    std::string crossfadeShape = "equal-power";
    bool json = false;
    bool force = false;
    bool noListen = false;
};

std::string signedFrames(int64_t frames) { return (frames > 0 ? "+" : "") + std::to_string(frames); }

void printEdlWarnings(const std::string& path, const Edl& edl)
{
    for (const auto& w : edl.warnings)
        printWarning(path + ":" + std::to_string(w.line) + ": " + w.message);
}

std::string changeDetails(const ShotChange& c, const ChangeList& list)
{
    std::string text;
    auto add = [&](const std::string& part) { text += (text.empty() ? "" : "; ") + part; };
    if (c.kind == ShotChangeKind::Inserted)
        add(std::to_string(list.newShots[*c.newShot].length()) + " frames of new picture");
    if (c.kind == ShotChangeKind::Deleted)
        add(std::to_string(list.oldShots[*c.oldShot].length()) + " frames removed");
    if (c.reordered)
        add("moved to another place in the cut");
    if (c.headTrimmed > 0)
        add("head -" + std::to_string(c.headTrimmed));
    if (c.tailTrimmed > 0)
        add("tail -" + std::to_string(c.tailTrimmed));
    if (c.middleRemoved > 0)
        add(std::to_string(c.middleRemoved) + " frames cut from the middle");
    if (c.headExtended > 0)
        add("head +" + std::to_string(c.headExtended));
    if (c.tailExtended > 0)
        add("tail +" + std::to_string(c.tailExtended));
    for (const auto& note : c.notes)
        add(note);
    return text;
}

std::string summaryLine(const ChangeList& list)
{
    std::string text;
    for (const auto kind : {ShotChangeKind::Unchanged, ShotChangeKind::Moved, ShotChangeKind::Trimmed,
                            ShotChangeKind::Extended, ShotChangeKind::Reordered, ShotChangeKind::Inserted,
                            ShotChangeKind::Deleted}) {
        size_t n = 0;
        for (const auto& c : list.changes) {
            const CutShot& shot = c.oldShot ? list.oldShots[*c.oldShot] : list.newShots[*c.newShot];
            n += c.kind == kind && !shot.black ? 1 : 0;
        }
        if (n > 0)
            text += (text.empty() ? "" : ", ") + std::to_string(n) + " " + shotChangeKindName(kind);
    }
    int64_t newFrames = 0;
    for (const auto& p : list.newPicture)
        newFrames += p.length();
    return (text.empty() ? "no shots" : text) + "; " + std::to_string(newFrames) + " frames of new picture";
}

void printChangeListText(const ChangeList& list, const std::string& oldTitle, const std::string& newTitle)
{
    const FrameRate& rate = list.rate;
    std::cout << (oldTitle.empty() ? "(untitled)" : oldTitle) << " -> " << (newTitle.empty() ? "(untitled)" : newTitle)
              << " (" << frameRateName(rate) << " fps)\n"
              << "old  " << list.oldShots.size() << " shots " << formatFrames(list.oldStart, rate) << "-"
              << formatFrames(list.oldEnd, rate) << " (" << (list.oldEnd - list.oldStart) << " frames)\n"
              << "new  " << list.newShots.size() << " shots " << formatFrames(list.newStart, rate) << "-"
              << formatFrames(list.newEnd, rate) << " (" << (list.newEnd - list.newStart) << " frames)\n\n";
    std::cout << "change     old ev new ev reel             old rec in  new rec in   shift  details\n";
    for (const auto& c : list.changes) {
        const CutShot* o = c.oldShot ? &list.oldShots[*c.oldShot] : nullptr;
        const CutShot* n = c.newShot ? &list.newShots[*c.newShot] : nullptr;
        const CutShot& named = o != nullptr ? *o : *n;
        if (named.black && c.kind == ShotChangeKind::Unchanged)
            continue;
        const bool hasShift = o != nullptr && n != nullptr;
        const std::string oldIn = o != nullptr ? formatFrames(o->recordIn, rate) : "-";
        const std::string newIn =
            n != nullptr ? formatFrames(hasShift ? c.placements.front().oldIn + c.placements.front().shift : n->recordIn, rate)
                         : "-";
        char row[256];
        std::snprintf(row, sizeof row, "%-10s %-6s %-6s %-16s %-11s %-11s %6s  ", shotChangeKindName(c.kind).c_str(),
                      o != nullptr ? o->event.c_str() : "-", n != nullptr ? n->event.c_str() : "-",
                      named.reel.c_str(), oldIn.c_str(), newIn.c_str(), hasShift ? signedFrames(c.shift).c_str() : "");
        std::string line = row + changeDetails(c, list);
        while (!line.empty() && line.back() == ' ')
            line.pop_back();
        std::cout << line << "\n";
    }
    std::cout << "\n" << summaryLine(list) << "\n";
    for (const auto& w : list.warnings)
        std::cout << "warning: " << w << "\n";
}

void runEdlDiff(const EdlDiffOptions& o)
{
    EdlReadOptions readOptions;
    if (!o.rate.empty())
        readOptions.rate = parseRateOption(o.rate);
    const Edl oldCut = readEdlFile(o.oldFile, readOptions);
    // The new list is counted at the old one's rate so their frame numbers compare.
    readOptions.rate = oldCut.rate;
    const Edl newCut = readEdlFile(o.newFile, readOptions);
    printEdlWarnings(o.oldFile, oldCut);
    printEdlWarnings(o.newFile, newCut);
    const ChangeList list = diffCuts(oldCut, newCut);
    if (o.json)
        printJson(changeListToJson(list));
    else
        printChangeListText(list, oldCut.title, newCut.title);
}

bool samePath(const std::filesystem::path& a, const std::filesystem::path& b)
{
    std::error_code ec;
    if (std::filesystem::exists(a, ec) && std::filesystem::exists(b, ec))
        return std::filesystem::equivalent(a, b, ec);
    return std::filesystem::weakly_canonical(std::filesystem::absolute(a), ec)
           == std::filesystem::weakly_canonical(std::filesystem::absolute(b), ec);
}

std::string describeSamples(int64_t samples, const Session& s)
{
    const int64_t frames = samplesToFrames(samples < 0 ? -samples : samples, s.frameRate, s.sampleRate);
    return std::to_string(samples) + " samples (" + (samples < 0 ? "-" : "") + std::to_string(frames) + " frames)";
}

void printConformText(const ConformResult& r, const std::string& sessionPath, const std::string& edlPath,
                      const std::string& outputPath, const std::string& reportPath)
{
    const Session& s = r.session;
    std::cout << "conformed " << sessionPath << " from cut " << r.fromCut << " to cut " << r.toCut << " ("
              << edlPath << "); wrote " << outputPath << "\n"
              << "picture   " << summaryLine(r.changes) << "\n";
    size_t counts[4] = {0, 0, 0, 0};
    for (const auto& c : r.cues)
        ++counts[static_cast<int>(c.status)];
    std::cout << "cues      " << r.cues.size() << ": " << counts[0] << " unchanged, " << counts[1] << " moved, "
              << counts[2] << " edited, " << counts[3] << " removed\n";
    for (const auto& c : r.cues) {
        if (c.status == CueConformStatus::Unchanged)
            continue;
        std::cout << "\n  " << c.cue << "  " << cueConformStatusName(c.status) << "\n";
        for (const auto& m : c.moves)
            if (m.shiftSamples != 0)
                std::cout << "    moved " << signedFrames(m.shiftFrames) << " frames (" << m.shiftSamples
                          << " samples) from " << formatFrames(samplesToFrames(m.oldTimelineStart, s.frameRate, s.sampleRate), s.frameRate)
                          << (m.reordered ? ", with its reordered picture" : "") << "\n";
        if (c.removedSamples > 0)
            std::cout << "    cut out with its picture: " << describeSamples(c.removedSamples, s) << "\n";
        for (const auto& sp : c.splices) {
            std::cout << "    splice at " << sp.timecode << " (sample " << sp.timelineSample << "): cue sample "
                      << sp.outgoingSourceSample << " -> " << sp.incomingSourceSample << ", crossfade "
                      << sp.crossfadeSamples << " samples" << (sp.reorder ? ", from a reorder" : "");
            if (!sp.onBarLines)
                std::cout << "; no bar lines to judge by";
            else
                std::cout << (*sp.onBarLines ? "; on bar lines" : "; OFF the bar line");
            if (!sp.insideSustainedNote)
                std::cout << "; not heard";
            else if (*sp.insideSustainedNote) {
                const bool out = sp.outgoingSound && sp.outgoingSound->sustained;
                const bool in = sp.incomingSound && sp.incomingSound->sustained;
                std::cout << "; INSIDE a sustained note ("
                          << (out && in ? "both sides" : out ? "outgoing side" : "incoming side") << ")";
            }
            if (sp.needsMusicalFix) {
                std::cout << "; needs a musical fix";
                auto bars = [](const std::optional<BarLineAdvice>& a) {
                    if (!a)
                        return std::string("-");
                    return (a->barBefore ? std::to_string(*a->barBefore) : "-") + "/"
                           + (a->barAfter ? std::to_string(*a->barAfter) : "-");
                };
                if (sp.outgoing || sp.incoming)
                    std::cout << " (nearest bars: out " << bars(sp.outgoing) << ", in " << bars(sp.incoming) << ")";
            }
            std::cout << "\n";
        }
        for (const auto& g : c.gaps)
            std::cout << "    gap at " << g.timecode << ": " << describeSamples(g.length, s)
                      << (g.insertedPictureSamples > 0 ? " over new picture" : " over picture moved in")
                      << "; not filled\n";
        for (const auto& note : c.notes)
            std::cout << "    note: " << note << "\n";
    }
    const SpeechConformReport& sp = r.speech;
    if (sp.regionsBefore > 0 || sp.editsBefore > 0)
        std::cout << "\nspeech    " << sp.regionsBefore << " regions mapped to the new cut: " << sp.regionsMoved
                  << " moved, " << sp.regionsRemoved << " removed with their picture ("
                  << describeSamples(sp.removedSamples, s) << " of speech cut), " << sp.regionsAfter << " now; "
                  << sp.editsBefore << " hand edits, " << sp.editsAfter << " now\n";
    for (const auto& note : r.notes)
        std::cout << "\nnote: " << note;
    if (!r.notes.empty())
        std::cout << "\n";
    if (!reportPath.empty())
        std::cout << "report    " << reportPath << "\n";
}

void runConform(const ConformOptionsCli& o)
{
    if (samePath(o.session, o.output))
        throw CliError(o.output + ": is the session being conformed; write the conformed session to a new file");
    if (std::filesystem::exists(o.output) && !o.force)
        throw CliError(o.output + ": already exists (use --force to replace it)");
    if (!o.report.empty() && (samePath(o.report, o.session) || samePath(o.report, o.output)))
        throw CliError(o.report + ": the report must not replace a session file");
    if (o.crossfadeFrames < 0 || o.crossfadeFrames > 1000)
        throw CliError("--crossfade-frames " + std::to_string(o.crossfadeFrames) + " is not a usable length");

    const Session session = loadSession(o.session);
    const CutVersion* current = session.currentCutVersion();
    if (current == nullptr)
        throw CliError(o.session + ": has no cut to conform from");

    CutVersion cut;
    cut.sourcePath = std::filesystem::absolute(o.edl).lexically_normal().string();
    cut.edlText = toUtf8(readWholeFile(o.edl));
    cut.edl = readEdl(cut.edlText, EdlReadOptions{session.frameRate, false});
    printEdlWarnings(o.edl, cut.edl);
    if (cut.edl.events.empty())
        throw CliError(o.edl + ": has no events");
    cut.name = o.name.empty() ? "v" + std::to_string(session.cuts.size() + 1) : o.name;
    for (const auto& existing : session.cuts)
        if (existing->name == cut.name)
            throw CliError(o.session + ": already has a cut version named " + cut.name + " (use --name)");
    if (!diffCuts(current->edl, cut.edl).sharesMaterial())
        throw CliError(o.edl + ": shares no source material with the current cut " + current->name
                       + " (another reel or another film?)");

    ConformOptions options;
    options.crossfadeFrames = o.crossfadeFrames;
    const auto shape = parseFadeShape(o.crossfadeShape);
    if (!shape)
        throw CliError("--crossfade-shape '" + o.crossfadeShape + "' is not " + fadeShapeNames());
    options.crossfadeShape = *shape;
    ConformResult result;
    try {
        result = conformSession(session, cut, options);
    } catch (const SessionEditError& e) {
        throw CliError(o.edl + ": " + e.what());
    }
    // Whether a splice cuts into a held note is heard in the stems; a stem that cannot be read
    // leaves its cue's splices unheard (warned, and said in the report), never stops the conform.
    if (!o.noListen)
        for (const auto& problem : listenToSplices(result))
            printWarning(problem);
    saveSession(result.session, o.output);
    const nlohmann::json report = conformReportToJson(result);
    if (!o.report.empty())
        writeFileAtomically(o.report, jsonText(report) + "\n");
    if (o.json)
        printJson(report);
    else
        printConformText(result, o.session, o.edl, o.output, o.report);
}

} // namespace

void addEdlDiffCommand(CLI::App& edl)
{
    auto options = std::make_shared<EdlDiffOptions>();
    auto* diff = edl.add_subcommand("diff", "What changed between two versions of a cut, by source material");
    diff->add_option("OLD", options->oldFile, "The earlier version (CMX3600 EDL)")->required();
    diff->add_option("NEW", options->newFile, "The later version (CMX3600 EDL)")->required();
    diff->add_option("--rate", options->rate,
                     "Picture rate of both lists (default: read from OLD: 24, or 29.97df for FCM: DROP FRAME)");
    diff->add_flag("--json", options->json, "Print one JSON object");
    diff->callback([options] { runEdlDiff(*options); });
}

void addConformCommands(CLI::App& app)
{
    auto o = std::make_shared<ConformOptionsCli>();
    auto* conform = app.add_subcommand(
        "conform", "Move, cut and splice every cue to follow a new version of the cut, into a new session file");
    conform->add_option("SESSION", o->session, "The .cuesmith file to conform (left untouched)")->required();
    conform->add_option("--to", o->edl, "The new cut as a CMX3600 EDL, read at the session's frame rate")->required();
    conform->add_option("-o,--output", o->output, "The conformed .cuesmith file to write")->required();
    conform->add_option("--report", o->report, "Also write the full conform report here as JSON");
    conform->add_option("--name", o->name, "Name of the new cut version (default v<N>)");
    conform->add_option("--crossfade-shape", o->crossfadeShape, "Shape of each new splice's crossfade: " + fadeShapeNames())
        ->default_val("equal-power");
    conform->add_option("--crossfade-frames", o->crossfadeFrames, "Crossfade at each new splice, in frames")
        ->default_val(10);
    conform->add_flag("--force", o->force, "Replace an existing output file (never SESSION itself)");
    conform->add_flag("--no-listen", o->noListen,
                      "Do not read the stems to find splices inside sustained notes (bar lines only)");
    conform->add_flag("--json", o->json, "Print the report as one JSON object");
    conform->callback([o] { runConform(*o); });
}

} // namespace cuesmith
