#include "SessionEdits.h"

#include <algorithm>
#include <cctype>

namespace cuesmith {

Session addCutVersion(const Session& session, CutVersion cut)
{
    Session next = session;
    if (next.cuts.empty()) {
        if (const auto start = cutStartFrame(cut.edl))
            next.pictureStartFrame = *start;
    }
    next.cuts.push_back(std::make_shared<const CutVersion>(std::move(cut)));
    next.currentCut = static_cast<int>(next.cuts.size()) - 1;
    return next;
}

Session setReferenceMovie(const Session& session, ReferenceMovie movie)
{
    Session next = session;
    next.movie = std::move(movie);
    return next;
}

Session addDialogueSource(const Session& session, DialogueSource source)
{
    Session next = session;
    if (source.channel < 0 || source.channel >= source.channels)
        throw SessionEditError("dialogue " + source.path + ": channel " + std::to_string(source.channel + 1)
                               + " does not exist (the file has " + std::to_string(source.channels) + ")");
    next.dialogue.push_back(std::move(source));
    return next;
}

Session addCue(const Session& session, Cue cue)
{
    if (cue.number.empty())
        throw SessionEditError("a cue needs a number (like 1M01)");
    if (session.findCue(cue.number) != nullptr)
        throw SessionEditError("cue " + cue.number + " is already in the session");
    if (cue.stems.empty())
        throw SessionEditError("cue " + cue.number + " has no stems");
    for (size_t i = 0; i < cue.stems.size(); ++i)
        for (size_t j = i + 1; j < cue.stems.size(); ++j)
            if (cue.stems[i].name == cue.stems[j].name)
                throw SessionEditError("cue " + cue.number + ": two stems are named " + cue.stems[i].name
                                       + " (" + cue.stems[i].path + ", " + cue.stems[j].path + ")");

    Session next = session;
    for (const auto& stem : cue.stems) {
        const bool hasBus = std::any_of(next.buses.begin(), next.buses.end(),
                                        [&](const StemBus& b) { return b.name == stem.name; });
        if (!hasBus)
            next.buses.push_back(StemBus{stem.name, stem.layout, defaultDuckFor(stem.name), {}, {}});
    }
    next.cues.push_back(std::move(cue));
    return next;
}

StemFileName parseStemFileName(std::string_view fileName)
{
    // Drop the extension, then split on '_': first part is the cue, last the stem, a part that
    // looks like v<digits> is the version, everything between is the title.
    if (const auto dot = fileName.rfind('.'); dot != std::string_view::npos && dot > 0)
        fileName = fileName.substr(0, dot);
    std::vector<std::string> parts;
    size_t start = 0;
    while (start <= fileName.size()) {
        const size_t end = std::min(fileName.find('_', start), fileName.size());
        parts.emplace_back(fileName.substr(start, end - start));
        start = end + 1;
    }
    StemFileName result;
    if (parts.empty())
        return result;
    result.cue = parts.front();
    if (parts.size() == 1)
        return result;
    result.stem = parts.back();
    std::string title;
    for (size_t i = 1; i + 1 < parts.size(); ++i) {
        const std::string& p = parts[i];
        const bool isVersion = p.size() >= 2 && (p[0] == 'v' || p[0] == 'V')
                               && std::all_of(p.begin() + 1, p.end(),
                                              [](unsigned char c) { return std::isdigit(c) != 0; });
        if (isVersion && result.version.empty())
            result.version = p;
        else
            title += (title.empty() ? "" : "_") + p;
    }
    result.title = title;
    return result;
}

Session printDucksToAutomation(const Session& session, std::optional<std::string> bus)
{
    if (bus && std::none_of(session.buses.begin(), session.buses.end(), [&](const StemBus& b) { return b.name == *bus; }))
        throw SessionEditError("no stem bus named " + *bus);
    Session next = session;
    const auto speech = session.speech();
    for (auto& b : next.buses) {
        if ((bus && b.name != *bus) || !b.duck.enabled)
            continue;
        const GainEnvelope duck = duckCurve(speech, b.duck, session.sampleRate);
        b.duck.enabled = false;
        b.duck.printed = true;
        if (duck.isUnity())
            continue;
        BusAutomation volumeOnly;
        volumeOnly.volume = b.automation.volume;
        const GainEnvelope printed = (compileAutomation(volumeOnly, session.sampleRate) + duck).simplified(0.05);
        b.automation.volume = volumePointsOf(printed);
    }
    return next;
}

} // namespace cuesmith
