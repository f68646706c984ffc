#include "BwfWriter.h"

#include "StreamingFileSink.h"
#include "dsp/Pcm24.h"

#include <cerrno>
#include <cstdio>
#include <fcntl.h>
#include <cstring>
#include <pugixml.hpp>
#include <sndfile.h>
#include <sstream>
#include <stdexcept>
#include <unistd.h>

namespace cuesmith {

namespace {

// Speaker names in file order. WAVE_FORMAT_EXTENSIBLE fixes channel order to ascending mask
// bits (FL FR FC LFE BL BR .. SL SR), so 7.1 in SMPTE order is written with the universal 0x63F
// mask (channels 5-6 = BL/BR, 7-8 = SL/SR, as ffmpeg and most DAWs read 8-channel WAVs); the iXML
// track names say which is which. Film order cannot be expressed by a mask at all: mask 0.
std::vector<std::string> speakerList(ChannelLayout layout, DeliveryChannelOrder order)
{
    const bool film = order == DeliveryChannelOrder::Film;
    switch (layout) {
    case ChannelLayout::Mono: return {"C"};
    case ChannelLayout::Stereo: return {"L", "R"};
    case ChannelLayout::Surround51:
        return film ? std::vector<std::string>{"L", "C", "R", "Ls", "Rs", "LFE"}
                    : std::vector<std::string>{"L", "R", "C", "LFE", "Ls", "Rs"};
    case ChannelLayout::Surround71:
        return film ? std::vector<std::string>{"L", "C", "R", "Lss", "Rss", "Lrs", "Rrs", "LFE"}
                    : std::vector<std::string>{"L", "R", "C", "LFE", "Lss", "Rss", "Lrs", "Rrs"};
    }
    return {};
}

uint32_t channelMask(ChannelLayout layout, DeliveryChannelOrder order)
{
    switch (layout) {
    case ChannelLayout::Mono: return 0x4;
    case ChannelLayout::Stereo: return 0x3;
    case ChannelLayout::Surround51: return order == DeliveryChannelOrder::Smpte ? 0x3F : 0;
    case ChannelLayout::Surround71: return order == DeliveryChannelOrder::Smpte ? 0x63F : 0;
    }
    return 0;
}

// Rewrites dwChannelMask in the finished file's fmt chunk (offset 20 of its payload).
bool patchChannelMask(int fd, uint32_t mask)
{
    off_t pos = 12;
    char header[8];
    while (::pread(fd, header, 8, pos) == 8) {
        uint32_t size = 0;
        std::memcpy(&size, header + 4, 4);
        if (std::memcmp(header, "fmt ", 4) == 0)
            return size >= 40 && ::pwrite(fd, &mask, 4, pos + 8 + 20) == 4;
        pos += 8 + static_cast<off_t>(size) + static_cast<off_t>(size & 1);
    }
    return false;
}

// Makes the rename itself durable.
void syncFolderOf(const std::filesystem::path& path)
{
    const auto folder = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

void copyField(char* field, size_t size, const std::string& value)
{
    std::memset(field, 0, size);
    std::memcpy(field, value.data(), std::min(size, value.size()));
}

} // namespace

std::vector<std::string> speakerNames(ChannelLayout layout, DeliveryChannelOrder order)
{
    return speakerList(layout, order);
}

std::string makeIxml(const BwfMetadata& m, int sampleRate, int channels, DeliverySampleFormat format)
{
    pugi::xml_document doc;
    auto decl = doc.append_child(pugi::node_declaration);
    decl.append_attribute("version") = "1.0";
    decl.append_attribute("encoding") = "UTF-8";
    auto root = doc.append_child("BWFXML");
    root.append_child("IXML_VERSION").text() = "2.10";
    root.append_child("PROJECT").text() = m.project.c_str();
    root.append_child("NOTE").text() = m.description.c_str();
    auto speed = root.append_child("SPEED");
    const std::string rate = std::to_string(m.timecodeRate.numerator) + "/" + std::to_string(m.timecodeRate.denominator);
    speed.append_child("TIMECODE_RATE").text() = rate.c_str();
    speed.append_child("TIMECODE_FLAG").text() = m.timecodeRate.dropFrame ? "DF" : "NDF";
    speed.append_child("FILE_SAMPLE_RATE").text() = sampleRate;
    speed.append_child("AUDIO_BIT_DEPTH").text() = format == DeliverySampleFormat::Float32 ? 32 : 24;
    const auto tref = static_cast<uint64_t>(m.timeReference);
    speed.append_child("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_HI").text() = static_cast<unsigned>(tref >> 32);
    speed.append_child("TIMESTAMP_SAMPLES_SINCE_MIDNIGHT_LO").text() = static_cast<unsigned>(tref & 0xffffffffu);
    speed.append_child("TIMESTAMP_SAMPLE_RATE").text() = sampleRate;
    auto tracks = root.append_child("TRACK_LIST");
    tracks.append_child("TRACK_COUNT").text() = channels;
    for (int c = 0; c < channels; ++c) {
        auto track = tracks.append_child("TRACK");
        track.append_child("CHANNEL_INDEX").text() = c + 1;
        track.append_child("INTERLEAVE_INDEX").text() = c + 1;
        const std::string name = c < static_cast<int>(m.trackNames.size()) ? m.trackNames[static_cast<size_t>(c)]
                                                                           : "Channel " + std::to_string(c + 1);
        track.append_child("NAME").text() = name.c_str();
    }
    std::ostringstream out;
    doc.save(out, "  ", pugi::format_default, pugi::encoding_utf8);
    return out.str();
}

// libsndfile writes the container; the bytes go through a StreamingFileSink (audio streamed to disk
// on the sink's thread, bypassing the page cache where the filesystem allows).
struct BwfWriter::File {
    std::unique_ptr<StreamingFileSink> sink;
    SNDFILE* handle = nullptr;
    ~File()
    {
        if (handle != nullptr)
            sf_close(handle);
    }
};

namespace {

StreamingFileSink& sinkOf(void* user) { return *static_cast<StreamingFileSink*>(user); }

SF_VIRTUAL_IO sinkIo()
{
    SF_VIRTUAL_IO io{};
    io.get_filelen = [](void* user) -> sf_count_t { return sinkOf(user).length(); };
    io.seek = [](sf_count_t offset, int whence, void* user) -> sf_count_t { return sinkOf(user).seek(offset, whence); };
    io.read = [](void* data, sf_count_t bytes, void* user) -> sf_count_t { return sinkOf(user).read(data, bytes); };
    io.write = [](const void* data, sf_count_t bytes, void* user) -> sf_count_t {
        return sinkOf(user).write(data, bytes);
    };
    io.tell = [](void* user) -> sf_count_t { return sinkOf(user).tell(); };
    return io;
}

} // namespace

BwfWriter::BwfWriter(const std::filesystem::path& finalPath, int sampleRate, ChannelLayout layout,
                     DeliveryChannelOrder order, DeliverySampleFormat format, const BwfMetadata& metadata)
    : file_(std::make_unique<File>()), finalPath_(finalPath), channels_(channelCount(layout))
{
    temporaryPath_ = finalPath_;
    temporaryPath_ += ".partial-" + std::to_string(::getpid());

    SF_INFO info{};
    info.samplerate = sampleRate;
    info.channels = channels_;
    info.format = SF_FORMAT_WAVEX | (format == DeliverySampleFormat::Float32 ? SF_FORMAT_FLOAT : SF_FORMAT_PCM_24);
    try {
        file_->sink = std::make_unique<StreamingFileSink>(temporaryPath_);
    } catch (const std::exception& e) {
        throw std::runtime_error(finalPath_.string() + ": " + e.what());
    }
    static SF_VIRTUAL_IO io = sinkIo();
    file_->handle = sf_open_virtual(&io, SFM_WRITE, &info, file_->sink.get());
    if (file_->handle == nullptr) {
        file_->sink.reset();
        std::error_code ec;
        std::filesystem::remove(temporaryPath_, ec);
        throw std::runtime_error(finalPath_.string() + ": cannot create (" + sf_strerror(nullptr) + ")");
    }

    // Out-of-range floats clip at full scale instead of wrapping around in the integer format.
    sf_command(file_->handle, SFC_SET_CLIPPING, nullptr, SF_TRUE);
    sf_command(file_->handle, SFC_SET_ADD_PEAK_CHUNK, nullptr, SF_FALSE);

    mask_ = channelMask(layout, order);
    bytesPerSample_ = format == DeliverySampleFormat::Float32 ? 4 : 3;

    SF_BROADCAST_INFO bext{};
    copyField(bext.description, sizeof bext.description, metadata.description);
    copyField(bext.originator, sizeof bext.originator, metadata.originator);
    copyField(bext.originator_reference, sizeof bext.originator_reference, metadata.originatorReference);
    copyField(bext.origination_date, sizeof bext.origination_date, metadata.originationDate);
    copyField(bext.origination_time, sizeof bext.origination_time, metadata.originationTime);
    bext.time_reference_low = static_cast<uint32_t>(static_cast<uint64_t>(metadata.timeReference) & 0xffffffffu);
    bext.time_reference_high = static_cast<uint32_t>(static_cast<uint64_t>(metadata.timeReference) >> 32);
    bext.version = 1;
    if (sf_command(file_->handle, SFC_SET_BROADCAST_INFO, &bext, sizeof bext) != SF_TRUE)
        throw std::runtime_error(finalPath_.string() + ": cannot write the bext chunk");

    std::string ixml = makeIxml(metadata, sampleRate, channels_, format);
    if (ixml.size() % 2 != 0)
        ixml.push_back('\n');  // RIFF chunks are word aligned
    SF_CHUNK_INFO chunk{};
    std::memcpy(chunk.id, "iXML", 4);
    chunk.id_size = 4;
    chunk.datalen = static_cast<unsigned>(ixml.size());
    chunk.data = ixml.data();
    if (sf_set_chunk(file_->handle, &chunk) != SF_ERR_NO_ERROR)
        throw std::runtime_error(finalPath_.string() + ": cannot write the iXML chunk");

    // A JUNK chunk (the standard padding readers skip) pads the header so the audio starts on a
    // 4096-byte boundary, which lets the sink write it straight to the disk.
    sf_command(file_->handle, SFC_UPDATE_HEADER_NOW, nullptr, 0);
    const int64_t header = file_->sink->length();  // up to the data chunk's payload
    constexpr int64_t kAlign = StreamingFileSink::kAlignment;
    std::vector<char> junk(static_cast<size_t>(kAlign - (header + 8) % kAlign), 0);
    SF_CHUNK_INFO padding{};
    std::memcpy(padding.id, "JUNK", 4);
    padding.id_size = 4;
    padding.datalen = static_cast<unsigned>(junk.size());
    padding.data = junk.data();
    if (sf_set_chunk(file_->handle, &padding) != SF_ERR_NO_ERROR)
        throw std::runtime_error(finalPath_.string() + ": cannot write the header");
    file_->sink->setStreamStart(header + 8 + static_cast<int64_t>(junk.size()));
}

BwfWriter::~BwfWriter()
{
    if (sealed_) {  // sealed but never given its name: the render failed elsewhere
        std::error_code ec;
        std::filesystem::remove(temporaryPath_, ec);
    }
    if (file_ && file_->sink) {
        if (file_->handle != nullptr)
            sf_close(file_->handle);
        file_->handle = nullptr;
        file_->sink.reset();
        std::error_code ec;
        std::filesystem::remove(temporaryPath_, ec);
    }
}

void BwfWriter::write(const float* interleaved, int64_t frames)
{
    if (file_->handle == nullptr)
        throw std::runtime_error(finalPath_.string() + ": written after it was finished");
    // 24-bit: packed here (dsp/Pcm24, exactly libsndfile's samples at a third of its cost) and
    // handed over as raw bytes; libsndfile still writes the container around them.
    bool complete = true;
    if (bytesPerSample_ == 3) {
        // Packed straight into the sink's next block where it has room for whole frames, and
        // handed to libsndfile from there (the sink sees its own memory and copies nothing).
        const int64_t frameBytes = 3 * channels_;
        for (int64_t done = 0; done < frames && complete;) {
            const std::span<uint8_t> space = file_->sink->appendSpace();
            int64_t n = std::min<int64_t>(frames - done, static_cast<int64_t>(space.size()) / frameBytes);
            uint8_t* out = space.data();
            if (n == 0) {
                n = frames - done;
                if (packed_.size() < static_cast<size_t>(n * frameBytes))
                    packed_.resize(static_cast<size_t>(n * frameBytes));
                out = packed_.data();
            }
            floatToPcm24(interleaved + done * channels_, static_cast<size_t>(n * channels_), out);
            complete = sf_write_raw(file_->handle, out, n * frameBytes) == n * frameBytes;
            done += n;
        }
    } else {
        complete = sf_writef_float(file_->handle, interleaved, frames) == frames;
    }
    if (!complete) {
        const std::string reason = file_->sink->failed() ? file_->sink->errorText() : sf_strerror(file_->handle);
        throw std::runtime_error(finalPath_.string() + ": cannot write (" + reason + "; is the disk full?)");
    }
    framesWritten_ += frames;
}

void BwfWriter::seal()
{
    if (file_->handle == nullptr)
        return;
    // Close (libsndfile writes the final sizes), write everything out, set the channel mask, then
    // make all of it durable before the file may take its finished name.
    const int closeError = sf_close(file_->handle);
    file_->handle = nullptr;
    StreamingFileSink& sink = *file_->sink;
    const bool written = sink.finish() && closeError == 0;
    const bool masked = written && patchChannelMask(sink.fd(), mask_);
    const bool synced = masked && ::fsync(sink.fd()) == 0;
    const std::string reason = sink.errorText();
    file_->sink.reset();
    std::error_code ec;
    if (written && !masked) {
        std::filesystem::remove(temporaryPath_, ec);
        throw std::runtime_error(finalPath_.string() + ": cannot write its channel mask");
    }
    if (!synced) {
        std::filesystem::remove(temporaryPath_, ec);
        throw std::runtime_error(finalPath_.string() + ": cannot finish writing ("
                                 + (reason.empty() ? "the disk refused it" : reason) + "; is the disk full?)");
    }
    sealed_ = true;
}

void BwfWriter::finish()
{
    seal();
    if (!sealed_)
        return;  // finished already
    sealed_ = false;
    std::error_code ec;
    std::filesystem::rename(temporaryPath_, finalPath_, ec);
    if (ec) {
        std::filesystem::remove(temporaryPath_, ec);
        throw std::runtime_error(finalPath_.string() + ": cannot rename the finished file into place");
    }
    syncFolderOf(finalPath_);
}

} // namespace cuesmith
