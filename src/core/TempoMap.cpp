#include "TempoMap.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cuesmith {

namespace {

void checkMeter(int beatsPerBar, int beatUnit)
{
    if (beatsPerBar < 1 || beatsPerBar > 32)
        throw std::invalid_argument("a bar of " + std::to_string(beatsPerBar) + " beats is not a meter");
    if (beatUnit != 1 && beatUnit != 2 && beatUnit != 4 && beatUnit != 8 && beatUnit != 16)
        throw std::invalid_argument("a beat unit of " + std::to_string(beatUnit) + " is not a meter");
}

void checkBpm(double bpm)
{
    if (!(bpm >= 20.0 && bpm <= 400.0))
        throw std::invalid_argument("a tempo of " + std::to_string(bpm) + " bpm is outside 20-400");
}

} // namespace

TempoMap tempoMapFromBpm(double bpm, int beatsPerBar, int beatUnit, int64_t offset, int64_t length,
                         int64_t sampleRate)
{
    return tempoMapFromSections({TempoSection{0.0, bpm}}, beatsPerBar, beatUnit, offset, length, sampleRate);
}

TempoMap tempoMapFromSections(const std::vector<TempoSection>& sections, int beatsPerBar, int beatUnit,
                              int64_t offset, int64_t length, int64_t sampleRate)
{
    checkMeter(beatsPerBar, beatUnit);
    if (sections.empty() || sections.front().startBeat != 0.0)
        throw std::invalid_argument("a tempo list must start at beat 0");
    for (size_t i = 0; i < sections.size(); ++i) {
        checkBpm(sections[i].bpm);
        if (i > 0 && sections[i].startBeat <= sections[i - 1].startBeat)
            throw std::invalid_argument("tempo list sections must be in ascending beat order");
    }

    TempoMap map;
    map.beatsPerBar = beatsPerBar;
    map.beatUnit = beatUnit;
    map.source = TempoSource::Given;
    // Beats before the downbeat (a pickup) at the first section's tempo, whole bars of them.
    const double firstBeatLength = 60.0 * static_cast<double>(sampleRate) / sections.front().bpm;
    int pickup = 0;
    while (offset - (pickup + 1) * firstBeatLength >= -0.5 && pickup < 100000)
        ++pickup;
    for (int k = pickup; k > 0; --k)
        map.beats.push_back(offset - static_cast<int64_t>(std::llround(k * firstBeatLength)));
    map.firstDownbeat = pickup;

    // Integrate the tempo beat by beat in double precision, rounding only when storing, so
    // rounding never accumulates.
    double position = static_cast<double>(offset);
    size_t section = 0;
    for (int64_t beat = 0; position < static_cast<double>(length) && beat < 10000000; ++beat) {
        map.beats.push_back(static_cast<int64_t>(std::llround(position)));
        while (section + 1 < sections.size() && static_cast<double>(beat + 1) > sections[section + 1].startBeat)
            ++section;
        position += 60.0 * static_cast<double>(sampleRate) / sections[section].bpm;
    }
    return map;
}

std::optional<std::vector<TempoSection>> parseTempoList(std::string_view text, int beatsPerBar)
{
    std::vector<TempoSection> sections;
    while (!text.empty()) {
        const size_t comma = std::min(text.find(','), text.size());
        std::string item(text.substr(0, comma));
        text.remove_prefix(std::min(comma + 1, text.size()));
        item.erase(std::remove(item.begin(), item.end(), ' '), item.end());
        const size_t equals = item.find('=');
        if (equals == std::string::npos || equals == 0 || equals + 1 >= item.size() || item.size() > 24)
            return std::nullopt;
        long bar = 0;
        const auto [barEnd, barError] = std::from_chars(item.data(), item.data() + equals, bar);
        double bpm = 0.0;
        const auto [bpmEnd, bpmError] = std::from_chars(item.data() + equals + 1, item.data() + item.size(), bpm);
        if (barError != std::errc{} || barEnd != item.data() + equals || bpmError != std::errc{}
            || bpmEnd != item.data() + item.size() || bar < 1 || bar > 100000 || !(bpm > 0.0))
            return std::nullopt;
        sections.push_back({static_cast<double>(bar - 1) * beatsPerBar, bpm});
    }
    if (sections.empty())
        return std::nullopt;
    return sections;
}

std::optional<std::pair<int, int>> parseMeter(std::string_view text)
{
    const auto slash = text.find('/');
    if (slash == std::string_view::npos || slash == 0 || slash + 1 >= text.size() || text.size() > 5)
        return std::nullopt;
    int top = 0, bottom = 0;
    for (char c : text.substr(0, slash)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        top = top * 10 + (c - '0');
    }
    for (char c : text.substr(slash + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        bottom = bottom * 10 + (c - '0');
    }
    try {
        checkMeter(top, bottom);
    } catch (const std::invalid_argument&) {
        return std::nullopt;
    }
    return std::make_pair(top, bottom);
}

std::vector<int64_t> barLines(const TempoMap& map)
{
    std::vector<int64_t> lines;
    if (map.beatsPerBar <= 0)
        return lines;
    const int first = map.firstDownbeat % map.beatsPerBar;
    for (size_t i = static_cast<size_t>(std::max(first, 0)); i < map.beats.size(); i += static_cast<size_t>(map.beatsPerBar))
        lines.push_back(map.beats[i]);
    return lines;
}

std::optional<int64_t> sampleOfBarBeat(const TempoMap& map, BarBeat p)
{
    if (p.beat < 1 || p.beat > map.beatsPerBar)
        return std::nullopt;
    const int64_t index = static_cast<int64_t>(map.firstDownbeat) + static_cast<int64_t>(p.bar - 1) * map.beatsPerBar
                          + (p.beat - 1);
    if (index < 0 || index >= static_cast<int64_t>(map.beats.size()))
        return std::nullopt;
    return map.beats[static_cast<size_t>(index)];
}

std::optional<BarBeat> barBeatAt(const TempoMap& map, int64_t sample)
{
    const auto it = std::upper_bound(map.beats.begin(), map.beats.end(), sample);
    if (it == map.beats.begin() || map.beatsPerBar <= 0)
        return std::nullopt;
    const int64_t index = static_cast<int64_t>(it - map.beats.begin()) - 1 - map.firstDownbeat;
    const int64_t bars = index >= 0 ? index / map.beatsPerBar : -((-index + map.beatsPerBar - 1) / map.beatsPerBar);
    return BarBeat{static_cast<int>(bars + 1), static_cast<int>(index - bars * map.beatsPerBar + 1)};
}

std::optional<BarBeat> parseBarBeat(std::string_view text)
{
    const auto dot = text.find('.');
    const std::string_view barText = text.substr(0, dot);
    const std::string_view beatText = dot == std::string_view::npos ? std::string_view("1") : text.substr(dot + 1);
    auto number = [](std::string_view t) -> std::optional<int> {
        if (t.empty() || t.size() > 6)
            return std::nullopt;
        int v = 0;
        for (char c : t) {
            if (c < '0' || c > '9')
                return std::nullopt;
            v = v * 10 + (c - '0');
        }
        return v;
    };
    const auto bar = number(barText), beat = number(beatText);
    if (!bar || !beat || *beat < 1)
        return std::nullopt;
    return BarBeat{*bar, *beat};
}

std::optional<int64_t> nearestBarLine(const TempoMap& map, int64_t sample)
{
    const auto lines = barLines(map);
    if (lines.empty())
        return std::nullopt;
    const auto it = std::lower_bound(lines.begin(), lines.end(), sample);
    if (it == lines.begin())
        return *it;
    if (it == lines.end())
        return lines.back();
    return (*it - sample) < (sample - *(it - 1)) ? *it : *(it - 1);
}

std::optional<double> averageBpm(const TempoMap& map, int64_t sampleRate)
{
    if (map.beats.size() < 2)
        return std::nullopt;
    const double span = static_cast<double>(map.beats.back() - map.beats.front());
    if (span <= 0.0)
        return std::nullopt;
    return 60.0 * static_cast<double>(sampleRate) * static_cast<double>(map.beats.size() - 1) / span;
}

} // namespace cuesmith
