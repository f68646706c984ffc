#pragma once
// Musical time inside a cue: where its beats fall (samples from the cue's first sample) and how
// they group into bars. Given by the composer (bpm and meter, or a tempo list) or detected from
// the audio; either way it ends up as the list of beat positions, so a rubato cue with detected
// beats and a click-track cue are the same kind of value. Pure value type, any thread.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace cuesmith {

enum class TempoSource { Given, Detected };

struct TempoMap {
    std::vector<int64_t> beats;  // ascending, cue-relative samples
    int beatsPerBar = 4;
    int beatUnit = 4;
    int firstDownbeat = 0;  // index in beats of bar 1, beat 1 (a pickup bar has beats before it)
    TempoSource source = TempoSource::Given;

    bool operator==(const TempoMap&) const = default;
};

// One section of a given tempo list: from `startBeat` on, `bpm` beats per minute.
struct TempoSection {
    double startBeat = 0.0;
    double bpm = 120.0;
};

// Beats of a steady tempo from `offset` (the first downbeat) through `length` samples.
// Throws std::invalid_argument for a tempo outside 20-400 bpm or a meter outside 1-32.
TempoMap tempoMapFromBpm(double bpm, int beatsPerBar, int beatUnit, int64_t offset, int64_t length,
                         int64_t sampleRate);
// Beats of a tempo list (sections in ascending startBeat, the first at 0).
TempoMap tempoMapFromSections(const std::vector<TempoSection>& sections, int beatsPerBar, int beatUnit,
                              int64_t offset, int64_t length, int64_t sampleRate);

// A tempo list as a music editor writes it, bar = bpm: "1=96, 17=120, 33=88.5" (tempo changes at
// the downbeats of bars 17 and 33) -> sections, startBeat = (bar - 1) * beatsPerBar. nullopt when
// the text is not such a list; order and ranges are checked by tempoMapFromSections.
std::optional<std::vector<TempoSection>> parseTempoList(std::string_view text, int beatsPerBar);

// "4/4", "6/8" -> {beatsPerBar, beatUnit}.
std::optional<std::pair<int, int>> parseMeter(std::string_view text);

// Samples of every bar line (beat 1 of each bar), ascending.
std::vector<int64_t> barLines(const TempoMap& map);

// Bar/beat positions, 1-based as musicians count. Bars before bar 1 (pickup) are 0, -1, ...
struct BarBeat {
    int bar = 1;
    int beat = 1;
    bool operator==(const BarBeat&) const = default;
};
std::optional<int64_t> sampleOfBarBeat(const TempoMap& map, BarBeat position);
// The beat at or before the sample (nullopt before the first beat).
std::optional<BarBeat> barBeatAt(const TempoMap& map, int64_t sample);
// "12.3" -> bar 12 beat 3; "12" -> bar 12 beat 1.
std::optional<BarBeat> parseBarBeat(std::string_view text);

// The bar line nearest to a sample (nullopt without bar lines).
std::optional<int64_t> nearestBarLine(const TempoMap& map, int64_t sample);

// Average tempo over the map, for display.
std::optional<double> averageBpm(const TempoMap& map, int64_t sampleRate);

} // namespace cuesmith
