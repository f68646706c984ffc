#include "FitCommand.h"

#include "CliSupport.h"
#include "core/Fitter.h"
#include "core/Placement.h"
#include "core/Timecode.h"
#include "formats/SessionFile.h"
#include "media/CueStretchEdit.h"
#include "media/TempoDetection.h"
#include "media/ZeroCrossing.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace cuesmith {

namespace {

struct FitCommandOptions {
    std::string session, cue, hit, allow = "stretch,extend,trim", output, snap = "bar";
    int apply = 0;
    double crossfadeMs = 30.0, tailFadeSeconds = 2.0;
    std::string crossfadeShape = "equal-power";
    bool json = false, preview = false;
};

// "trim" is both ways of ending early, as the issue names them: the tail fade and the cut to the
// ending (it meant only the cut before the fade existed, so old command lines still get it);
// "cut" and "fade" ask for one of them.
FitOptions parseAllow(const std::string& list)
{
    FitOptions options;
    options.allowStretch = options.allowCut = options.allowRepeat = options.allowTrim = false;
    std::stringstream in(list);
    std::string item;
    while (std::getline(in, item, ',')) {
        if (item == "stretch")
            options.allowStretch = true;
        else if (item == "trim")
            options.allowCut = options.allowTrim = true;
        else if (item == "cut")
            options.allowCut = true;
        else if (item == "fade" || item == "tail-fade")
            options.allowTrim = true;
        else if (item == "extend" || item == "repeat")
            options.allowRepeat = true;
        else
            throw CliError("--allow '" + item + "' is not stretch, extend, trim, cut or fade");
    }
    return options;
}

void runFit(const FitCommandOptions& o)
{
    Session session = loadSession(o.session);
    const Cue* cue = session.findCue(o.cue);
    if (cue == nullptr)
        throw CliError(o.session + ": there is no cue " + o.cue);
    FitOptions options = parseAllow(o.allow);
    // Bar edits need bars: a cue nobody gave a tempo gets one detected (aubio), used for these
    // proposals and kept in the session when one is applied.
    std::vector<std::string> tempoNotes;
    if (!cue->tempo && (options.allowCut || options.allowRepeat)) {
        try {
            const TempoDetectionResult found = detectCueTempo(*cue, session.sampleRate);
            for (auto& c : session.cues)
                if (c.number == o.cue)
                    c.tempo = found.map;
            char text[160];
            std::snprintf(text, sizeof text, "no tempo given: %.1f bpm in 4/4 detected (confidence %.2f); set it with "
                          "cue tempo if that is wrong", found.bpm, found.confidence);
            tempoNotes.emplace_back(text);
        } catch (const std::runtime_error& e) {
            tempoNotes.push_back(std::string("no tempo given and none detected (") + e.what() + ")");
        }
        cue = session.findCue(o.cue);
    }
    // options.stretchLimit stays unset: the fitter bounds any stretch by the cue's own limit.
    if (o.snap != "bar" && o.snap != "zero-crossing")
        throw CliError("--snap '" + o.snap + "' is not bar or zero-crossing");
    const auto parsedShape = parseFadeShape(o.crossfadeShape);
    if (!parsedShape)
        throw CliError("--crossfade-shape '" + o.crossfadeShape + "' is not " + fadeShapeNames());
    const FadeShape shape = *parsedShape;
    if (!(o.crossfadeMs > 0.0 && o.crossfadeMs <= 2000.0))
        throw CliError("--crossfade must be between 0 and 2000 ms");
    if (!(o.tailFadeSeconds > 0.0 && o.tailFadeSeconds <= 60.0))
        throw CliError("--tail-fade must be between 0 and 60 seconds");
    options.crossfadeSamples = static_cast<int64_t>(std::llround(o.crossfadeMs * static_cast<double>(session.sampleRate) / 1000.0));
    options.tailFadeSamples = static_cast<int64_t>(std::llround(o.tailFadeSeconds * static_cast<double>(session.sampleRate)));
    const int64_t hit = resolvePicturePoint(session, o.hit);
    FitPlan plan = proposeFits(session, o.cue, hit, options);
    plan.notes.insert(plan.notes.begin(), tempoNotes.begin(), tempoNotes.end());
    auto tc = [&](int64_t sample) {
        return formatFrames(samplesToFrames(sample, session.frameRate, session.sampleRate), session.frameRate);
    };

    if (o.apply == 0) {
        if (o.json) {
            nlohmann::json j;
            j["cue"] = o.cue;
            j["ending_sample"] = plan.endingSample;
            j["ending_from"] = plan.endingFrom;
            j["hit_sample"] = plan.hitSample;
            j["hit_timecode"] = tc(plan.hitSample);
            j["ending_played"] = plan.endingPlayed;
            j["notes"] = plan.notes;
            j["proposals"] = nlohmann::json::array();
            int rank = 0;
            for (const auto& p : plan.proposals)
                j["proposals"].push_back({{"rank", ++rank},
                                          {"kind", fitKindName(p.kind)},
                                          {"edits", p.edits},
                                          {"stretch_ratio", p.stretchRatio},
                                          {"stretch_percent", (p.stretchRatio - 1.0) * 100.0},
                                          {"from_sample", p.fromSample},
                                          {"to_sample", p.toSample},
                                          {"repeats", p.repeats},
                                          {"landing_error_samples", p.landingError},
                                          {"tail_fade_samples", p.fadeSamples},
                                          {"description", p.description}});
            printJson(j);
            return;
        }
        std::cout << "cue " << o.cue << ": ending (" << plan.endingFrom << ") to " << o.hit << " at " << tc(hit) << "\n";
        for (const auto& note : plan.notes)
            std::cout << "  note: " << note << "\n";
        int rank = 0;
        for (const auto& p : plan.proposals)
            std::printf("  %d. %-15s %d edit(s)  %s\n", ++rank, fitKindName(p.kind).c_str(), p.edits, p.description.c_str());
        std::cout << "apply one with --apply N\n";
        return;
    }

    if (o.apply < 1 || o.apply > static_cast<int>(plan.proposals.size()))
        throw CliError("--apply " + std::to_string(o.apply) + ": there are " + std::to_string(plan.proposals.size())
                       + " proposals");
    for (const auto& note : tempoNotes)
        std::cout << "note: " << note << "\n";
    FitProposal chosen = plan.proposals[static_cast<size_t>(o.apply - 1)];
    const std::string out = o.output.empty() ? o.session : o.output;
    Session next = session;
    if (std::abs(chosen.stretchRatio - 1.0) > 1e-12) {
        // Stretch first, then cut the stretched cue at the correspondingly scaled bar lines.
        next = applyCueStretch(next, o.cue, chosen.stretchRatio, sessionCacheFolder(out),
                               o.preview ? StretchRequest::Quality::Preview : StretchRequest::Quality::Render);
        chosen.fromSample = static_cast<int64_t>(std::llround(static_cast<double>(chosen.fromSample) * chosen.stretchRatio));
        chosen.toSample = static_cast<int64_t>(std::llround(static_cast<double>(chosen.toSample) * chosen.stretchRatio));
    }
    const bool splices = chosen.kind == FitKind::Cut || chosen.kind == FitKind::CutAndStretch
                         || chosen.kind == FitKind::Repeat || chosen.kind == FitKind::RepeatAndStretch;
    if (o.snap == "zero-crossing" && splices) {
        // Move each side of the splice to the nearest zero crossing within 5 ms of its bar line.
        // Positions are cue samples at the session rate; the search reads the stems at that rate.
        const Cue& cue = *next.findCue(o.cue);
        std::vector<std::filesystem::path> stems;
        for (const auto& stem : cue.stems)
            stems.emplace_back(stem.path);
        const int64_t radius = next.sampleRate / 200;
        const int64_t from = nearestZeroCrossing(stems, chosen.fromSample, radius, next.sampleRate);
        const int64_t to = nearestZeroCrossing(stems, chosen.toSample, radius, next.sampleRate);
        std::cout << "splice moved to zero crossings: out " << (from - chosen.fromSample) << ", in "
                  << (to - chosen.toSample) << " samples from the bar lines\n";
        chosen.fromSample = from;
        chosen.toSample = to;
    }
    next = applyFitEdit(next, o.cue, chosen, options.crossfadeSamples, shape);
    saveSession(next, out);
    std::cout << "applied " << fitKindName(chosen.kind) << " (" << chosen.description << ") to cue " << o.cue
              << "; saved " << out << "\n";
}

} // namespace

void addFitCommand(CLI::App& app)
{
    auto o = std::make_shared<FitCommandOptions>();
    auto* fit = app.add_subcommand("fit", "Propose the ways to land a cue's ending on a hit, and apply one");
    fit->add_option("SESSION", o->session, "The .cuesmith file")->required();
    fit->add_option("--cue", o->cue, "Cue number")->required();
    fit->add_option("--to-hit", o->hit, "The hit: picture marker name, timecode, or cut:<n>")->required();
    fit->add_option("--allow", o->allow,
                    "Comma list of stretch, extend (repeat bars), cut (to the ending), fade (stop on the hit with a "
                    "tail fade); trim = cut and fade")
        ->default_val("stretch,extend,trim");
    fit->add_option("--crossfade", o->crossfadeMs, "Crossfade length at each splice, in ms")->default_val(30.0);
    fit->add_option("--crossfade-shape", o->crossfadeShape,
                    "Shape of each new crossfade and of a trim's tail fade: " + fadeShapeNames())
        ->default_val("equal-power");
    fit->add_option("--tail-fade", o->tailFadeSeconds, "Length of a trim's fade-out, ending on the hit, in seconds")
        ->default_val(2.0);
    fit->add_option("--apply", o->apply, "Apply proposal N (1 = best)");
    fit->add_option("-o,--output", o->output, "Save the fitted session here instead of in place");
    fit->add_option("--snap", o->snap, "Splice on the bar line (bar) or the nearest zero crossing within 5 ms of it")
        ->default_val("bar");
    fit->add_flag("--preview", o->preview, "Stretch with the faster R2 engine (for auditioning)");
    fit->add_flag("--json", o->json, "Print the proposals as JSON");
    fit->callback([o] { runFit(*o); });
}

} // namespace cuesmith
