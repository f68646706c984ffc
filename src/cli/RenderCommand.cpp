#include "RenderCommand.h"

#include "CliSupport.h"
#include "core/Timecode.h"
#include "engine/OfflineRenderer.h"
#include "formats/SessionFile.h"
#include "media/CueStretchEdit.h"

#include <CLI/CLI.hpp>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <iostream>

namespace cuesmith {

namespace {

struct RenderOptions {
    std::string session, output, from, to, layout = "2.0";
    int handlesFrames = 0;
    bool filmOrder = false, floatFormat = false, json = false, noDuck = false;
};

// bext origination stamps: now, or SOURCE_DATE_EPOCH for reproducible deliveries.
void originationStamp(std::string& date, std::string& time)
{
    std::time_t now = std::time(nullptr);
    if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"))
        now = static_cast<std::time_t>(std::strtoll(epoch, nullptr, 10));
    std::tm tm{};
    gmtime_r(&now, &tm);
    char d[16], t[16];
    std::strftime(d, sizeof d, "%Y-%m-%d", &tm);
    std::strftime(t, sizeof t, "%H:%M:%S", &tm);
    date = d;
    time = t;
}

int64_t timecodeOption(const std::string& option, const std::string& text, const Session& s)
{
    const auto frames = parseTimecodeFrames(text, s.frameRate);
    if (!frames)
        throw CliError(option + " '" + text + "' is not a timecode at " + frameRateName(s.frameRate));
    return framesToSamples(*frames, s.frameRate, s.sampleRate);
}

void runRender(const RenderOptions& o)
{
    const Session session = loadSession(o.session);
    RenderRequest request;
    request.outputFolder = o.output;
    if (o.layout == "2.0" || o.layout == "stereo")
        request.layout = ChannelLayout::Stereo;
    else if (o.layout == "5.1")
        request.layout = ChannelLayout::Surround51;
    else if (o.layout == "7.1")
        request.layout = ChannelLayout::Surround71;
    else
        throw CliError("--layout '" + o.layout + "' is not 2.0, 5.1 or 7.1");
    request.order = o.filmOrder ? DeliveryChannelOrder::Film : DeliveryChannelOrder::Smpte;
    request.format = o.floatFormat ? DeliverySampleFormat::Float32 : DeliverySampleFormat::Pcm24;
    request.dialogueProcessing = !o.noDuck;
    if (!o.from.empty())
        request.start = timecodeOption("--from", o.from, session);
    if (!o.to.empty())
        request.end = timecodeOption("--to", o.to, session);
    if (o.handlesFrames < 0)
        throw CliError("--handles cannot be negative");
    request.handles = framesToSamples(o.handlesFrames, session.frameRate, session.sampleRate);
    originationStamp(request.originationDate, request.originationTime);

    // Cues stretched with the faster engine while auditioning are delivered with R3.
    std::vector<std::string> notes;
    const Session delivered = withDeliveryStretches(session, sessionCacheFolder(o.session), notes);
    for (const auto& note : notes)
        std::fprintf(stderr, "note: %s\n", note.c_str());
    const RenderReport report = renderDelivery(delivered, request);
    for (const auto& f : report.files)
        if (f.clipped)
            std::fprintf(stderr, "warning: %s clips (sample peak %+.2f dBFS), so its stems no longer sum to it: lower "
                                 "the stems or render with --float\n",
                         f.path.filename().string().c_str(), f.samplePeakDbfs.value_or(0.0));
    auto tcOf = [&](int64_t sample) {
        return formatFrames(samplesToFrames(sample, session.frameRate, session.sampleRate), session.frameRate);
    };
    if (o.json) {
        nlohmann::json j;
        j["files"] = nlohmann::json::array();
        for (const auto& f : report.files)
            j["files"].push_back({{"file", f.path.string()},
                                  {"bus", f.bus},
                                  {"start_timecode", tcOf(f.startSample)},
                                  {"start_sample", f.startSample},
                                  {"length_samples", f.lengthSamples},
                                  {"channels", f.channels},
                                  {"integrated_lufs", decibelsJson(f.integratedLufs)},
                                  {"loudness_range_lu", decibelsJson(f.loudnessRangeLu)},
                                  {"true_peak_dbtp", decibelsJson(f.truePeakDbtp)},
                                  {"sample_peak_dbfs", decibelsJson(f.samplePeakDbfs)},
                                  {"clipped", f.clipped}});
        printJson(j);
        return;
    }
    std::printf("%-44s %-11s %12s %7s %6s %7s\n", "file", "start", "samples", "LUFS", "LU", "dBTP");
    for (const auto& f : report.files)
        std::printf("%-44s %-11s %12lld %7s %6s %7s\n", f.path.filename().string().c_str(), tcOf(f.startSample).c_str(),
                    static_cast<long long>(f.lengthSamples), decibelsText(f.integratedLufs).c_str(),
                    decibelsText(f.loudnessRangeLu).c_str(), decibelsText(f.truePeakDbtp).c_str());
    std::cout << "written to " << o.output << "\n";
}

} // namespace

void addRenderCommand(CLI::App& app)
{
    auto o = std::make_shared<RenderOptions>();
    auto* render = app.add_subcommand("render", "Render one Broadcast WAV per stem bus plus the full music mix");
    render->add_option("SESSION", o->session, "The .cuesmith file")->required();
    render->add_option("-o,--output", o->output, "Output folder")->required();
    render->add_option("--from", o->from, "Start timecode (default: the picture start)");
    render->add_option("--to", o->to, "End timecode, exclusive (default: the picture end)");
    render->add_option("--handles", o->handlesFrames, "Frames of handle added before and after");
    render->add_option("--layout", o->layout, "2.0, 5.1 or 7.1")->default_val("2.0");
    render->add_flag("--film-order", o->filmOrder, "Film channel order (L C R Ls Rs LFE) instead of SMPTE");
    render->add_flag("--float", o->floatFormat, "32-bit float instead of 24-bit");
    render->add_flag("--no-duck", o->noDuck,
                     "Undipped: no ducking or dialogue EQ under the dialogue (automation still plays)");
    render->add_flag("--json", o->json, "Print the render report as JSON");
    render->callback([o] { runRender(*o); });
}

} // namespace cuesmith
