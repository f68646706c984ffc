// `cuesmith analyze`: integrated loudness, loudness range, true and sample peak of each file.

#include "AnalyzeCommand.h"

#include "CliSupport.h"
#include "media/AudioFileInfo.h"
#include "media/AudioFileReader.h"
#include "media/LoudnessAnalysis.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

namespace cuesmith {

namespace {

struct AnalyzeOptions {
    std::vector<std::string> files;
    bool json = false;
    std::string order = "auto";
};

void runAnalyze(const AnalyzeOptions& o)
{
    // Refuse a missing or unreadable file before spending minutes measuring the others.
    for (const auto& file : o.files)
        AudioFileReader{file};
    if (o.order != "auto" && o.order != "smpte" && o.order != "film")
        throw CliError("--order '" + o.order + "' is not auto, smpte or film");
    // One at a time, on this thread: about a second per 10 minutes of 5.1. A 5.1/7.1 file's LFE is
    // found from its iXML track names unless the order is given.
    std::vector<LoudnessReport> reports;
    std::vector<bool> film;
    for (const auto& file : o.files) {
        film.push_back(o.order == "film"
                       || (o.order == "auto" && lfePositionOf(readAudioFileInfo(file)) == LfePosition::Film));
        reports.push_back(analyzeLoudness(file, film.back()));
    }

    if (o.json) {
        nlohmann::json j;
        j["files"] = nlohmann::json::array();
        for (size_t i = 0; i < reports.size(); ++i) {
            const LoudnessReport& r = reports[i];
            j["files"].push_back({{"file", o.files[i]},
                                  {"integrated_lufs", decibelsJson(r.integratedLufs)},
                                  {"loudness_range_lu", decibelsJson(r.loudnessRangeLu)},
                                  {"true_peak_dbtp", decibelsJson(r.truePeakDbtp)},
                                  {"sample_peak_dbfs", decibelsJson(r.samplePeakDbfs)},
                                  {"frames", r.frames},
                                  {"sample_rate", r.sampleRate},
                                  {"channels", r.channels},
                                  {"channel_order", r.channels == 6 || r.channels == 8
                                                        ? nlohmann::json(film[i] ? "film" : "smpte")
                                                        : nlohmann::json(nullptr)}});
        }
        printJson(j);
        return;
    }

    int width = 4;
    for (const auto& file : o.files)
        width = std::max(width, static_cast<int>(file.size()));
    std::printf("%-*s %7s %6s %7s %7s %7s %3s %12s\n", width, "file", "LUFS", "LRA", "dBTP", "dBFS", "rate", "ch",
                "frames");
    for (size_t i = 0; i < reports.size(); ++i) {
        const LoudnessReport& r = reports[i];
        std::printf("%-*s %7s %6s %7s %7s %7d %3d %12lld\n", width, o.files[i].c_str(),
                    decibelsText(r.integratedLufs).c_str(), decibelsText(r.loudnessRangeLu).c_str(),
                    decibelsText(r.truePeakDbtp).c_str(), decibelsText(r.samplePeakDbfs).c_str(), r.sampleRate,
                    r.channels, static_cast<long long>(r.frames));
    }
}

} // namespace

void addAnalyzeCommand(CLI::App& app)
{
    auto o = std::make_shared<AnalyzeOptions>();
    auto* analyze = app.add_subcommand(
        "analyze", "Measure loudness (BS.1770 / EBU R128: integrated LUFS, range, true and sample peak)");
    analyze->add_option("FILE", o->files, "Audio files: WAV/BWF, AIFF, FLAC, Ogg, MP3, AAC, movies (first audio)")
        ->required()
        ->expected(1, -1);
    analyze->add_flag("--json", o->json, "Print one JSON object: {\"files\": [...]}");
    analyze->add_option("--order", o->order,
                        "Channel order of 5.1/7.1 files: auto (from the iXML track names; SMPTE when they do "
                        "not say), smpte or film")
        ->default_val("auto");
    analyze->footer("5.1 is read as L R C LFE Ls Rs and 7.1 as L R C LFE Lss Rss Lrs Rrs (film order: L C R Ls Rs LFE,\n"
                    "L C R Lss Rss Lrs Rrs LFE): the LFE is left out of the loudness (not the peaks) and surrounds\n"
                    "weigh +1.5 dB. Silence reads -inf (null in JSON).\n");
    analyze->callback([o] { runAnalyze(*o); });
}

} // namespace cuesmith
