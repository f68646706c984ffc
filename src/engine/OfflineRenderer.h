#pragma once
// Renders a session's delivery: one Broadcast WAV per stem bus plus the full music mix, all with
// the same start and length, through the same BusMixer the real-time player runs. Every file is
// written under a temporary name and renamed only when all of them are complete, so a failed
// render leaves earlier deliveries untouched and nothing that looks finished.
// Worker thread or CLI (blocking I/O).

#include "core/Session.h"
#include "media/BwfWriter.h"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace cuesmith {

struct RenderRequest {
    std::filesystem::path outputFolder;
    std::optional<int64_t> start;  // default: the picture start (or the first cue without a cut)
    std::optional<int64_t> end;    // default: the picture end (or the last cue's end)
    int64_t handles = 0;           // samples added before start and after end
    ChannelLayout layout = ChannelLayout::Stereo;
    DeliveryChannelOrder order = DeliveryChannelOrder::Smpte;
    DeliverySampleFormat format = DeliverySampleFormat::Pcm24;
    std::string originationDate;  // bext "yyyy-mm-dd"; the caller decides (tests fix it)
    std::string originationTime;  // bext "hh:mm:ss"
    bool dialogueProcessing = true;  // false: undipped (no duck, no dialogue EQ); automation stays
};

struct RenderedFile {
    std::string bus;  // stem bus name, or "MIX"
    std::filesystem::path path;
    int64_t startSample = 0;
    int64_t lengthSamples = 0;
    int channels = 0;
    // BS.1770 measurements of what was written (LFE excluded); integrated is nullopt for silence.
    std::optional<double> integratedLufs;
    double loudnessRangeLu = 0.0;
    std::optional<double> truePeakDbtp;
    std::optional<double> samplePeakDbfs;
    // A 24-bit file whose samples went past full scale was clipped there: it no longer equals the
    // sum of its stems (a float render keeps them).
    bool clipped = false;
};

struct RenderReport {
    std::vector<RenderedFile> files;
};

// A file-name-safe form: characters outside [A-Za-z0-9._-] become '_'.
std::string deliveryFileStem(const std::string& text);

// Throws std::runtime_error with a one-line reason naming the file or cue.
RenderReport renderDelivery(const Session& session, const RenderRequest& request);

} // namespace cuesmith
