#include "Timecode.h"

#include <cstdio>

namespace cuesmith {

namespace {

bool parseTwoDigits(std::string_view text, size_t pos, int& out)
{
    if (pos + 2 > text.size())
        return false;
    const char a = text[pos], b = text[pos + 1];
    if (a < '0' || a > '9' || b < '0' || b > '9')
        return false;
    out = (a - '0') * 10 + (b - '0');
    return true;
}

int64_t floorDiv(__int128 a, __int128 b)
{
    __int128 q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0)))
        --q;
    return static_cast<int64_t>(q);
}

int64_t ceilDiv(__int128 a, __int128 b) { return -floorDiv(-a, b); }

} // namespace

std::optional<Timecode> parseTimecode(std::string_view text)
{
    // Exactly HH?MM?SS?FF with separators : ; . or , (Avid writes "." for drop-frame in some
    // lists). No supported rate needs three frame digits, so longer fields are refused.
    if (text.size() != 11)
        return std::nullopt;
    Timecode tc;
    if (!parseTwoDigits(text, 0, tc.hours) || !parseTwoDigits(text, 3, tc.minutes)
        || !parseTwoDigits(text, 6, tc.seconds) || !parseTwoDigits(text, 9, tc.frames))
        return std::nullopt;
    for (size_t pos : {2u, 5u, 8u}) {
        const char sep = text[pos];
        if (sep != ':' && sep != ';' && sep != '.' && sep != ',')
            return std::nullopt;
    }
    tc.dropFrameSeparator = text[8] != ':';
    if (tc.hours > 23 || tc.minutes > 59 || tc.seconds > 59)
        return std::nullopt;
    return tc;
}

bool isValidTimecode(const Timecode& tc, const FrameRate& rate)
{
    if (tc.hours < 0 || tc.hours > 23 || tc.minutes < 0 || tc.minutes > 59 || tc.seconds < 0
        || tc.seconds > 59 || tc.frames < 0 || tc.frames >= rate.timecodeBase())
        return false;
    const int dropped = rate.droppedLabelsPerMinute();
    if (dropped > 0 && tc.seconds == 0 && tc.minutes % 10 != 0 && tc.frames < dropped)
        return false;
    return true;
}

int64_t timecodeToFrames(const Timecode& tc, const FrameRate& rate)
{
    const int64_t base = rate.timecodeBase();
    const int64_t totalMinutes = int64_t{60} * tc.hours + tc.minutes;
    const int64_t labels = ((int64_t{3600} * tc.hours + int64_t{60} * tc.minutes + tc.seconds) * base)
                           + tc.frames;
    const int64_t dropped = rate.droppedLabelsPerMinute();
    return labels - dropped * (totalMinutes - totalMinutes / 10);
}

std::optional<int64_t> parseTimecodeFrames(std::string_view text, const FrameRate& rate)
{
    const auto tc = parseTimecode(text);
    if (!tc || !isValidTimecode(*tc, rate))
        return std::nullopt;
    return timecodeToFrames(*tc, rate);
}

int64_t framesPerDay(const FrameRate& rate)
{
    const int64_t base = rate.timecodeBase();
    const int64_t dropped = rate.droppedLabelsPerMinute();
    return int64_t{24} * 3600 * base - dropped * (24 * 60 - 24 * 6);
}

Timecode framesToTimecode(int64_t frames, const FrameRate& rate)
{
    const int64_t day = framesPerDay(rate);
    int64_t f = frames % day;
    if (f < 0)
        f += day;

    const int64_t base = rate.timecodeBase();
    const int64_t dropped = rate.droppedLabelsPerMinute();
    if (dropped > 0) {
        // Put the skipped labels back so the count can be split like non-drop labels.
        const int64_t perTenMinutes = base * 600 - dropped * 9;
        const int64_t perMinute = base * 60 - dropped;
        const int64_t tens = f / perTenMinutes;
        const int64_t rest = f % perTenMinutes;
        f += dropped * 9 * tens;
        if (rest >= dropped)
            f += dropped * ((rest - dropped) / perMinute);
    }

    Timecode tc;
    tc.frames = static_cast<int>(f % base);
    const int64_t totalSeconds = f / base;
    tc.seconds = static_cast<int>(totalSeconds % 60);
    tc.minutes = static_cast<int>((totalSeconds / 60) % 60);
    tc.hours = static_cast<int>((totalSeconds / 3600) % 24);
    tc.dropFrameSeparator = rate.dropFrame;
    return tc;
}

std::string formatTimecode(const Timecode& tc)
{
    char text[16];
    std::snprintf(text, sizeof text, "%02d:%02d:%02d%c%02d", tc.hours, tc.minutes, tc.seconds,
                  tc.dropFrameSeparator ? ';' : ':', tc.frames);
    return text;
}

std::string formatFrames(int64_t frames, const FrameRate& rate)
{
    return formatTimecode(framesToTimecode(frames, rate));
}

int64_t framesToSamples(int64_t frames, const FrameRate& rate, int64_t sampleRate)
{
    return ceilDiv(static_cast<__int128>(frames) * rate.denominator * sampleRate, rate.numerator);
}

int64_t samplesToFrames(int64_t samples, const FrameRate& rate, int64_t sampleRate)
{
    return floorDiv(static_cast<__int128>(samples) * rate.numerator,
                    static_cast<__int128>(rate.denominator) * sampleRate);
}

int64_t timecodeToSamples(const Timecode& tc, const FrameRate& rate, int64_t sampleRate)
{
    return framesToSamples(timecodeToFrames(tc, rate), rate, sampleRate);
}

} // namespace cuesmith
