#include "SessionFile.h"

#include "AtomicFile.h"
#include "EdlReader.h"
#include "JsonText.h"
#include "TextEncoding.h"

#include <nlohmann/json.hpp>

namespace cuesmith {

using nlohmann::json;

namespace {

std::string storedPath(const std::string& path, const std::filesystem::path& folder)
{
    if (path.empty() || folder.empty())
        return path;
    std::error_code ec;
    const auto absolute = std::filesystem::weakly_canonical(path, ec);
    const auto base = std::filesystem::weakly_canonical(folder, ec);
    if (ec)
        return path;
    const auto relative = absolute.lexically_relative(base);
    if (relative.empty() || *relative.begin() == "..")
        return path;
    return relative.generic_string();
}

std::string loadedPath(const std::string& stored, const std::filesystem::path& folder)
{
    const std::filesystem::path p(stored);
    if (p.is_absolute() || folder.empty())
        return stored;
    return (folder / p).lexically_normal().string();
}

// Walks the JSON with a field path, so every complaint names exactly what is wrong.
class FieldReader {
public:
    FieldReader(const json& value, std::string path, const std::string& file)
        : value_(value), path_(std::move(path)), file_(file)
    {
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw SessionFileError(file_ + ": field '" + path_ + "': " + what);
    }

    FieldReader field(const std::string& name) const
    {
        if (!value_.is_object())
            fail("expected an object");
        const auto it = value_.find(name);
        const std::string childPath = path_.empty() ? name : path_ + "." + name;
        if (it == value_.end())
            throw SessionFileError(file_ + ": field '" + childPath + "' is missing");
        return FieldReader(*it, childPath, file_);
    }

    bool has(const std::string& name) const
    {
        return value_.is_object() && value_.contains(name) && !value_.at(name).is_null();
    }

    std::string string() const
    {
        if (!value_.is_string())
            fail("expected a string");
        return value_.get<std::string>();
    }

    int64_t integer(int64_t min, int64_t max) const
    {
        if (!value_.is_number_integer())
            fail("expected an integer");
        const int64_t v = value_.is_number_unsigned() && value_.get<uint64_t>() > uint64_t(INT64_MAX)
                              ? INT64_MAX
                              : value_.get<int64_t>();
        if (v < min || v > max)
            fail("value " + std::to_string(v) + " is outside " + std::to_string(min) + " to "
                 + std::to_string(max));
        return v;
    }

    double fraction(double min, double max) const
    {
        if (!value_.is_number())
            fail("expected a number");
        const double v = value_.get<double>();
        if (!(v >= min && v <= max))
            fail("value is outside " + std::to_string(min) + " to " + std::to_string(max));
        return v;
    }

    bool boolean() const
    {
        if (!value_.is_boolean())
            fail("expected true or false");
        return value_.get<bool>();
    }

    template <typename Fn>
    void forEach(Fn&& fn) const
    {
        if (!value_.is_array())
            fail("expected a list");
        for (size_t i = 0; i < value_.size(); ++i)
            fn(FieldReader(value_[i], path_ + "[" + std::to_string(i) + "]", file_));
    }

private:
    const json& value_;
    std::string path_;
    const std::string& file_;
};

constexpr int64_t kMaxSamples = int64_t{1} << 50;  // far beyond any day at any rate

ChannelLayout readLayout(const FieldReader& f)
{
    const auto layout = parseChannelLayout(f.string());
    if (!layout)
        f.fail("unknown channel layout (mono, stereo, 5.1 or 7.1)");
    return *layout;
}

} // namespace

std::string sessionToJsonText(const Session& s, const std::filesystem::path& folder)
{
    json j;
    j["format"] = kSessionFormatName;
    j["version"] = kSessionFormatVersion;
    j["project"] = s.projectName;
    j["frame_rate"] = frameRateName(s.frameRate);
    j["sample_rate"] = s.sampleRate;
    j["picture_start"] = formatFrames(s.pictureStartFrame, s.frameRate);
    j["current_cut"] = s.currentCut;

    j["cuts"] = json::array();
    for (const auto& cut : s.cuts)
        j["cuts"].push_back({{"name", cut->name},
                             {"source_path", storedPath(cut->sourcePath, folder)},
                             {"edl_text", cut->edlText}});

    j["movie"] = nullptr;
    if (s.movie)
        j["movie"] = {{"path", storedPath(s.movie->path, folder)},
                      {"start_sample", s.movie->startSample},
                      {"length_samples", s.movie->lengthSamples},
                      {"has_audio", s.movie->hasAudio}};

    j["dialogue"] = json::array();
    for (const auto& d : s.dialogue)
        j["dialogue"].push_back({{"name", d.name},
                                 {"path", storedPath(d.path, folder)},
                                 {"start_sample", d.startSample},
                                 {"length_samples", d.lengthSamples},
                                 {"file_sample_rate", d.fileSampleRate},
                                 {"channels", d.channels},
                                 {"channel", d.channel},
                                 {"ffmpeg_stream", d.ffmpegStream}});

    j["cues"] = json::array();
    for (const auto& c : s.cues) {
        json stems = json::array();
        for (const auto& st : c.stems) {
            stems.push_back({{"name", st.name},
                             {"path", storedPath(st.path, folder)},
                             {"layout", channelLayoutName(st.layout)}});
            if (!st.sourcePath.empty())
                stems.back()["source_path"] = storedPath(st.sourcePath, folder);
        }
        json segments = json::array();
        for (const auto& seg : c.segments)
            segments.push_back({{"source_start", seg.sourceStart},
                                {"length", seg.length},
                                {"timeline_start", seg.timelineStart},
                                {"fade_in", seg.fadeIn},
                                {"fade_out", seg.fadeOut},
                                {"fade_in_shape", fadeShapeName(seg.fadeInShape)},
                                {"fade_out_shape", fadeShapeName(seg.fadeOutShape)}});
        json tempo = nullptr;
        if (c.tempo)
            tempo = {{"beats", c.tempo->beats},
                     {"beats_per_bar", c.tempo->beatsPerBar},
                     {"beat_unit", c.tempo->beatUnit},
                     {"first_downbeat", c.tempo->firstDownbeat},
                     {"source", c.tempo->source == TempoSource::Given ? "given" : "detected"}};
        json markers = json::array();
        for (const auto& [name, sample] : c.markers)
            markers.push_back({{"name", name}, {"sample", sample}});
        j["cues"].push_back({{"number", c.number},
                             {"title", c.title},
                             {"version", c.version},
                             {"written_start_sample", c.writtenStartSample},
                             {"start_sample", c.startSample},
                             {"length_samples", c.lengthSamples},
                             {"file_sample_rate", c.fileSampleRate},
                             {"stems", stems},
                             {"segments", segments},
                             {"tempo", tempo},
                             {"stretch_limit", c.stretchLimit},
                             {"applied_stretch", c.appliedStretch},
                             {"stretch_is_preview", c.stretchIsPreview},
                             {"attention", c.attention},
                             {"markers", markers}});
    }

    j["speech"] = json::array();
    for (const auto& r : s.detectedSpeech)
        j["speech"].push_back({{"start", r.start}, {"end", r.end}, {"confidence", r.confidence}});
    j["speech_edits"] = json::array();
    for (const auto& e : s.speechEdits)
        j["speech_edits"].push_back(
            {{"kind", e.kind == SpeechEdit::Kind::Add ? "add" : "remove"}, {"start", e.start}, {"end", e.end}});

    j["buses"] = json::array();
    for (const auto& b : s.buses) {
        json volume = json::array();
        for (const auto& p : b.automation.volume)
            volume.push_back({{"sample", p.sample}, {"db", p.decibels}, {"curve", automationCurveName(p.curve)}});
        json mute = json::array();
        for (const auto& p : b.automation.mute)
            mute.push_back({{"sample", p.sample}, {"muted", p.muted}});
        j["buses"].push_back({{"name", b.name},
                              {"layout", channelLayoutName(b.layout)},
                              {"duck",
                               {{"enabled", b.duck.enabled},
                                {"depth_db", b.duck.depthDb},
                                {"lead_ms", b.duck.leadMs},
                                {"hold_ms", b.duck.holdMs},
                                {"release_ms", b.duck.releaseMs},
                                {"max_slope_db_per_s", b.duck.maxSlopeDbPerSecond},
                                {"printed", b.duck.printed}}},
                              {"dialogue_eq",
                               {{"enabled", b.eq.enabled},
                                {"low_hz", b.eq.lowHz},
                                {"high_hz", b.eq.highHz},
                                {"max_depth_db", b.eq.maxDepthDb},
                                {"surrounds", b.eq.includeSurrounds},
                                {"lfe", b.eq.includeLfe}}},
                              {"volume", volume},
                              {"mute", mute}});
    }

    return jsonText(j) + "\n";
}

Session sessionFromJsonText(std::string_view text, const std::filesystem::path& folder,
                            const std::string& file)
{
    json j;
    try {
        j = json::parse(text.begin(), text.end());
    } catch (const json::parse_error& e) {
        const bool truncated = e.id == 101 && e.byte >= text.size();
        throw SessionFileError(file + ": " + (truncated ? "the file ends too early (truncated?)"
                                                        : "not valid JSON at byte " + std::to_string(e.byte)));
    } catch (const json::exception&) {
        // out_of_range 406: a number no double can hold (found by the session fuzzer).
        throw SessionFileError(file + ": not a readable session (a number is out of range)");
    }
    const FieldReader root(j, "", file);
    if (!j.is_object())
        throw SessionFileError(file + ": not a Cuesmith session (expected a JSON object)");
    if (!root.has("format") || !j["format"].is_string() || j["format"].get<std::string>() != kSessionFormatName)
        throw SessionFileError(file + ": field 'format' is not \"cuesmith-session\": not a Cuesmith session");
    const int64_t version = root.field("version").integer(1, INT32_MAX);
    if (version > kSessionFormatVersion)
        throw SessionFileError(file + ": field 'version' is " + std::to_string(version)
                               + ", this Cuesmith reads up to version " + std::to_string(kSessionFormatVersion)
                               + ": open it with a newer Cuesmith");

    Session s;
    s.projectName = root.field("project").string();
    const auto rateField = root.field("frame_rate");
    const auto rate = parseFrameRate(rateField.string());
    if (!rate)
        rateField.fail("unknown frame rate");
    s.frameRate = *rate;
    s.sampleRate = root.field("sample_rate").integer(8000, 768000);
    const auto startField = root.field("picture_start");
    const auto startFrame = parseTimecodeFrames(startField.string(), s.frameRate);
    if (!startFrame)
        startField.fail("not a timecode at " + frameRateName(s.frameRate));
    s.pictureStartFrame = *startFrame;

    root.field("cuts").forEach([&](const FieldReader& c) {
        CutVersion cut;
        cut.name = c.field("name").string();
        cut.sourcePath = loadedPath(c.field("source_path").string(), folder);
        cut.edlText = c.field("edl_text").string();
        cut.edl = readEdl(cut.edlText, EdlReadOptions{s.frameRate, false});
        s.cuts.push_back(std::make_shared<const CutVersion>(std::move(cut)));
    });
    s.currentCut = static_cast<int>(root.field("current_cut").integer(-1, INT32_MAX));
    if (s.currentCut >= static_cast<int>(s.cuts.size()) || (s.currentCut < 0 && !s.cuts.empty()))
        root.field("current_cut").fail("no such cut version");

    if (root.has("movie")) {
        const auto m = root.field("movie");
        ReferenceMovie movie;
        movie.path = loadedPath(m.field("path").string(), folder);
        movie.startSample = m.field("start_sample").integer(0, kMaxSamples);
        movie.lengthSamples = m.field("length_samples").integer(0, kMaxSamples);
        movie.hasAudio = m.field("has_audio").boolean();
        s.movie = movie;
    }

    root.field("dialogue").forEach([&](const FieldReader& d) {
        DialogueSource src;
        src.name = d.field("name").string();
        src.path = loadedPath(d.field("path").string(), folder);
        src.startSample = d.field("start_sample").integer(0, kMaxSamples);
        src.lengthSamples = d.field("length_samples").integer(0, kMaxSamples);
        src.fileSampleRate = static_cast<int>(d.field("file_sample_rate").integer(1, 768000));
        src.channels = static_cast<int>(d.field("channels").integer(1, 64));
        src.channel = static_cast<int>(d.field("channel").integer(0, src.channels - 1));
        if (d.has("ffmpeg_stream"))
            src.ffmpegStream = static_cast<int>(d.field("ffmpeg_stream").integer(-1, 1 << 20));
        s.dialogue.push_back(std::move(src));
    });

    root.field("cues").forEach([&](const FieldReader& c) {
        Cue cue;
        cue.number = c.field("number").string();
        if (cue.number.empty())
            c.field("number").fail("a cue number cannot be empty");
        cue.title = c.field("title").string();
        cue.version = c.field("version").string();
        cue.writtenStartSample = c.field("written_start_sample").integer(0, kMaxSamples);
        cue.startSample = c.field("start_sample").integer(-kMaxSamples, kMaxSamples);
        cue.lengthSamples = c.field("length_samples").integer(0, kMaxSamples);
        cue.fileSampleRate = static_cast<int>(c.field("file_sample_rate").integer(1, 768000));
        c.field("stems").forEach([&](const FieldReader& st) {
            Stem stem;
            stem.name = st.field("name").string();
            stem.path = loadedPath(st.field("path").string(), folder);
            stem.layout = readLayout(st.field("layout"));
            if (st.has("source_path"))
                stem.sourcePath = loadedPath(st.field("source_path").string(), folder);
            cue.stems.push_back(std::move(stem));
        });
        // Lists added after the first sessions were written: absent means empty.
        if (c.has("segments"))
        c.field("segments").forEach([&](const FieldReader& sg) {
            CueSegment seg;
            seg.sourceStart = sg.field("source_start").integer(0, cue.lengthSamples);
            seg.length = sg.field("length").integer(1, cue.lengthSamples - seg.sourceStart);
            seg.timelineStart = sg.field("timeline_start").integer(-kMaxSamples, kMaxSamples);
            seg.fadeIn = sg.field("fade_in").integer(0, seg.length);
            seg.fadeOut = sg.field("fade_out").integer(0, seg.length);
            // Sessions written before shapes could be chosen played every fade equal-power.
            for (auto [key, shape] : {std::pair{"fade_in_shape", &seg.fadeInShape}, std::pair{"fade_out_shape", &seg.fadeOutShape}})
                if (sg.has(key)) {
                    const auto field = sg.field(key);
                    const auto parsed = parseFadeShape(field.string());
                    if (!parsed)
                        field.fail("expected " + fadeShapeNames());
                    *shape = *parsed;
                }
            cue.segments.push_back(seg);
        });
        if (c.has("tempo")) {
            const auto t = c.field("tempo");
            TempoMap tempo;
            int64_t previous = -kMaxSamples;
            t.field("beats").forEach([&](const FieldReader& b) {
                const int64_t beat = b.integer(-kMaxSamples, kMaxSamples);
                if (beat <= previous)
                    b.fail("beats must be in ascending order");
                tempo.beats.push_back(beat);
                previous = beat;
            });
            tempo.beatsPerBar = static_cast<int>(t.field("beats_per_bar").integer(1, 32));
            tempo.beatUnit = static_cast<int>(t.field("beat_unit").integer(1, 16));
            tempo.firstDownbeat = static_cast<int>(t.field("first_downbeat").integer(0, INT32_MAX));
            const auto source = t.field("source");
            const std::string sourceName = source.string();
            if (sourceName != "given" && sourceName != "detected")
                source.fail("expected \"given\" or \"detected\"");
            tempo.source = sourceName == "given" ? TempoSource::Given : TempoSource::Detected;
            cue.tempo = std::move(tempo);
        }
        if (c.has("stretch_limit"))
            cue.stretchLimit = c.field("stretch_limit").fraction(0.0, 0.5);
        if (c.has("applied_stretch"))
            cue.appliedStretch = c.field("applied_stretch").fraction(0.5, 2.0);
        if (c.has("stretch_is_preview"))
            cue.stretchIsPreview = c.field("stretch_is_preview").boolean();
        if (c.has("attention"))
            c.field("attention").forEach([&](const FieldReader& a) { cue.attention.push_back(a.string()); });
        if (c.has("markers"))
        c.field("markers").forEach([&](const FieldReader& m) {
            cue.markers.emplace_back(m.field("name").string(), m.field("sample").integer(0, cue.lengthSamples));
        });
        s.cues.push_back(std::move(cue));
    });

    if (root.has("speech"))
        root.field("speech").forEach([&](const FieldReader& r) {
            SpeechRegion region;
            region.start = r.field("start").integer(0, kMaxSamples);
            region.end = r.field("end").integer(region.start, kMaxSamples);
            region.confidence = static_cast<float>(r.field("confidence").fraction(0.0, 1.0));
            s.detectedSpeech.push_back(region);
        });
    if (root.has("speech_edits"))
        root.field("speech_edits").forEach([&](const FieldReader& e) {
            SpeechEdit edit;
            const std::string kind = e.field("kind").string();
            if (kind != "add" && kind != "remove")
                e.field("kind").fail("expected \"add\" or \"remove\"");
            edit.kind = kind == "add" ? SpeechEdit::Kind::Add : SpeechEdit::Kind::Remove;
            edit.start = e.field("start").integer(0, kMaxSamples);
            edit.end = e.field("end").integer(edit.start, kMaxSamples);
            s.speechEdits.push_back(edit);
        });

    root.field("buses").forEach([&](const FieldReader& b) {
        StemBus bus{b.field("name").string(), readLayout(b.field("layout")), {}, {}, {}};
        bus.duck = defaultDuckFor(bus.name);
        if (b.has("duck")) {
            const FieldReader d = b.field("duck");
            bus.duck.enabled = d.field("enabled").boolean();
            bus.duck.depthDb = d.field("depth_db").fraction(-40.0, 0.0);
            bus.duck.leadMs = d.field("lead_ms").fraction(0.0, 5000.0);
            bus.duck.holdMs = d.field("hold_ms").fraction(0.0, 10000.0);
            bus.duck.releaseMs = d.field("release_ms").fraction(10.0, 10000.0);
            bus.duck.maxSlopeDbPerSecond = d.field("max_slope_db_per_s").fraction(0.5, 200.0);
            if (d.has("printed"))
                bus.duck.printed = d.field("printed").boolean();
        }
        if (b.has("dialogue_eq")) {
            const FieldReader e = b.field("dialogue_eq");
            bus.eq.enabled = e.field("enabled").boolean();
            bus.eq.lowHz = e.field("low_hz").fraction(20.0, 20000.0);
            bus.eq.highHz = e.field("high_hz").fraction(bus.eq.lowHz, 20000.0);
            bus.eq.maxDepthDb = e.field("max_depth_db").fraction(-24.0, 0.0);
            bus.eq.includeSurrounds = e.field("surrounds").boolean();
            if (e.has("lfe"))  // added later: older sessions leave the LFE alone
                bus.eq.includeLfe = e.field("lfe").boolean();
        }
        if (b.has("volume"))
            b.field("volume").forEach([&](const FieldReader& p) {
                VolumePoint point;
                point.sample = p.field("sample").integer(0, kMaxSamples);
                point.decibels = p.field("db").fraction(-120.0, 12.0);
                const auto curve = parseAutomationCurve(p.field("curve").string());
                if (!curve)
                    p.field("curve").fail("expected linear, smooth, fast or slow");
                point.curve = *curve;
                bus.automation.volume.push_back(point);
            });
        if (b.has("mute"))
            b.field("mute").forEach([&](const FieldReader& p) {
                bus.automation.mute.push_back({p.field("sample").integer(0, kMaxSamples), p.field("muted").boolean()});
            });
        s.buses.push_back(std::move(bus));
    });
    return s;
}

void saveSession(const Session& session, const std::filesystem::path& path)
{
    const auto folder = std::filesystem::absolute(path).parent_path();
    writeFileAtomically(path, sessionToJsonText(session, folder));
}

Session loadSession(const std::filesystem::path& path)
{
    std::string text;
    try {
        text = readWholeFile(path);
    } catch (const std::runtime_error& e) {
        throw SessionFileError(e.what());
    }
    return sessionFromJsonText(text, std::filesystem::absolute(path).parent_path(), path.string());
}

} // namespace cuesmith
