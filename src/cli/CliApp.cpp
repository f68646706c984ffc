#include "CliApp.h"

#include "CliSupport.h"
#include "AnalyzeCommand.h"
#include "ConformCommands.h"
#include "FitCommand.h"
#include "MixCommands.h"
#include "RenderCommand.h"
#include "formats/EdlReader.h"
#include "formats/SessionFile.h"

#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <string_view>

namespace cuesmith {

namespace {

constexpr std::string_view kSubcommands[] = {"edl", "new", "cut", "info", "cue", "render", "fit", "conform", "analyze", "mix", "duck", "dialogue"};

} // namespace

bool isCliInvocation(int argc, char** argv)
{
    if (argc < 2)
        return false;
    const std::string_view first = argv[1];
    if (first == "-h" || first == "--help" || first == "--version")
        return true;
    for (const auto name : kSubcommands)
        if (first == name)
            return true;
    return false;
}

int runCli(int argc, char** argv)
{
    CLI::App app{"Cuesmith: conform, mix and deliver film music to a locked picture.\n"
                 "With a subcommand it runs headless; without one it opens the window.",
                 "cuesmith"};
    app.set_version_flag("--version", "cuesmith " CUESMITH_VERSION);
    app.require_subcommand(1);
    addEdlCommands(app);
    addSessionCommands(app);
    addCueCommands(app);
    addRenderCommand(app);
    addFitCommand(app);
    addConformCommands(app);
    addAnalyzeCommand(app);
    addMixCommands(app);
    auto* dialogue = app.add_subcommand("dialogue", "Speech in the dialogue: detect it, or correct it by hand");
    dialogue->require_subcommand(1);
    addDialogueEditCommands(*dialogue);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "cuesmith: " << e.what() << " (see --help)\n";
        return 2;
    } catch (const std::exception& e) {
        // Every other failure (bad file, refused edit) arrives here as one line.
        std::string message = e.what();
        for (auto& c : message)
            if (c == '\n' || c == '\r')
                c = ' ';
        std::cerr << "cuesmith: " << message << "\n";
        return 1;
    }
    return 0;
}

} // namespace cuesmith
