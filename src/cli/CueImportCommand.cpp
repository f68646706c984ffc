// `cuesmith cue import`: bring a delivery of stems into the session, grouped into cues by their
// file names (<cue>_<title>_<version>_<STEM>.wav), each cue at its stems' BWF timestamp.

#include "CliSupport.h"
#include "core/SessionEdits.h"
#include "core/StemGrouping.h"
#include "core/Timecode.h"
#include "formats/SessionFile.h"
#include "media/SourceImport.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <iostream>

namespace cuesmith {

namespace {

struct CueImportOptions {
    std::string session;
    std::vector<std::string> paths;
};

bool isAudioFileName(const std::filesystem::path& path)
{
    std::string ext = path.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* const kExtensions[] = {".wav", ".wave", ".bwf", ".rf64", ".w64", ".aif", ".aiff",
                                              ".flac", ".ogg", ".opus", ".mp3", ".m4a"};
    return std::find(std::begin(kExtensions), std::end(kExtensions), ext) != std::end(kExtensions);
}

// The files given, with each folder replaced by the audio files directly inside it (sorted, so
// the cues come out in the same order on every machine).
std::vector<std::string> expandFolders(const std::vector<std::string>& paths)
{
    std::vector<std::string> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (!std::filesystem::is_directory(p, ec)) {
            files.push_back(p);
            continue;
        }
        std::vector<std::string> inside;
        for (const auto& entry : std::filesystem::directory_iterator(p, ec))
            if (entry.is_regular_file(ec) && isAudioFileName(entry.path()))
                inside.push_back(entry.path().string());
        if (inside.empty())
            throw CliError(p + ": holds no audio files");
        std::sort(inside.begin(), inside.end());
        files.insert(files.end(), inside.begin(), inside.end());
    }
    return files;
}

void runCueImport(const CueImportOptions& o)
{
    Session session = loadSession(o.session);
    const StemGrouping grouping = groupStemFilesByCue(expandFolders(o.paths));
    // Every cue is checked and added before anything is saved: one bad stem leaves the session
    // as it was.
    std::vector<Cue> added;
    for (const auto& group : grouping.groups) {
        CueImportRequest request;
        request.number = group.cue;
        for (const auto& f : group.files)
            request.stems.emplace_back(f);
        added.push_back(importCue(request, session));
        session = addCue(session, added.back());
    }
    saveSession(session, o.session);
    for (const auto& line : grouping.skipped)
        std::cout << "skipped " << line << "\n";
    for (const auto& cue : added)
        std::cout << "added cue " << cue.number << " '" << cue.title << "'" << (cue.version.empty() ? "" : " " + cue.version)
                  << " with "
                  << cue.stems.size() << " stems at "
                  << formatFrames(samplesToFrames(cue.startSample, session.frameRate, session.sampleRate),
                                  session.frameRate)
                  << "\n";
}

} // namespace

void addCueImportCommand(CLI::App& cue)
{
    auto o = std::make_shared<CueImportOptions>();
    auto* import = cue.add_subcommand(
        "import", "Add every cue in a delivery: stems grouped by their names (<cue>_<title>_<version>_<STEM>.wav), "
                  "the newest version of each cue, at the stems' BWF timestamp");
    import->add_option("SESSION", o->session, "The .cuesmith file")->required();
    import->add_option("PATHS", o->paths, "Stem files, or folders holding them")->required()->expected(1, -1);
    import->callback([o] { runCueImport(*o); });
}

} // namespace cuesmith
