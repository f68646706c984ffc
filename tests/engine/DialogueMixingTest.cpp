// Dialogue-aware mixing judged on real speech over real music with the truth known: four lines
// from ../shared/data/speech placed at known times at 0 dB speech-to-music ratio over two stems
// cut from a real soundtrack, detected with the real detector, rendered ducked and undipped.

#include "../dsp/SpeechCorpus.h"
#include "DialogueBandFilter.h"
#include "core/DuckCurve.h"
#include "core/SessionEdits.h"
#include "engine/DeliveryPlan.h"
#include "engine/DialogueMasking.h"
#include "dsp/LoudnessMeter.h"
#include "engine/OfflineRenderer.h"
#include "engine/RenderPlan.h"
#include "media/DialogueDetection.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <numbers>
#include <sndfile.h>
#include <unistd.h>

namespace cuesmith {
namespace {

namespace fs = std::filesystem;
using namespace cuesmith::testing;

constexpr int64_t kStart = 172800000;  // 01:00:00:00 at 24 fps
constexpr int64_t kLength = 40 * 48000;

void writeWav(const fs::path& path, int channels, const std::vector<float>& interleaved)
{
    SF_INFO info{};
    info.samplerate = 48000;
    info.channels = channels;
    info.format = SF_FORMAT_WAV | SF_FORMAT_FLOAT;
    SNDFILE* f = sf_open(path.c_str(), SFM_WRITE, &info);
    ASSERT_NE(f, nullptr) << path;
    sf_writef_float(f, interleaved.data(), static_cast<sf_count_t>(interleaved.size()) / channels);
    sf_close(f);
}

std::vector<float> readStereo(const fs::path& path)
{
    SF_INFO info{};
    SNDFILE* f = sf_open(path.c_str(), SFM_READ, &info);
    EXPECT_NE(f, nullptr) << path;
    if (f == nullptr)
        return {};
    std::vector<float> data(static_cast<size_t>(info.frames * info.channels));
    sf_readf_float(f, data.data(), info.frames);
    sf_close(f);
    return data;
}

std::vector<float> stereoOf(const std::vector<float>& mono)
{
    std::vector<float> out(mono.size() * 2);
    for (size_t i = 0; i < mono.size(); ++i)
        out[2 * i] = out[2 * i + 1] = mono[i];
    return out;
}

std::vector<float> dialogueBand(const std::vector<float>& stereo)
{
    return testing::dialogueBand(stereo, 2, 48000.0);
}

double energyWhere(const std::vector<float>& mono, const std::vector<uint8_t>& frames, bool want)
{
    double e = 0;
    for (size_t k = 0; k < frames.size(); ++k)
        if (static_cast<bool>(frames[k]) == want)
            for (size_t i = k * 480; i < (k + 1) * 480 && i < mono.size(); ++i)
                e += static_cast<double>(mono[i]) * mono[i];
    return e;
}

class DialogueMixingTest : public ::testing::Test {
protected:
    void SetUp() override
    {
        folder = fs::temp_directory_path() / ("cuesmith-dialogue-" + std::to_string(::getpid()));
        fs::remove_all(folder);
        fs::create_directories(folder);

        // Two stems of real music, 40 s each.
        auto strings = readMono(musicFile("Deprecation.ogg"), 20.0, 40.0);
        auto brass = readMono(musicFile("Aberrations.ogg"), 30.0, 40.0);
        strings.resize(kLength, 0.0f);
        brass.resize(kLength, 0.0f);
        const double level = std::pow(10.0, -23.0 / 20.0);
        for (auto* stem : {&strings, &brass}) {
            const double rms = rmsOverActive(*stem, std::vector<uint8_t>(kLength / 480, 1));
            for (auto& x : *stem)
                x = static_cast<float>(x * level / rms);
        }
        std::vector<float> music(kLength);
        for (size_t i = 0; i < music.size(); ++i)
            music[i] = strings[i] + brass[i];

        // Four real lines at known times, each at 0 dB SMR against the music under it.
        std::vector<float> dialogue(kLength, 0.0f);
        truth.assign(kLength / 480, 0);
        const std::pair<const char*, double> lines[] = {
            {"LJ050-0115.wav", 3.0}, {"LJ050-0131.wav", 11.0}, {"LJ050-0075.wav", 22.5}, {"common_voice_en_17299458.wav", 30.0}};
        for (const auto& [name, at] : lines) {
            const SpeechLine line = loadSpeechLine(speechFile(name));
            const size_t frame = static_cast<size_t>(at * 100);
            std::vector<uint8_t> under(truth.size(), 0);
            std::copy(line.active.begin(), line.active.end(), under.begin() + static_cast<std::ptrdiff_t>(frame));
            const double gain = rmsOverActive(music, under) / rmsOverActive(line.samples, line.active);
            for (size_t i = 0; i < line.samples.size(); ++i)
                dialogue[frame * 480 + i] += static_cast<float>(line.samples[i] * gain);
            for (size_t k = 0; k < line.active.size(); ++k)
                truth[frame + k] |= line.active[k];
        }
        writeWav(folder / "1M01_Scene_v1_STR.wav", 2, stereoOf(strings));
        writeWav(folder / "1M01_Scene_v1_BRS.wav", 2, stereoOf(brass));
        writeWav(folder / "dialogue.wav", 1, dialogue);

        Cue cue;
        cue.number = "1M01";
        cue.startSample = cue.writtenStartSample = kStart;
        cue.lengthSamples = kLength;
        cue.fileSampleRate = 48000;
        cue.stems = {Stem{"STR", (folder / "1M01_Scene_v1_STR.wav").string(), ChannelLayout::Stereo},
                     Stem{"BRS", (folder / "1M01_Scene_v1_BRS.wav").string(), ChannelLayout::Stereo}};
        session.projectName = "Dialogue";
        session.frameRate = kFps24;
        session.pictureStartFrame = 86400;
        session = addCue(session, cue);
        DialogueSource source;
        source.name = "dialogue";
        source.path = (folder / "dialogue.wav").string();
        source.startSample = kStart;
        source.lengthSamples = kLength;
        source.fileSampleRate = 48000;
        session = addDialogueSource(session, source);
        session.detectedSpeech = detectSpeechInSource(session.dialogue[0], session);
    }
    void TearDown() override { fs::remove_all(folder); }

    std::vector<float> renderMix(bool ducked, ChannelLayout layout = ChannelLayout::Stereo)
    {
        RenderRequest r;
        r.outputFolder = folder / (ducked ? "ducked" : "undipped");
        r.start = kStart;
        r.end = kStart + kLength;
        r.layout = layout;
        r.format = DeliverySampleFormat::Float32;
        r.dialogueProcessing = ducked;
        const RenderReport report = renderDelivery(session, r);
        return readStereo(report.files.back().path);
    }

    fs::path folder;
    Session session;
    std::vector<uint8_t> truth;  // per 10 ms frame of the reel
};

TEST_F(DialogueMixingTest, DuckAndDialogueEqOpenSixDecibelsInTheDialogueBandAndLeaveTheRestAlone)
{
    ASSERT_FALSE(session.detectedSpeech.empty());
    const auto ducked = renderMix(true);
    const auto undipped = renderMix(false);
    ASSERT_EQ(ducked.size(), undipped.size());

    // During speech: the music's dialogue band is this much lower, so the dialogue-to-music
    // ratio there improves by as much (the dialogue itself is untouched).
    const double improvement = 10.0 * std::log10(energyWhere(dialogueBand(undipped), truth, true)
                                                 / energyWhere(dialogueBand(ducked), truth, true));
    EXPECT_GE(improvement, 6.0);

    // Away from the lines (more than 1 s from any speech): the music's loudness is unchanged.
    std::vector<uint8_t> far(truth.size(), 1);
    for (size_t k = 0; k < truth.size(); ++k)
        if (truth[k])
            for (size_t j = k > 100 ? k - 100 : 0; j < std::min(truth.size(), k + 101); ++j)
                far[j] = 0;
    auto loudnessOutside = [&](const std::vector<float>& mix) {
        LoudnessMeter meter;
        meter.prepare(48000, 2);
        for (size_t k = 0; k < far.size(); ++k)
            if (far[k])
                meter.addFrames(mix.data() + k * 480 * 2, 480);
        return meter.report().integratedLufs.value_or(-200.0);
    };
    const double change = loudnessOutside(ducked) - loudnessOutside(undipped);
    EXPECT_LT(std::fabs(change), 0.5);
    std::printf("[ measured ] dialogue-band improvement %.2f dB during speech; loudness change %.3f LU away from it\n",
                improvement, change);
}

TEST_F(DialogueMixingTest, TheBandCutDoesMostOfTheWorkAndTheDuckTheRest)
{
    const auto undipped = dialogueBand(renderMix(false));
    auto improvementWith = [&](bool duck, bool eq) {
        Session s = session;
        for (auto& b : s.buses) {
            b.duck.enabled = duck;
            b.eq.enabled = eq;
        }
        std::swap(s, session);
        const auto mix = dialogueBand(renderMix(true));
        std::swap(s, session);
        return 10.0 * std::log10(energyWhere(undipped, truth, true) / energyWhere(mix, truth, true));
    };
    const double duckOnly = improvementWith(true, false);
    const double eqOnly = improvementWith(false, true);
    const double both = improvementWith(true, true);
    std::printf("[ measured ] dialogue-band improvement: duck alone %.2f dB, EQ alone %.2f dB, both %.2f dB\n", duckOnly,
                eqOnly, both);
    EXPECT_GT(eqOnly, duckOnly);
    EXPECT_GT(both, eqOnly);
    EXPECT_GT(duckOnly, 2.0);  // STR -2 dB and BRS -6 dB
}

// The stems are stereo: in a 5.1 delivery they sit in L and R, and their band cut there must be the
// one a stereo delivery gets (the 5.1 centre-most weighting is for buses with a centre of their own).
TEST_F(DialogueMixingTest, StereoStemsInA51DeliveryTakeTheSameBandCutAsInStereo)
{
    const auto stereo = renderMix(true);
    const auto surround = renderMix(true, ChannelLayout::Surround51);
    ASSERT_EQ(surround.size(), stereo.size() * 3);
    std::vector<float> front(stereo.size());
    for (size_t f = 0; f < stereo.size() / 2; ++f) {
        front[2 * f] = surround[6 * f];
        front[2 * f + 1] = surround[6 * f + 1];
    }
    const double inStereo = energyWhere(dialogueBand(stereo), truth, true);
    const double inSurround = energyWhere(dialogueBand(front), truth, true);
    const double differenceDb = 10.0 * std::log10(inSurround / inStereo);
    std::printf("[ measured ] dialogue band under speech, 5.1 L/R against 2.0: %+.4f dB\n", differenceDb);
    EXPECT_LT(std::fabs(differenceDb), 0.01);
    double largest = 0.0;
    for (size_t i = 0; i < stereo.size(); ++i)
        largest = std::max(largest, static_cast<double>(std::fabs(front[i] - stereo[i])));
    EXPECT_LT(largest, 1e-5);
}

TEST_F(DialogueMixingTest, ALongHoldBussBandCutStaysDownAsLongAsItsDuck)
{
    for (auto& b : session.buses)
        if (b.name == "BRS") {
            b.duck.holdMs = 4000.0;
            b.duck.maxSlopeDbPerSecond = 5.0;
        }
    const RenderPlan plan = compileDeliveryPlan(session, ChannelLayout::Stereo, true);
    const auto longPhrases = speechPhrases(session.speech(), 48000 * 4);
    const auto shortPhrases = speechPhrases(session.speech(), 48000 * 700 / 1000);
    ASSERT_LT(longPhrases.size(), shortPhrases.size()) << "the long hold should join some lines";
    for (const auto& bus : plan.buses) {
        const double ceiling = bus.name == "BRS" ? 5.0 : 10.0;
        EXPECT_LE(bus.eqDepth.steepestSlope(48000), ceiling * 1.001) << bus.name;
        EXPECT_LE(bus.gain.steepestSlope(48000), ceiling * 1.001) << bus.name;
        if (bus.name != "BRS")
            continue;
        // Through every phrase of its own hold the cut never lets go (its depth may follow the
        // music, but it never returns to flat): no cut per line in it.
        for (const auto& p : longPhrases) {
            if (bus.eqDepth.at(p.start) == 0.0)
                continue;
            for (int64_t t = p.start; t < p.end; t += 480)
                EXPECT_LT(bus.eqDepth.at(t), 0.0) << (t - kStart) / 48000.0 << " s";
        }
        int cuts = 0;
        double previous = 0.0;
        for (int64_t t = kStart; t < kStart + kLength; t += 480) {
            const double d = bus.eqDepth.at(t);
            cuts += previous == 0.0 && d < 0.0;
            previous = d;
        }
        EXPECT_LE(cuts, static_cast<int>(longPhrases.size()));
        EXPECT_GE(cuts, 1);
    }
}

TEST_F(DialogueMixingTest, OneSlowDuckPerSpokenPhrase)
{
    const RenderPlan plan = compileRenderPlan(session, ChannelLayout::Stereo);
    const auto phrases = speechPhrases(session.speech(), 48000 * 700 / 1000);
    EXPECT_EQ(phrases.size(), 4u);  // the four lines, their inner pauses held
    for (const auto& bus : plan.buses) {
        EXPECT_LE(bus.gain.steepestSlope(48000), 10.0 * 1.001) << bus.name;
        // Count the moves down from unity: one per phrase.
        int ducks = 0;
        double previous = 0.0;
        for (int64_t t = kStart; t < kStart + kLength; t += 480) {
            const double g = bus.gain.at(t);
            ducks += previous == 0.0 && g < 0.0;
            previous = g;
        }
        EXPECT_EQ(ducks, 4) << bus.name;
    }
}

TEST_F(DialogueMixingTest, UndippedRendersIgnoreTheDialogueEntirely)
{
    Session silent = session;
    silent.detectedSpeech.clear();
    silent.dialogue.clear();
    RenderRequest r;
    r.outputFolder = folder / "nodialogue";
    r.start = kStart;
    r.end = kStart + kLength;
    r.format = DeliverySampleFormat::Float32;
    const auto plain = readStereo(renderDelivery(silent, r).files.back().path);
    EXPECT_EQ(renderMix(false), plain);
}

TEST_F(DialogueMixingTest, MaskingIsTheSameHoweverThePhrasesAreSplitOverThreads)
{
    for (double hold : {0.0, 700.0}) {
        const auto one = measureDialogueMasking(session, 250.0, 2000.0, hold, 1);
        ASSERT_GE(one.size(), 2u) << "the lines should make several phrases";
        for (const auto& m : one) {
            // The slices are the phrase's frames again, sorted, on the grid; they add up to its sums.
            ASSERT_FALSE(m.slices.empty());
            std::vector<double> music(m.musicEnergy.size(), 0.0), dialogue(m.dialogueEnergy.size(), 0.0);
            for (size_t i = 0; i < m.slices.size(); ++i) {
                EXPECT_EQ(m.slices[i].start % maskingSliceSamples(48000), 0);
                if (i > 0) {
                    EXPECT_GT(m.slices[i].start, m.slices[i - 1].start);
                }
                for (size_t b = 0; b < music.size(); ++b) {
                    music[b] += m.slices[i].musicEnergy[b];
                    dialogue[b] += m.slices[i].dialogueEnergy[b];
                }
            }
            for (size_t b = 0; b < music.size(); ++b) {
                EXPECT_NEAR(music[b], m.musicEnergy[b], 1e-9 * m.musicEnergy[b]);
                EXPECT_NEAR(dialogue[b], m.dialogueEnergy[b], 1e-9 * m.dialogueEnergy[b]);
            }
        }
        for (unsigned threads : {2u, 3u, 4u}) {
            const auto split = measureDialogueMasking(session, 250.0, 2000.0, hold, threads);
            ASSERT_EQ(split.size(), one.size());
            for (size_t p = 0; p < one.size(); ++p) {
                EXPECT_EQ(split[p].phrase, one[p].phrase);
                EXPECT_EQ(split[p].neededCutDb, one[p].neededCutDb) << "phrase " << p << " on " << threads << " threads";
                EXPECT_EQ(split[p].musicEnergy, one[p].musicEnergy);
                EXPECT_EQ(split[p].dialogueEnergy, one[p].dialogueEnergy);
                EXPECT_TRUE(split[p].slices == one[p].slices) << "phrase " << p << " on " << threads << " threads";
            }
        }
    }
    // And so is the plan made from it: every bus's cut, window by window.
    const RenderPlan plan = compileDeliveryPlan(session, ChannelLayout::Stereo, true);
    RenderPlan onOne = compileRenderPlan(session, ChannelLayout::Stereo);
    applyDialogueEq(onOne, session, measureDialogueMasking(session, 250.0, 2000.0, 0.0, 1));
    ASSERT_EQ(plan.buses.size(), onOne.buses.size());
    for (size_t b = 0; b < plan.buses.size(); ++b)
        EXPECT_EQ(plan.buses[b].eqDepth, onOne.buses[b].eqDepth) << plan.buses[b].name;
}

// The case on real audio: one long scene, the lines back to back, the music 30 dB down
// under its first half and at 0 dB speech-to-music under its second. The cut follows the music
// within the one phrase: deep where it masks the words, barely there where it does not.
TEST_F(DialogueMixingTest, ALongScenesCutFollowsTheMusicWithinIt)
{
    // The four lines twice, 0.3 s apart, from 2 s on: one phrase at the 700 ms hold.
    std::vector<float> dialogue(kLength, 0.0f);
    std::vector<SpeechRegion> lines;
    int64_t at = 2 * 48000;
    for (int round = 0; round < 2; ++round)
        for (const char* name : {"LJ050-0115.wav", "LJ050-0131.wav", "LJ050-0075.wav", "common_voice_en_17299458.wav"}) {
            const SpeechLine line = loadSpeechLine(speechFile(name));
            std::copy(line.samples.begin(), line.samples.end(), dialogue.begin() + at);
            lines.push_back({kStart + at, kStart + at + static_cast<int64_t>(line.samples.size()), 0.9f});
            at += static_cast<int64_t>(line.samples.size()) + 48000 * 3 / 10;
        }
    ASSERT_LT(at, kLength);
    const int64_t sceneStart = lines.front().start, sceneEnd = lines.back().end;
    const int64_t swell = (sceneStart + sceneEnd) / 2;
    ASSERT_EQ(speechPhrases(lines, 48000 * 7 / 10).size(), 1u);

    // The music at 0 dB speech-to-music over the scene, then 30 dB down before the swell.
    auto strings = readStereo(folder / "1M01_Scene_v1_STR.wav");
    auto brass = readStereo(folder / "1M01_Scene_v1_BRS.wav");
    std::vector<uint8_t> scene(kLength / 480, 0);
    for (int64_t k = (sceneStart - kStart) / 480; k < (sceneEnd - kStart) / 480; ++k)
        scene[static_cast<size_t>(k)] = 1;
    std::vector<float> music(kLength), speech(dialogue);
    for (size_t i = 0; i < music.size(); ++i)
        music[i] = strings[2 * i] + brass[2 * i];
    const double gain = rmsOverActive(music, scene) / rmsOverActive(speech, scene);
    for (auto& x : dialogue)
        x = static_cast<float>(x * gain);
    const float quieter = static_cast<float>(std::pow(10.0, -30.0 / 20.0));
    for (auto* stem : {&strings, &brass})
        for (size_t i = 0; i < static_cast<size_t>(swell - kStart) * 2; ++i)
            (*stem)[i] *= quieter;
    writeWav(folder / "1M01_Scene_v1_STR.wav", 2, strings);
    writeWav(folder / "1M01_Scene_v1_BRS.wav", 2, brass);
    writeWav(folder / "dialogue.wav", 1, dialogue);
    session.detectedSpeech = lines;

    const RenderPlan plan = compileDeliveryPlan(session, ChannelLayout::Stereo, true);
    for (const auto& bus : plan.buses) {
        // Mean cut over each half of the scene, leaving out the second around the swell where
        // the curve moves from one to the other.
        double quiet = 0.0, loud = 0.0;
        int quietCount = 0, loudCount = 0;
        for (int64_t t = sceneStart; t < sceneEnd; t += 480) {
            if (t < swell - 48000) {
                quiet += bus.eqDepth.at(t);
                ++quietCount;
            } else if (t >= swell + 48000) {
                loud += bus.eqDepth.at(t);
                ++loudCount;
            }
        }
        quiet /= quietCount;
        loud /= loudCount;
        std::printf("[ measured ] %s band cut over the quiet half %.2f dB, over the loud half %.2f dB\n",
                    bus.name.c_str(), quiet, loud);
        EXPECT_LT(loud, quiet - 4.0) << bus.name;
        EXPECT_GE(quiet, -kPhraseFloorDb - 0.5) << bus.name;

        // Within the ceiling and the limit, cut all through the scene, flat away from it (before
        // the lead ramp of its first window, after the release of its last).
        EXPECT_LE(bus.eqDepth.steepestSlope(48000), 10.0 * 1.001) << bus.name;
        for (const auto& p : bus.eqDepth.points())
            EXPECT_GE(p.decibels, -8.0 - 1e-9) << bus.name;
        for (int64_t t = sceneStart; t < sceneEnd; t += 480)
            ASSERT_LT(bus.eqDepth.at(t), 0.0) << bus.name << " at " << (t - kStart) / 48000.0 << " s";
        for (int64_t t = kStart; t <= sceneStart - 48000 * 8 / 10; t += 480)
            ASSERT_EQ(bus.eqDepth.at(t), 0.0) << bus.name << " at " << (t - kStart) / 48000.0 << " s";
        for (int64_t t = sceneEnd + 48000; t < kStart + kLength; t += 480)
            ASSERT_EQ(bus.eqDepth.at(t), 0.0) << bus.name << " at " << (t - kStart) / 48000.0 << " s";
    }
}

} // namespace
} // namespace cuesmith
