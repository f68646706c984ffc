// `cuesmith edl show`: reads an EDL and prints what Cuesmith understood of it.

#include "CliSupport.h"
#include "ConformCommands.h"
#include "core/Timecode.h"
#include "formats/EdlJson.h"
#include "formats/EdlReader.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

namespace cuesmith {

namespace {

struct EdlShowOptions {
    std::string file;
    std::string rate;
    bool strict = false;
    bool json = false;
};

void printEdlText(const Edl& edl)
{
    std::cout << "title     " << (edl.title.empty() ? "(none)" : edl.title) << "\n"
              << "rate      " << frameRateName(edl.rate) << (edl.dropFrame ? " (drop-frame)" : "") << "\n";
    size_t video = 0;
    for (const auto& e : edl.events)
        video += e.isVideo() ? 1 : 0;
    std::cout << "events    " << edl.events.size() << " lines (" << video << " with picture)\n";
    if (const auto start = cutStartFrame(edl), end = cutEndFrame(edl); start && end)
        std::cout << "picture   " << formatFrames(*start, edl.rate) << " to " << formatFrames(*end, edl.rate)
                  << ", " << (*end - *start) << " frames\n";
    std::cout << "\n";

    std::printf("%-6s %-16s %-6s %-5s %-4s %-11s %-11s %-11s %-11s %s\n", "event", "reel", "chan", "trans",
                "len", "source in", "source out", "record in", "record out", "clip");
    for (const auto& e : edl.events) {
        std::string clip = e.clipName.value_or("");
        if (e.speed)
            clip += "  [M2 " + std::to_string(*e.speed) + " fps]";
        std::printf("%-6s %-16s %-6s %-5s %-4d %-11s %-11s %-11s %-11s %s\n", e.number.c_str(), e.reel.c_str(),
                    e.channels.c_str(), e.transitionCode.c_str(), e.transitionFrames, e.sourceIn.c_str(),
                    e.sourceOut.c_str(), e.recordIn.c_str(), e.recordOut.c_str(), clip.c_str());
    }
    if (!edl.markers.empty()) {
        std::cout << "\nmarkers\n";
        for (const auto& m : edl.markers)
            std::printf("  %-11s %-8s %s\n", m.timecode.c_str(), m.color.c_str(), m.name.c_str());
    }
    if (!edl.warnings.empty()) {
        std::cout << "\nwarnings\n";
        for (const auto& w : edl.warnings)
            std::cout << "  line " << w.line << ": " << w.message << "\n";
    }
}

} // namespace

void addEdlCommands(CLI::App& app)
{
    auto* edl = app.add_subcommand("edl", "Read edit decision lists");
    edl->require_subcommand(1);

    auto options = std::make_shared<EdlShowOptions>();
    auto* show = edl->add_subcommand("show", "Print the events, markers and warnings of a CMX3600 EDL");
    show->add_option("FILE", options->file, "The EDL file")->required();
    show->add_option("--rate", options->rate,
                     "Picture rate: 23.976, 24, 25, 29.97, 29.97df, 30, 47.952, 48, 50, 59.94, 59.94df, 60 "
                     "(default 24, or 29.97df when the list says FCM: DROP FRAME)");
    show->add_flag("--strict", options->strict, "Refuse the list at its first unreadable line");
    show->add_flag("--json", options->json, "Print one JSON object");
    addEdlDiffCommand(*edl);
    show->callback([options] {
        EdlReadOptions readOptions;
        if (!options->rate.empty())
            readOptions.rate = parseRateOption(options->rate);
        readOptions.strict = options->strict;
        const Edl result = readEdlFile(options->file, readOptions);
        if (options->json)
            printJson(edlToJson(result));
        else
            printEdlText(result);
    });
}

} // namespace cuesmith
