#include "BwfWriter.h"

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

struct BwfWriter::File {
    int fd = -1;
    SNDFILE* handle = nullptr;
    ~File()
    {
        if (handle != nullptr)
            sf_close(handle);
        if (fd >= 0)
            ::close(fd);
    }
};

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
    // Our own descriptor (libsndfile does not close it) so finish() can patch, sync and close in
    // order, and write() can start writeback early.
    file_->fd = ::open(temporaryPath_.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (file_->fd < 0)
        throw std::runtime_error(finalPath_.string() + ": cannot create (" + std::strerror(errno) + ")");
    file_->handle = sf_open_fd(file_->fd, SFM_WRITE, &info, SF_FALSE);
    if (file_->handle == nullptr) {
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
}

BwfWriter::~BwfWriter()
{
    if (sealed_) {  // sealed but never given its name: the render failed elsewhere
        std::error_code ec;
        std::filesystem::remove(temporaryPath_, ec);
    }
    if (file_ && file_->handle != nullptr) {
        sf_close(file_->handle);
        file_->handle = nullptr;
        ::close(file_->fd);
        file_->fd = -1;
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
    bool complete = false;
    if (bytesPerSample_ == 3) {
        const auto samples = static_cast<size_t>(frames) * static_cast<size_t>(channels_);
        if (packed_.size() < 3 * samples)
            packed_.resize(3 * samples);
        floatToPcm24(interleaved, samples, packed_.data());
        const auto bytes = static_cast<sf_count_t>(3 * samples);
        complete = sf_write_raw(file_->handle, packed_.data(), bytes) == bytes;
    } else {
        complete = sf_writef_float(file_->handle, interleaved, frames) == frames;
    }
    if (!complete)
        throw std::runtime_error(finalPath_.string() + ": cannot write (" + sf_strerror(file_->handle)
                                 + "; is the disk full?)");
    framesWritten_ += frames;
    // Hand finished data to the disk as it accumulates (without waiting), so the fsync in
    // finish() has little left to do and the disk works while we compute.
    const int64_t bytes = framesWritten_ * channels_ * bytesPerSample_;
    if (bytes - bytesScheduled_ >= kWritebackBytes) {
        ::sync_file_range(file_->fd, 0, 0, SYNC_FILE_RANGE_WRITE);
        bytesScheduled_ = bytes;
    }
}

void BwfWriter::seal()
{
    if (file_->handle == nullptr)
        return;
    // Close (libsndfile writes the final sizes), set the channel mask, then make all of it durable
    // before the file may take its finished name.
    const int closeError = sf_close(file_->handle);
    file_->handle = nullptr;
    const bool masked = closeError == 0 && patchChannelMask(file_->fd, mask_);
    const bool synced = masked && ::fsync(file_->fd) == 0;
    const bool closed = ::close(file_->fd) == 0;
    file_->fd = -1;
    std::error_code ec;
    if (closeError == 0 && !masked) {
        std::filesystem::remove(temporaryPath_, ec);
        throw std::runtime_error(finalPath_.string() + ": cannot write its channel mask");
    }
    if (closeError != 0 || !synced || !closed) {
        std::filesystem::remove(temporaryPath_, ec);
        throw std::runtime_error(finalPath_.string() + ": cannot finish writing (is the disk full?)");
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
