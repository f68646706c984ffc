#include "DialogueDetection.h"

#include "AudioFileReader.h"
#include "MovieInfo.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace cuesmith {

DetectedSpeech detectSpeechInFile(const std::filesystem::path& path, int channel, std::optional<int> ffmpegStream,
                                  const SpeechDetectorSettings& settings)
{
    AudioFileReader reader(path, ffmpegStream);
    const int channels = reader.channels();
    if (channel < 0 || channel >= channels)
        throw std::runtime_error(path.string() + ": has " + std::to_string(channels) + " channel(s), there is no channel "
                                 + std::to_string(channel + 1));
    const int rate = reader.sampleRate();
    if (rate < 8000 || rate > 192000)
        throw std::runtime_error(path.string() + ": speech detection needs 8 to 192 kHz audio, not "
                                 + std::to_string(rate) + " Hz");
    SpeechDetector detector(rate, settings);
    constexpr size_t kBlock = 16384;
    std::vector<float> interleaved(kBlock * static_cast<size_t>(channels));
    std::vector<float> mono(kBlock);
    int64_t frames = 0;
    for (;;) {
        const size_t got = reader.read(interleaved.data(), kBlock);
        if (got == 0)
            break;
        for (size_t i = 0; i < got; ++i) {
            const float x = interleaved[i * static_cast<size_t>(channels) + static_cast<size_t>(channel)];
            mono[i] = std::isfinite(x) ? x : 0.0f;  // a damaged file must not poison the analysis
        }
        detector.process(std::span<const float>(mono.data(), got));
        frames += static_cast<int64_t>(got);
    }
    detector.finish();
    return {detector.regions(), rate, frames};
}

DetectedSpeech detectSpeechInAudioStream(const std::filesystem::path& path, int channel, std::optional<int> audioStream,
                                         const SpeechDetectorSettings& settings)
{
    // The first audio stream is what the reader takes anyway (and through libsndfile when it can);
    // only a later one needs the movie's stream list to find its FFmpeg index.
    if (!audioStream || *audioStream == 0)
        return detectSpeechInFile(path, channel, std::nullopt, settings);
    std::error_code ec;
    if (!std::filesystem::exists(path, ec))
        throw std::runtime_error(path.string() + ": no such file");
    const MovieInfo info = readMovieInfo(path);
    return detectSpeechInFile(path, channel, audioStreamAt(info, *audioStream, path).index, settings);
}

std::vector<SpeechRegion> detectSpeechInSource(const DialogueSource& source, const Session& session,
                                               const SpeechDetectorSettings& settings)
{
    const DetectedSpeech found = detectSpeechInFile(
        source.path, source.channel, source.ffmpegStream >= 0 ? std::optional<int>(source.ffmpegStream) : std::nullopt,
        settings);
    // Exact integer rate conversion, rounded to the nearest session sample.
    const int64_t to = session.sampleRate, from = found.sampleRate;
    auto toSession = [&](int64_t samples) { return (samples * to + from / 2) / from; };
    std::vector<SpeechRegion> regions;
    for (const auto& r : found.regions)
        regions.push_back({source.startSample + toSession(r.start), source.startSample + toSession(r.end), r.confidence});
    return regions;
}

SessionSpeechDetection detectSpeechInSession(const Session& session, const SpeechDetectorSettings& settings)
{
    SessionSpeechDetection result{session, {}};
    result.session.detectedSpeech.clear();
    for (const auto& source : session.dialogue) {
        result.perSource.push_back(detectSpeechInSource(source, session, settings));
        const auto& found = result.perSource.back();
        result.session.detectedSpeech.insert(result.session.detectedSpeech.end(), found.begin(), found.end());
    }
    std::stable_sort(result.session.detectedSpeech.begin(), result.session.detectedSpeech.end(),
                     [](const SpeechRegion& a, const SpeechRegion& b) { return a.start < b.start; });
    return result;
}

} // namespace cuesmith
