#pragma once
// Writes an interleaved Broadcast WAV (EBU Tech 3285) the way a mix stage expects a delivery:
// WAVE_FORMAT_EXTENSIBLE with a channel mask, a bext chunk whose TimeReference places the file,
// and an iXML chunk naming every channel. The audio goes to a temporary sibling and is renamed to
// the final name only by finish(), so an interrupted or failed render never leaves a file that
// looks complete. Worker threads only (blocking I/O).

#include "core/FrameRate.h"
#include "core/Session.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace cuesmith {

enum class DeliverySampleFormat { Pcm24, Float32 };

// SMPTE/ITU order (L R C LFE Ls Rs; L R C LFE Lss Rss Lrs Rrs) or film order (L C R Ls Rs LFE).
enum class DeliveryChannelOrder { Smpte, Film };

struct BwfMetadata {
    std::string description;          // bext Description (256 chars max)
    std::string originator = "Cuesmith";
    std::string originatorReference;  // 32 chars max
    std::string originationDate;      // "yyyy-mm-dd"
    std::string originationTime;      // "hh:mm:ss"
    int64_t timeReference = 0;        // samples since midnight at the file's rate
    std::string project;              // iXML PROJECT
    FrameRate timecodeRate = kFps24;  // iXML SPEED
    std::vector<std::string> trackNames;  // one per channel, e.g. "STR L"
};

// Speaker names in file order for a layout and channel order: {"L","R","C","LFE","Ls","Rs"}.
std::vector<std::string> speakerNames(ChannelLayout layout, DeliveryChannelOrder order);

// The iXML document written into the file (exposed for tests and for re-export).
std::string makeIxml(const BwfMetadata& metadata, int sampleRate, int channels, DeliverySampleFormat format);

class BwfWriter {
public:
    // Throws std::runtime_error("<path>: <reason>") when the temporary file cannot be created.
    BwfWriter(const std::filesystem::path& finalPath, int sampleRate, ChannelLayout layout, DeliveryChannelOrder order,
              DeliverySampleFormat format, const BwfMetadata& metadata);
    ~BwfWriter();  // without finish(): removes the temporary file
    BwfWriter(const BwfWriter&) = delete;
    BwfWriter& operator=(const BwfWriter&) = delete;

    // Appends frames; throws std::runtime_error naming the file when the disk refuses them.
    void write(const float* interleaved, int64_t frames);
    // Closes the temporary file and makes it durable (fsync); it keeps its temporary name, and is
    // removed if finish() never follows. Lets several files of one render be sealed in parallel
    // and renamed only once all of them are complete.
    void seal();
    // seal(), then renames the temporary file to the final name.
    void finish();

    const std::filesystem::path& finalPath() const { return finalPath_; }
    const std::filesystem::path& temporaryPath() const { return temporaryPath_; }
    int channels() const { return channels_; }

private:
    struct File;
    std::unique_ptr<File> file_;
    std::filesystem::path finalPath_, temporaryPath_;
    int channels_ = 0;
    uint32_t mask_ = 0;
    int64_t framesWritten_ = 0;
    bool sealed_ = false;
    int64_t bytesPerSample_ = 3;
    std::vector<uint8_t> packed_;  // one write()'s 24-bit samples
};

} // namespace cuesmith
