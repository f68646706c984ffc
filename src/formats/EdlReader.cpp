#include "EdlReader.h"

#include "TextEncoding.h"

#include "core/Timecode.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace cuesmith {

EdlReadError::EdlReadError(int line, const std::string& message)
    : std::runtime_error(message), line_(line)
{
}

namespace {

// ---------------------------------------------------------------------------------------------
// Text helpers. Everything works on std::string_view slices of the input; only values that end
// up in the Edl are copied.

// NUL and Ctrl-Z count as blanks: old systems pad files with them, and they must not turn an
// otherwise good last line into an unreadable one.
bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\v' || c == '\f' || c == '\0' || c == '\x1a';
}

bool isDigit(char c) { return c >= '0' && c <= '9'; }

char upper(char c) { return (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c; }

std::string_view trim(std::string_view text)
{
    while (!text.empty() && isBlank(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isBlank(text.back()))
        text.remove_suffix(1);
    return text;
}

std::vector<std::string_view> splitWords(std::string_view text)
{
    std::vector<std::string_view> words;
    size_t pos = 0;
    while (pos < text.size()) {
        while (pos < text.size() && isBlank(text[pos]))
            ++pos;
        const size_t start = pos;
        while (pos < text.size() && !isBlank(text[pos]))
            ++pos;
        if (pos > start)
            words.push_back(text.substr(start, pos - start));
    }
    return words;
}

std::string joinWords(const std::vector<std::string_view>& words, size_t begin, size_t end)
{
    std::string joined;
    for (size_t i = begin; i < end; ++i) {
        if (!joined.empty())
            joined += ' ';
        joined += words[i];
    }
    return joined;
}

bool equalsNoCase(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i)
        if (upper(a[i]) != upper(b[i]))
            return false;
    return true;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() && equalsNoCase(text.substr(0, prefix.size()), prefix);
}

// A keyword at the start of the text that is a whole word: "FROM CLIP" must not match
// "FROM CLIP NAME" (checked first) nor "FROM CLIPBOARD".
bool startsWithKeyword(std::string_view text, std::string_view keyword)
{
    if (!startsWithNoCase(text, keyword))
        return false;
    if (text.size() == keyword.size())
        return true;
    const char next = text[keyword.size()];
    return next == ':' || isBlank(next);
}

// The text after a keyword, without the colon and blanks that usually separate them.
std::string_view keywordValue(std::string_view text, std::string_view keyword)
{
    std::string_view rest = trim(text.substr(keyword.size()));
    if (!rest.empty() && rest.front() == ':')
        rest.remove_prefix(1);
    return trim(rest);
}

bool allDigits(std::string_view text)
{
    return !text.empty() && std::all_of(text.begin(), text.end(), isDigit);
}

// Digits only, at most maxDigits of them, so the value can never overflow an int.
std::optional<int> parseSmallNumber(std::string_view text, size_t maxDigits)
{
    if (!allDigits(text) || text.size() > maxDigits)
        return std::nullopt;
    int value = 0;
    for (const char c : text)
        value = value * 10 + (c - '0');
    return value;
}

// An M2 speed such as "048.0", "-025.0", "+12" or "29.97". Bounded digit counts keep the
// arithmetic exact-ish and overflow-free; no locale-dependent library parsing.
std::optional<double> parseSpeed(std::string_view text)
{
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    const size_t dot = text.find('.');
    const std::string_view whole = text.substr(0, dot);
    const std::string_view fraction = dot == std::string_view::npos ? std::string_view{}
                                                                     : text.substr(dot + 1);
    if (whole.empty() && fraction.empty())
        return std::nullopt;
    if ((!whole.empty() && !allDigits(whole)) || (!fraction.empty() && !allDigits(fraction)))
        return std::nullopt;
    if (whole.size() > 6 || fraction.size() > 6)  // no real M2 speed needs more
        return std::nullopt;
    double value = 0.0;
    for (const char c : whole)
        value = value * 10.0 + (c - '0');
    double scale = 0.1;
    for (const char c : fraction) {
        value += (c - '0') * scale;
        scale /= 10.0;
    }
    return negative ? -value : value;
}

// "HH:MM:SS:FF" shaped (any of the separators the core accepts); whether the label exists at
// the list's rate is decided later, once the rate is known.
bool hasTimecodeShape(std::string_view text)
{
    if (text.size() != 11)
        return false;
    for (size_t i = 0; i < 11; ++i) {
        const char c = text[i];
        if (i % 3 == 2) {
            if (c != ':' && c != ';' && c != '.' && c != ',')
                return false;
        } else if (!isDigit(c)) {
            return false;
        }
    }
    return true;
}

int frameField(std::string_view timecode)
{
    return (timecode[9] - '0') * 10 + (timecode[10] - '0');
}

// Warnings quote the offending text, cut short so a megabyte of junk on one line cannot make a
// megabyte-sized message. The cut never splits a UTF-8 sequence (the JSON output must stay
// valid).
std::string excerpt(std::string_view text)
{
    constexpr size_t kMax = 60;
    if (text.size() <= kMax)
        return std::string(text);
    size_t cut = kMax;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80)
        --cut;
    return std::string(text.substr(0, cut)) + "...";
}

// ---------------------------------------------------------------------------------------------
// Event line fields.

std::optional<EdlTransition> transitionKind(std::string_view code)
{
    if (equalsNoCase(code, "C"))
        return EdlTransition::Cut;
    if (equalsNoCase(code, "D"))
        return EdlTransition::Dissolve;
    if (equalsNoCase(code, "K"))
        return EdlTransition::Key;
    if (equalsNoCase(code, "KB"))
        return EdlTransition::KeyBackground;
    if (equalsNoCase(code, "KO"))
        return EdlTransition::KeyOut;
    // "W" alone or with its wipe pattern number glued on: "W001".
    if (!code.empty() && upper(code.front()) == 'W' && code.size() <= 7
        && (code.size() == 1 || allDigits(code.substr(1))))
        return EdlTransition::Wipe;
    return std::nullopt;
}

// One part of a channel field: V, B (both), A, AA, A1..A99, NONE.
bool isChannelPart(std::string_view part)
{
    if (part == "V" || part == "B" || part == "A" || part == "AA" || part == "NONE")
        return true;
    if (part.size() >= 2 && part.size() <= 3 && part.front() == 'A') {
        const auto track = parseSmallNumber(part.substr(1), 2);
        return track && *track >= 1;
    }
    return false;
}

// "V", "AA/V", "A2/V", "A3/A4"... Channel fields are short; the length cap also bounds the cost
// of trying suffixes when a long reel name is glued to its channels.
bool isChannels(std::string_view text)
{
    if (text.empty() || text.size() > 24)
        return false;
    size_t start = 0;
    while (true) {
        const size_t slash = text.find('/', start);
        const size_t length = slash == std::string_view::npos ? slash : slash - start;
        if (!isChannelPart(text.substr(start, length)))
            return false;
        if (slash == std::string_view::npos)
            return true;
        start = slash + 1;
    }
}

struct ReelAndChannels {
    std::string_view reel;
    std::string_view channels;
};

// A reel name that fills its column pushes the channels against it ("ZZ100_501V"). Exporters
// use fixed reel widths of 8, 16 or 32 characters (OpenTimelineIO reads them the same way);
// failing those, the longest channel suffix that leaves a reel.
std::optional<ReelAndChannels> splitGluedChannels(std::string_view word)
{
    for (const size_t width : {size_t{8}, size_t{16}, size_t{32}})
        if (word.size() > width && isChannels(word.substr(width)))
            return ReelAndChannels{word.substr(0, width), word.substr(width)};
    const size_t firstCut = word.size() > 24 ? word.size() - 24 : 1;
    for (size_t cut = firstCut; cut < word.size(); ++cut)
        if (isChannels(word.substr(cut)))
            return ReelAndChannels{word.substr(0, cut), word.substr(cut)};
    return std::nullopt;
}

// Channel parts as track numbers: 0 is the picture, n is audio channel n.
std::vector<int> tracksOf(std::string_view channels)
{
    std::vector<int> tracks;
    size_t start = 0;
    while (start <= channels.size()) {
        const size_t slash = channels.find('/', start);
        const std::string_view part =
            channels.substr(start, slash == std::string_view::npos ? slash : slash - start);
        if (part == "V") {
            tracks.push_back(0);
        } else if (part == "B") {  // both: picture and the (mono) audio
            tracks.push_back(0);
            tracks.push_back(1);
        } else if (part == "A") {
            tracks.push_back(1);
        } else if (part == "AA") {
            tracks.push_back(1);
            tracks.push_back(2);
        } else if (part.size() >= 2 && part.front() == 'A') {
            if (const auto n = parseSmallNumber(part.substr(1), 2))
                tracks.push_back(*n);
        }
        if (slash == std::string_view::npos)
            break;
        start = slash + 1;
    }
    std::sort(tracks.begin(), tracks.end());
    tracks.erase(std::unique(tracks.begin(), tracks.end()), tracks.end());
    return tracks;
}

constexpr std::array<std::string_view, 13> kMarkerColors{
    "RED", "GREEN", "BLUE", "CYAN", "MAGENTA", "YELLOW", "BLACK",
    "WHITE", "PINK", "ORANGE", "PURPLE", "VIOLET", "GRAY"};

bool isMarkerColor(std::string_view word)
{
    return std::any_of(kMarkerColors.begin(), kMarkerColors.end(),
                       [word](std::string_view color) { return equalsNoCase(word, color); });
}

bool supportsDropFrame(const FrameRate& rate)
{
    return rate.denominator == 1001 && (rate.timecodeBase() == 30 || rate.timecodeBase() == 60);
}

// The rate of one line: the list's rate with the drop-frame flag of the FCM in force, where the
// rate has a drop-frame form at all.
FrameRate rateAtLine(FrameRate base, bool dropFrame)
{
    base.dropFrame = supportsDropFrame(base) && dropFrame;
    return base;
}

// ---------------------------------------------------------------------------------------------

struct Warning {
    int line = 0;
    std::string message;
    // A read problem: a line (or part of one) that could not be read. Strict mode throws on
    // these. Sanity findings about a list that was read completely never throw.
    bool readProblem = false;
};

struct ReadEvent {
    EdlEvent event;
    std::optional<bool> fcm;  // the FCM in force at the line, if one came before it
    bool toClipSeen = false;
};

struct ReadMarker {
    EdlMarker marker;
    std::optional<bool> fcm;
};

class Reader {
public:
    explicit Reader(const EdlReadOptions& options) : options_(options) {}

    Edl read(std::string_view text);

private:
    void readLine(std::string_view line, int number);
    void readTitle(std::string_view value);
    void readFcm(std::string_view value, int line);
    void readEventLine(std::string_view eventNumber, std::string_view rest, int line);
    bool readEventHead(std::string_view head, EdlEvent& event, int line);
    bool readTransition(const std::vector<std::string_view>& words, size_t code, EdlEvent& event,
                        int line);
    void readMotion(std::string_view rest, std::optional<std::string_view> eventNumber, int line);
    void readAudioChannels(std::string_view rest, int line);
    void readComment(std::string_view body, int line);
    void readMarker(std::string_view value, int line);
    void setFromClipName(std::string_view name);
    void setToClipName(std::string_view name);
    EdlEvent* currentEvent();
    EdlEvent* motionTarget(std::string_view reel, std::string_view sourceTimecode,
                           std::optional<std::string_view> eventNumber);
    void noteFrameField(std::string_view timecode, int line);

    void decideRate(Edl& edl);
    void computeFrames(Edl& edl);
    void checkSanity(const Edl& edl);
    void checkOverlaps(const Edl& edl);

    void warnRead(int line, std::string message)
    {
        warnings_.push_back({line, std::move(message), true});
    }
    void warnSanity(int line, std::string message)
    {
        warnings_.push_back({line, std::move(message), false});
    }

    const EdlReadOptions& options_;
    std::string title_;
    bool titleSeen_ = false;
    std::vector<ReadEvent> events_;
    std::vector<ReadMarker> markers_;
    std::vector<Warning> warnings_;
    std::vector<std::string> pendingComments_;  // SPLIT: lines belong to the event after them
    bool haveCurrent_ = false;                  // false after an event line that was skipped
    std::optional<bool> fcm_;
    std::optional<bool> firstFcm_;
    bool anyDropFcm_ = false;
    int largestFrameField_ = -1;  // among fields below 60 (larger ones fit no rate at all)
    int firstLineBeyond24_ = 0;
    std::string firstTimecodeBeyond24_;
    FrameRate baseRate_;
};

// Calls f(line, number) for each line; CRLF, LF and lone CR all end a line.
template <typename F>
void forEachLine(std::string_view text, F&& f)
{
    int number = 1;
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '\n' && text[i] != '\r')
            continue;
        f(text.substr(start, i - start), number);
        if (number == INT_MAX)
            return;  // 2^31 lines: not an EDL, and line numbers must not overflow
        ++number;
        if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n')
            ++i;
        start = i + 1;
    }
    if (start < text.size())
        f(text.substr(start), number);
}

Edl Reader::read(std::string_view text)
{
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::string transcoded;
    if (!isValidUtf8(text)) {
        transcoded = windows1252ToUtf8(text);
        text = transcoded;
        warnSanity(0, "the list is not UTF-8; read as Windows-1252");
    }

    forEachLine(text, [this](std::string_view line, int number) { readLine(line, number); });

    Edl edl;
    edl.title = title_;
    decideRate(edl);
    computeFrames(edl);
    checkSanity(edl);

    // Warnings in line order (the rate guess and sanity checks are found after the lines).
    std::stable_sort(warnings_.begin(), warnings_.end(),
                     [](const Warning& a, const Warning& b) { return a.line < b.line; });
    if (options_.strict)
        for (const auto& warning : warnings_)
            if (warning.readProblem)
                throw EdlReadError(warning.line, warning.message);
    for (auto& warning : warnings_)
        edl.warnings.push_back({warning.line, std::move(warning.message)});
    return edl;
}

void Reader::readLine(std::string_view raw, int number)
{
    const std::string_view line = trim(raw);
    if (line.empty())
        return;

    if (line.front() == '*') {
        readComment(line.substr(1), number);
        return;
    }
    if (isDigit(line.front())) {
        size_t end = 0;
        while (end < line.size() && isDigit(line[end]))
            ++end;
        const std::string_view eventNumber = line.substr(0, end);
        const std::string_view rest = trim(line.substr(end));
        // Some exporters number their motion lines like events: "002  M2   REEL  048.0  tc".
        if (startsWithKeyword(rest, "M2") && splitWords(rest).size() < 7)
            readMotion(rest.substr(2), eventNumber, number);
        else
            readEventLine(eventNumber, rest, number);
        return;
    }
    if (startsWithNoCase(line, "TITLE:")) {
        readTitle(line.substr(6));
        return;
    }
    if (startsWithNoCase(line, "FCM:")) {
        readFcm(line.substr(4), number);
        return;
    }
    if (startsWithKeyword(line, "M2")) {
        readMotion(line.substr(2), std::nullopt, number);
        return;
    }
    if (startsWithKeyword(line, "AUD")) {
        readAudioChannels(line.substr(3), number);
        return;
    }
    if (startsWithKeyword(line, "SPLIT")) {
        pendingComments_.emplace_back(line);
        return;
    }
    // Note lines that belong to the event above them, and comment keywords written without the
    // '*' (Premiere, and OpenTimelineIO's gap test writes "FROM CLIP NAME:" bare).
    static constexpr std::array<std::string_view, 17> kNoteForms{
        ">>>",       "EFFECTS NAME IS", "FROM CLIP NAME", "TO CLIP NAME", "SOURCE FILE",
        "FROM CLIP", "FROM FILE",       "LOC",            "ASC_SOP",      "ASC_SAT",
        "GPI",       "M/S",             "SWM",            "%",            "NOTE",
        "REM",       "FREEZE FRAME"};
    for (const auto form : kNoteForms) {
        if (startsWithNoCase(line, form)) {
            readComment(line, number);
            return;
        }
    }
    warnRead(number, "cannot read line '" + excerpt(line) + "'");
}

void Reader::readTitle(std::string_view value)
{
    // The first title names the list; a second one (lists pasted together) must not rename it.
    if (titleSeen_)
        return;
    titleSeen_ = true;
    title_ = std::string(trim(value));
}

void Reader::readFcm(std::string_view value, int line)
{
    std::string mode;
    for (const char c : trim(value))
        mode += upper(c);
    bool drop = false;
    if (mode.find("NON") != std::string::npos || mode == "NDF")
        drop = false;
    else if (mode.find("DROP") != std::string::npos || mode == "DF")
        drop = true;
    else {
        warnRead(line, "unknown frame code mode 'FCM:" + excerpt(value) + "'");
        return;
    }
    fcm_ = drop;
    if (!firstFcm_)
        firstFcm_ = drop;
    anyDropFcm_ = anyDropFcm_ || drop;
}

void Reader::noteFrameField(std::string_view timecode, int line)
{
    const int field = frameField(timecode);
    if (field >= 60)
        return;
    largestFrameField_ = std::max(largestFrameField_, field);
    if (field >= 24 && firstLineBeyond24_ == 0) {
        firstLineBeyond24_ = line;
        firstTimecodeBeyond24_ = std::string(timecode);
    }
}

// "NNN  REEL  CHANNELS  TRANSITION [LENGTH]  SRC-IN SRC-OUT REC-IN REC-OUT". The four timecodes
// are found by their shape, so blanks missing between them or tabs instead of spaces do not
// matter; what precedes them is the reel, channels and transition.
void Reader::readEventLine(std::string_view eventNumber, std::string_view rest, int line)
{
    haveCurrent_ = false;
    std::vector<std::string> splitNotes = std::move(pendingComments_);
    pendingComments_.clear();
    std::array<size_t, 5> found{};
    size_t count = 0;
    for (size_t i = 0; i + 11 <= rest.size() && count < found.size();) {
        const bool boundary =
            i == 0 || !isDigit(rest[i - 1]) || (count > 0 && found[count - 1] + 11 == i);
        if (boundary && hasTimecodeShape(rest.substr(i, 11))) {
            found[count++] = i;
            i += 11;
        } else {
            ++i;
        }
    }
    if (count < 4) {
        warnRead(line, "event " + excerpt(eventNumber)
                           + " needs source in/out and record in/out timecodes: '"
                           + excerpt(rest) + "'");
        return;
    }
    for (size_t k = 0; k < 3; ++k) {
        if (!trim(rest.substr(found[k] + 11, found[k + 1] - found[k] - 11)).empty()) {
            warnRead(line, "event " + excerpt(eventNumber) + " has text between its timecodes");
            return;
        }
    }

    EdlEvent event;
    event.number = std::string(eventNumber);
    event.line = line;
    if (!readEventHead(rest.substr(0, found[0]), event, line))
        return;
    event.sourceIn = std::string(rest.substr(found[0], 11));
    event.sourceOut = std::string(rest.substr(found[1], 11));
    event.recordIn = std::string(rest.substr(found[2], 11));
    event.recordOut = std::string(rest.substr(found[3], 11));
    for (const auto* tc : {&event.sourceIn, &event.sourceOut, &event.recordIn, &event.recordOut})
        noteFrameField(*tc, line);

    const std::string_view trailing = trim(rest.substr(found[3] + 11));
    if (!trailing.empty())
        warnRead(line, "ignored text after the record out of event " + event.number + ": '"
                           + excerpt(trailing) + "'");

    event.comments = std::move(splitNotes);
    events_.push_back({std::move(event), fcm_, false});
    haveCurrent_ = true;
}

// Reel, channels and transition, read from the right: the transition is the last word that is
// a transition code followed only by numbers (its length, and a wipe's pattern).
bool Reader::readEventHead(std::string_view head, EdlEvent& event, int line)
{
    const auto words = splitWords(head);
    std::optional<size_t> code;
    for (size_t back = 1; back <= 3 && back <= words.size(); ++back) {
        const size_t k = words.size() - back;
        const bool numbersAfter = std::all_of(words.begin() + static_cast<std::ptrdiff_t>(k) + 1,
                                              words.end(), allDigits);
        if (numbersAfter && transitionKind(words[k])) {
            code = k;
            break;
        }
    }
    if (!code && words.size() >= 3 && !allDigits(words.back())) {
        // An effect we have no name for (R sync roll, X audio mix...): keep the event as a cut
        // rather than lose it.
        warnRead(line, "unknown transition '" + excerpt(words.back()) + "' in event "
                           + event.number + ", read as a cut");
        event.transitionCode = std::string(words.back());
        code = words.size() - 1;
    } else if (!code) {
        warnRead(line, "event " + event.number + " has no transition (C, D, Wnnn, K, KB, KO): '"
                           + excerpt(head) + "'");
        return false;
    } else if (!readTransition(words, *code, event, line)) {
        return false;
    }

    const size_t channelsAt = *code;
    if (channelsAt == 0) {
        warnRead(line, "event " + event.number + " has no reel or channels");
        return false;
    }
    const std::string_view channels = words[channelsAt - 1];
    if (isChannels(channels) && channelsAt == 1) {
        warnRead(line, "event " + event.number + " has no reel");
        return false;
    }
    if (isChannels(channels)) {
        event.channels = std::string(channels);
        event.reel = joinWords(words, 0, channelsAt - 1);
        return true;
    }
    if (const auto split = splitGluedChannels(channels)) {
        event.reel = joinWords(words, 0, channelsAt - 1);
        if (!event.reel.empty())
            event.reel += ' ';
        event.reel += split->reel;
        event.channels = std::string(split->channels);
        return true;
    }
    warnRead(line, "event " + event.number + ": cannot tell reel from channels in '"
                       + excerpt(head) + "'");
    return false;
}

// The transition code and the numbers after it. "D 030" is a 30-frame dissolve. A wipe's
// pattern may be glued ("W001 010") or not ("W 001 010"); a bare "W 010" reads like "D 010",
// as a length, because a transition without its length would be useless to a conform.
bool Reader::readTransition(const std::vector<std::string_view>& words, size_t code,
                            EdlEvent& event, int line)
{
    const std::string_view written = words[code];
    event.transition = *transitionKind(written);
    event.transitionCode.clear();
    for (const char c : written)
        event.transitionCode += upper(c);

    const size_t numbers = words.size() - code - 1;
    std::optional<std::string_view> length;
    if (numbers == 2 && event.transitionCode == "W") {
        event.transitionCode += words[code + 1];
        length = words[code + 2];
    } else if (numbers == 1) {
        length = words[code + 1];
    } else if (numbers == 2) {
        warnRead(line, "event " + event.number + " has two numbers after its transition");
        return false;
    }
    if (!length)
        return true;
    const auto frames = parseSmallNumber(*length, 5);
    if (!frames) {
        warnRead(line, "event " + event.number + ": transition length '" + excerpt(*length)
                           + "' is not a frame count");
        return false;
    }
    // A cut has no length; some exporters still write "C 000".
    event.transitionFrames = event.transition == EdlTransition::Cut ? 0 : *frames;
    return true;
}

EdlEvent* Reader::currentEvent()
{
    return haveCurrent_ && !events_.empty() ? &events_.back().event : nullptr;
}

// "M2   REEL   048.0   01:00:10:21": reel, playback speed in frames per second (negative runs
// backwards, 0 freezes), and the source timecode the effect starts at. Optional CMX fields may
// sit between speed and timecode, so the speed is the last number before the timecode.
void Reader::readMotion(std::string_view rest, std::optional<std::string_view> eventNumber,
                        int line)
{
    const auto words = splitWords(rest);
    if (words.size() < 2) {
        warnRead(line, "M2 line needs a speed and a source timecode");
        return;
    }
    std::string_view trigger = words.back();
    if (!trigger.empty() && (trigger.front() == '+' || trigger.front() == '-'))
        trigger.remove_prefix(1);
    if (!hasTimecodeShape(trigger)) {
        warnRead(line, "M2 line does not end with a timecode: '" + excerpt(rest) + "'");
        return;
    }
    std::optional<double> speed;
    size_t speedAt = 0;
    for (size_t back = 2; back <= 4 && back <= words.size() && !speed; ++back) {
        speedAt = words.size() - back;
        speed = parseSpeed(words[speedAt]);
    }
    if (!speed) {
        warnRead(line, "M2 line has no speed: '" + excerpt(rest) + "'");
        return;
    }
    if (events_.empty()) {
        warnRead(line, "M2 line before any event");
        return;
    }
    if (!haveCurrent_ && !eventNumber)
        return;  // belongs to an event line that was skipped (already warned)
    const std::string reel = joinWords(words, 0, speedAt);
    if (EdlEvent* target = motionTarget(reel, trigger, eventNumber))
        target->speed = *speed;
}

// The event of the same number with the M2's reel (preferring the one whose source in is the
// M2's timecode, then one without a speed yet), else the preceding event. Only the last few
// events are looked at: a dissolve has two lines, and a crafted list with thousands of equal
// numbers must not make this quadratic.
EdlEvent* Reader::motionTarget(std::string_view reel, std::string_view sourceTimecode,
                               std::optional<std::string_view> eventNumber)
{
    const std::string_view number = eventNumber ? *eventNumber
                                                : std::string_view(events_.back().event.number);
    EdlEvent* best = nullptr;
    int bestScore = 0;
    size_t looked = 0;
    for (auto it = events_.rbegin(); it != events_.rend() && looked < 8; ++it, ++looked) {
        EdlEvent& candidate = it->event;
        if (candidate.number != number)
            break;
        if (candidate.reel != reel)
            continue;
        const int score = candidate.sourceIn == sourceTimecode ? 3 : (!candidate.speed ? 2 : 1);
        if (score > bestScore) {
            best = &candidate;
            bestScore = score;
        }
    }
    if (best)
        return best;
    return haveCurrent_ ? &events_.back().event : nullptr;
}

// "AUD  3 4": Avid's way of adding audio channels 3 and 4 to the event above. They are added
// to its channels ("AA" becomes "AA/A3/A4") so no track is lost.
void Reader::readAudioChannels(std::string_view rest, int line)
{
    EdlEvent* event = currentEvent();
    if (!event) {
        if (events_.empty())
            warnRead(line, "AUD line before any event");
        return;
    }
    const auto words = splitWords(rest);
    if (words.empty()) {
        warnRead(line, "AUD line names no channel");
        return;
    }
    std::string added;
    for (const auto word : words) {
        const bool prefixed = word.front() == 'A' || word.front() == 'a';  // "AUD A3" also seen
        const std::string_view digits = prefixed ? word.substr(1) : word;
        const auto channel = parseSmallNumber(digits, 2);
        if (!channel || *channel == 0) {
            warnRead(line, "AUD line: '" + excerpt(word) + "' is not an audio channel");
            return;
        }
        added += "/A" + std::to_string(*channel);
    }
    event->channels += added;
}

void Reader::readComment(std::string_view body, int line)
{
    body = trim(body);
    if (body.empty())
        return;
    if (startsWithKeyword(body, "LOC")) {
        readMarker(keywordValue(body, "LOC"), line);
        return;
    }
    EdlEvent* event = currentEvent();
    if (!event)
        return;  // comments above the first event, or under a skipped one, have no owner
    if (startsWithKeyword(body, "FROM CLIP NAME")) {
        setFromClipName(keywordValue(body, "FROM CLIP NAME"));
        return;
    }
    if (startsWithKeyword(body, "TO CLIP NAME")) {
        setToClipName(keywordValue(body, "TO CLIP NAME"));
        return;
    }
    // Avid and Nucoda name the media file with FROM CLIP: / FROM FILE:, Premiere with SOURCE FILE:.
    for (const std::string_view keyword : {"SOURCE FILE", "FROM CLIP", "FROM FILE"}) {
        if (startsWithKeyword(body, keyword) && !event->sourceFile) {
            event->sourceFile = std::string(keywordValue(body, keyword));
            return;
        }
    }
    if (equalsNoCase(event->reel, "AX") && startsWithKeyword(body, "AX") && !event->auxName) {
        event->auxName = std::string(keywordValue(body, "AX"));
        return;
    }
    event->comments.emplace_back(body);
}

// Under a two-line dissolve the FROM clip is the outgoing side, the first line of the pair.
void Reader::setFromClipName(std::string_view name)
{
    const size_t last = events_.size() - 1;
    EdlEvent& current = events_[last].event;
    if (current.transition != EdlTransition::Cut && last > 0) {
        EdlEvent& previous = events_[last - 1].event;
        if (previous.number == current.number && !previous.clipName) {
            previous.clipName = std::string(name);
            return;
        }
    }
    if (!current.clipName && !events_[last].toClipSeen) {
        current.clipName = std::string(name);
        return;
    }
    current.comments.push_back("FROM CLIP NAME: " + std::string(name));
}

// The TO clip is what a transition brings in: it names the event line that carries it.
void Reader::setToClipName(std::string_view name)
{
    ReadEvent& current = events_.back();
    current.event.toClipName = std::string(name);
    current.event.clipName = std::string(name);
    current.toClipSeen = true;
}

// "LOC: 01:00:06:12 RED     DOOR SLAM": timecode, colour when it is a colour word, the rest
// is the name (its inner spacing kept).
void Reader::readMarker(std::string_view value, int line)
{
    const std::string_view timecode = value.substr(0, std::min<size_t>(11, value.size()));
    if (!hasTimecodeShape(timecode) || (value.size() > 11 && !isBlank(value[11]))) {
        warnRead(line, "LOC marker without a timecode: '" + excerpt(value) + "'");
        return;
    }
    ReadMarker read;
    read.marker.timecode = std::string(timecode);
    read.marker.line = line;
    read.fcm = fcm_;
    std::string_view rest = trim(value.substr(11));
    size_t wordEnd = 0;
    while (wordEnd < rest.size() && !isBlank(rest[wordEnd]))
        ++wordEnd;
    if (wordEnd > 0 && isMarkerColor(rest.substr(0, wordEnd))) {
        read.marker.color = std::string(rest.substr(0, wordEnd));
        rest = trim(rest.substr(wordEnd));
    }
    read.marker.name = std::string(rest);
    noteFrameField(timecode, line);
    markers_.push_back(std::move(read));
}

// Without a rate from the caller: 29.97 drop-frame when the list says FCM: DROP FRAME (59.94
// when its frame fields go past 29), else 24. When a frame field does not fit 24 fps the list
// cannot be 24 fps; we then count at the smallest supported rate every field fits (25 for
// fields up to :24, 29.97 up to :29, ...) and say so in one warning. For non-drop timecode the
// frame counts depend only on the timecode base, so 29.97 and 30 give identical counts; only
// the wall-clock meaning differs, which is why the warning asks for the real rate.
void Reader::decideRate(Edl& edl)
{
    if (options_.rate) {
        baseRate_ = *options_.rate;
    } else if (anyDropFcm_) {
        baseRate_ = largestFrameField_ >= 30 ? kFps59_94Drop : kFps29_97Drop;
    } else {
        baseRate_ = kFps24;
        if (largestFrameField_ >= 24) {
            for (auto it = supportedFrameRatesBegin(); it != supportedFrameRatesEnd(); ++it) {
                if (!it->dropFrame && it->timecodeBase() > largestFrameField_) {
                    baseRate_ = *it;
                    break;
                }
            }
            warnSanity(firstLineBeyond24_,
                       "timecode " + firstTimecodeBeyond24_
                           + " does not fit 24 fps; frames counted at " + frameRateName(baseRate_)
                           + " fps, the smallest rate all frame fields fit"
                           + " (give the rate to be sure)");
        }
    }
    const bool defaultDrop = firstFcm_.value_or(options_.rate ? options_.rate->dropFrame : false);
    edl.rate = rateAtLine(baseRate_, defaultDrop);
    edl.dropFrame = firstFcm_.value_or(edl.rate.dropFrame);
    if (anyDropFcm_ && !supportsDropFrame(baseRate_))
        warnSanity(0, "FCM: DROP FRAME has no meaning at " + frameRateName(baseRate_)
                          + " fps; frames counted non-drop");
}

void Reader::computeFrames(Edl& edl)
{
    const bool defaultDrop = firstFcm_.value_or(options_.rate ? options_.rate->dropFrame : false);
    for (auto& read : events_) {
        EdlEvent& event = read.event;
        event.dropFrame = read.fcm.value_or(defaultDrop);
        const FrameRate rate = rateAtLine(baseRate_, event.dropFrame);
        const std::array<std::pair<const std::string*, int64_t*>, 4> fields{{
            {&event.sourceIn, &event.sourceInFrame},
            {&event.sourceOut, &event.sourceOutFrame},
            {&event.recordIn, &event.recordInFrame},
            {&event.recordOut, &event.recordOutFrame},
        }};
        bool valid = true;
        for (const auto& [text, frame] : fields) {
            const auto frames = parseTimecodeFrames(*text, rate);
            if (!frames) {
                warnRead(event.line, "timecode " + *text + " does not exist at "
                                         + frameRateName(rate) + " fps; event " + event.number
                                         + " skipped");
                valid = false;
                break;
            }
            *frame = *frames;
        }
        if (!valid)
            continue;
        if (equalsNoCase(event.reel, "AX") && !event.auxName && event.clipName)
            event.auxName = event.clipName;
        edl.events.push_back(std::move(event));
    }
    for (auto& read : markers_) {
        const FrameRate rate = rateAtLine(baseRate_, read.fcm.value_or(defaultDrop));
        const auto frame = parseTimecodeFrames(read.marker.timecode, rate);
        if (!frame) {
            warnRead(read.marker.line, "marker timecode " + read.marker.timecode
                                           + " does not exist at " + frameRateName(rate)
                                           + " fps; marker skipped");
            continue;
        }
        read.marker.frame = *frame;
        edl.markers.push_back(std::move(read.marker));
    }
}

void Reader::checkSanity(const Edl& edl)
{
    for (const auto& event : edl.events) {
        const int64_t recordLength = event.recordOutFrame - event.recordInFrame;
        const int64_t sourceLength = event.sourceOutFrame - event.sourceInFrame;
        if (recordLength < 0) {
            warnSanity(event.line, "event " + event.number + ": record out " + event.recordOut
                                       + " is before record in " + event.recordIn);
            continue;
        }
        // A speed change or a transition explains a difference; nothing else does.
        if (!event.speed && event.transition == EdlTransition::Cut && sourceLength != recordLength)
            warnSanity(event.line, "event " + event.number + ": source is "
                                       + std::to_string(sourceLength) + " frames but record is "
                                       + std::to_string(recordLength) + " frames");
    }
    checkOverlaps(edl);
}

// Two events on one track whose record ranges overlap mean one of them will be misplaced. The
// lines of one dissolve (same number, in sequence) overlap by design and are not compared.
// Sorted per track, so the check stays O(n log n) on lists of any length.
void Reader::checkOverlaps(const Edl& edl)
{
    struct Span {
        int64_t in, out;
        size_t index;
    };
    std::vector<std::vector<Span>> tracks;
    for (size_t i = 0; i < edl.events.size(); ++i) {
        const EdlEvent& event = edl.events[i];
        if (event.recordOutFrame <= event.recordInFrame)
            continue;
        for (const int track : tracksOf(event.channels)) {
            if (static_cast<size_t>(track) >= tracks.size())
                tracks.resize(static_cast<size_t>(track) + 1);
            tracks[static_cast<size_t>(track)].push_back(
                {event.recordInFrame, event.recordOutFrame, i});
        }
    }
    std::vector<bool> warned(edl.events.size(), false);
    for (auto& spans : tracks) {
        std::stable_sort(spans.begin(), spans.end(),
                         [](const Span& a, const Span& b) { return a.in < b.in; });
        const Span* reaching = nullptr;  // the span that reaches furthest so far
        for (const auto& span : spans) {
            if (reaching && span.in < reaching->out && !warned[span.index]) {
                const EdlEvent& earlier = edl.events[reaching->index];
                const EdlEvent& later = edl.events[span.index];
                if (earlier.number != later.number) {
                    warned[span.index] = true;
                    warnSanity(later.line, "event " + later.number + " (" + later.channels
                                               + ") overlaps event " + earlier.number
                                               + " on the record side at " + later.recordIn);
                }
            }
            if (!reaching || span.out > reaching->out)
                reaching = &span;
        }
    }
}

} // namespace

Edl readEdl(std::string_view text, const EdlReadOptions& options)
{
    return Reader(options).read(text);
}

Edl readEdlFile(const std::filesystem::path& path, const EdlReadOptions& options)
{
    // Far above any real list (a feature's worth of events is a few hundred kilobytes); keeps a
    // wrong path to a movie file from being read into memory whole.
    constexpr std::uintmax_t kMaxBytes = 64u * 1024u * 1024u;
    std::error_code error;
    const auto size = std::filesystem::file_size(path, error);
    if (error)
        throw std::runtime_error(path.string() + ": " + error.message());
    if (size > kMaxBytes)
        throw std::runtime_error(path.string() + ": too large for an EDL ("
                                 + std::to_string(size) + " bytes)");
    std::ifstream file(path, std::ios::binary);
    if (!file)
        throw std::runtime_error(path.string() + ": cannot open");
    const std::string text{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    if (file.bad())
        throw std::runtime_error(path.string() + ": read error");
    try {
        return readEdl(text, options);
    } catch (const EdlReadError& e) {
        throw EdlReadError(e.line(),
                           path.string() + ":" + std::to_string(e.line()) + ": " + e.what());
    }
}

} // namespace cuesmith
