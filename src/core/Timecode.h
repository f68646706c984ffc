#pragma once
// SMPTE timecode labels and their exact conversion to frame counts and sample indices.
// Pure functions over values, any thread. No floating point anywhere: positions are integers and
// rates rational, so 01:00:00:00 at 23.976 and 48 kHz is sample 172 972 800, never 172 800 000.

#include "FrameRate.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace cuesmith {

struct Timecode {
    int hours = 0;
    int minutes = 0;
    int seconds = 0;
    int frames = 0;
    bool dropFrameSeparator = false; // written with ';' (or '.') before the frames

    bool operator==(const Timecode&) const = default;
};

// "HH:MM:SS:FF", "HH:MM:SS;FF" (drop-frame), also "HH:MM:SS.FF" and "HH;MM;SS;FF". Only checks the
// shape and the ranges that hold at every rate (minutes, seconds < 60); see isValidTimecode.
std::optional<Timecode> parseTimecode(std::string_view text);

// True when the label exists at this rate: frames below the timecode base, and for drop-frame not
// one of the labels skipped at the start of a minute.
bool isValidTimecode(const Timecode& tc, const FrameRate& rate);

// Frames since midnight. The label must be valid at the rate (see isValidTimecode).
int64_t timecodeToFrames(const Timecode& tc, const FrameRate& rate);

// Parses and converts in one step; nullopt when the text is not a valid label at this rate.
std::optional<int64_t> parseTimecodeFrames(std::string_view text, const FrameRate& rate);

// The label of a frame count; counts outside one day wrap around midnight.
Timecode framesToTimecode(int64_t frames, const FrameRate& rate);

// "01:00:00:00", or "01:00:00;00" for drop-frame rates.
std::string formatTimecode(const Timecode& tc);
std::string formatFrames(int64_t frames, const FrameRate& rate);

// Number of frames in 24 hours of labels at this rate.
int64_t framesPerDay(const FrameRate& rate);

// First sample at or after the exact start of the frame: ceil(frames * den * sampleRate / num).
int64_t framesToSamples(int64_t frames, const FrameRate& rate, int64_t sampleRate);

// The frame that contains the sample: floor(samples * num / (den * sampleRate)).
int64_t samplesToFrames(int64_t samples, const FrameRate& rate, int64_t sampleRate);

// Samples since midnight of a timecode label (the BWF TimeReference of a file starting there).
int64_t timecodeToSamples(const Timecode& tc, const FrameRate& rate, int64_t sampleRate);

} // namespace cuesmith
