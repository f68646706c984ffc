#include "StreamingFileSink.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <unistd.h>

namespace cuesmith {

StreamingFileSink::StreamingFileSink(const std::filesystem::path& path, Mode mode)
{
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw std::runtime_error(std::string("cannot create (") + std::strerror(errno) + ")");
    if (mode == Mode::Direct)
        directFd_ = ::open(path.c_str(), O_WRONLY | O_DIRECT | O_CLOEXEC);  // EINVAL on tmpfs: buffered
    for (int i = 0; i < kBlocks; ++i) {
        auto* block = static_cast<uint8_t*>(std::aligned_alloc(kAlignment, kBlockBytes));
        if (block == nullptr) {
            for (uint8_t* b : free_)
                std::free(b);
            closeFile();
            throw std::runtime_error("cannot create (out of memory)");
        }
        free_.push_back(block);
    }
    blocks_ = free_;
    writer_ = std::thread([this] { runWriter(); });
}

StreamingFileSink::~StreamingFileSink()
{
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    changed_.notify_all();
    writer_.join();  // after the blocks already queued
    closeFile();
    for (uint8_t* block : blocks_)
        std::free(block);
}

void StreamingFileSink::setStreamStart(int64_t offset)
{
    streamStart_ = offset;
    streamEnd_ = offset;
    // Bytes already held past the new start belong to the stream.
    if (static_cast<int64_t>(held_.size()) > offset) {
        const std::vector<uint8_t> beyond(held_.begin() + offset, held_.end());
        held_.resize(static_cast<size_t>(offset));
        const int64_t position = position_;
        position_ = offset;
        writeStream(beyond.data(), static_cast<int64_t>(beyond.size()));
        position_ = position;
    }
}

int64_t StreamingFileSink::write(const void* data, int64_t bytes)
{
    if (bytes <= 0 || failed())
        return 0;
    const auto* in = static_cast<const uint8_t*>(data);
    int64_t done = 0;
    if (position_ < streamStart_)
        done = writeHeld(in, std::min(bytes, streamStart_ - position_));
    if (done < bytes)
        done += writeStream(in + done, bytes - done);
    return failed() ? 0 : done;
}

int64_t StreamingFileSink::writeHeld(const uint8_t* data, int64_t bytes)
{
    const auto end = static_cast<size_t>(position_ + bytes);
    if (held_.size() < end)
        held_.resize(end);
    std::memcpy(held_.data() + position_, data, static_cast<size_t>(bytes));
    position_ += bytes;
    length_ = std::max(length_, position_);
    return bytes;
}

int64_t StreamingFileSink::writeStream(const uint8_t* data, int64_t bytes)
{
    int64_t done = 0;
    // Rewriting bytes already streamed (libsndfile never does, but a file is a file): those still
    // in the block being filled are patched there, older ones written in place once the queue is
    // empty.
    if (position_ < streamEnd_) {
        const int64_t blockStart = current_.data != nullptr ? current_.offset : streamEnd_;
        if (position_ < blockStart) {
            const int64_t n = std::min(bytes, blockStart - position_);
            waitIdle();
            if (!writeFully(fd_, data, n, position_))
                return 0;
            done += n;
            position_ += n;
        }
        if (done < bytes && position_ < streamEnd_) {
            const int64_t n = std::min(bytes - done, streamEnd_ - position_);
            std::memcpy(current_.data + (position_ - current_.offset), data + done, static_cast<size_t>(n));
            done += n;
            position_ += n;
        }
    }
    // A gap after the stream's end reads back as zeros, as in any file.
    static constexpr uint8_t kZeros[4096] = {};
    while (position_ > streamEnd_) {
        const int64_t n = std::min<int64_t>(position_ - streamEnd_, sizeof kZeros);
        const int64_t resume = position_;
        position_ = streamEnd_;
        writeStream(kZeros, n);
        position_ = resume;
        if (failed())
            return 0;
    }
    // Appending: the common case.
    while (done < bytes) {
        if (current_.data == nullptr)
            takeBlock();
        const int64_t n = std::min(bytes - done, kBlockBytes - current_.size);
        if (data + done != current_.data + current_.size)  // not already built in place
            std::memcpy(current_.data + current_.size, data + done, static_cast<size_t>(n));
        current_.size += n;
        streamEnd_ += n;
        position_ += n;
        done += n;
        if (current_.size == kBlockBytes)
            submitCurrent();
    }
    length_ = std::max(length_, position_);
    return done;
}

void StreamingFileSink::takeBlock()
{
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return !free_.empty(); });
    current_ = {free_.back(), streamEnd_, 0};
    free_.pop_back();
}

std::span<uint8_t> StreamingFileSink::appendSpace()
{
    if (position_ != streamEnd_ || position_ < streamStart_ || failed())
        return {};
    if (current_.data == nullptr)
        takeBlock();
    return {current_.data + current_.size, static_cast<size_t>(kBlockBytes - current_.size)};
}

int64_t StreamingFileSink::read(void* data, int64_t bytes)
{
    auto* out = static_cast<uint8_t*>(data);
    bytes = std::max<int64_t>(0, std::min(bytes, length_ - position_));
    int64_t done = 0;
    while (done < bytes) {
        const int64_t at = position_ + done;
        int64_t n = 0;
        if (at < streamStart_) {
            n = std::min(bytes - done, streamStart_ - at);
            const int64_t held = std::clamp<int64_t>(static_cast<int64_t>(held_.size()) - at, 0, n);
            std::memcpy(out + done, held_.data() + at, static_cast<size_t>(held));
            std::memset(out + done + held, 0, static_cast<size_t>(n - held));
        } else if (current_.data != nullptr && at >= current_.offset) {
            n = std::min(bytes - done, current_.offset + current_.size - at);
            std::memcpy(out + done, current_.data + (at - current_.offset), static_cast<size_t>(n));
        } else {
            n = std::min(bytes - done, (current_.data != nullptr ? current_.offset : streamEnd_) - at);
            waitIdle();
            if (::pread(fd_, out + done, static_cast<size_t>(n), at) != n)
                break;
        }
        done += n;
    }
    position_ += done;
    return done;
}

int64_t StreamingFileSink::seek(int64_t offset, int whence)
{
    const int64_t base = whence == SEEK_CUR ? position_ : whence == SEEK_END ? length_ : 0;
    if (base + offset < 0)
        return -1;
    position_ = base + offset;
    return position_;
}

void StreamingFileSink::submitCurrent()
{
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(current_);
    }
    current_ = {};
    changed_.notify_all();
}

void StreamingFileSink::waitIdle()
{
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return queue_.empty() && !writing_; });
}

bool StreamingFileSink::finish()
{
    if (current_.data != nullptr) {
        if (current_.size > 0) {
            submitCurrent();
        } else {
            std::lock_guard lock(mutex_);
            free_.push_back(current_.data);
            current_ = {};
        }
    }
    waitIdle();
    if (!held_.empty() && !failed())
        writeFully(fd_, held_.data(), static_cast<int64_t>(held_.size()), 0);
    return !failed();
}

void StreamingFileSink::closeFile()
{
    if (directFd_ >= 0)
        ::close(directFd_);
    if (fd_ >= 0)
        ::close(fd_);
    directFd_ = fd_ = -1;
}

bool StreamingFileSink::failed() const
{
    std::lock_guard lock(mutex_);
    return error_ != 0;
}

std::string StreamingFileSink::errorText() const
{
    std::lock_guard lock(mutex_);
    return error_ != 0 ? std::strerror(error_) : "";
}

bool StreamingFileSink::writeFully(int fd, const uint8_t* data, int64_t size, int64_t offset)
{
    while (size > 0) {
        const ssize_t n = ::pwrite(fd, data, static_cast<size_t>(size), offset);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            std::lock_guard lock(mutex_);
            if (error_ == 0)
                error_ = n < 0 ? errno : ENOSPC;
            return false;
        }
        data += n;
        size -= n;
        offset += n;
    }
    return true;
}

void StreamingFileSink::runWriter()
{
    for (;;) {
        Block block;
        {
            std::unique_lock lock(mutex_);
            changed_.wait(lock, [this] { return !queue_.empty() || stopping_; });
            if (queue_.empty())
                return;
            block = queue_.front();
            queue_.erase(queue_.begin());
            writing_ = true;
        }
        if (!failed()) {
            // Whole aligned blocks straight from our memory to the disk; anything else (the last
            // partial block, a stream not starting on a boundary) through the page cache.
            int64_t direct = 0;
            if (directFd_ >= 0 && directWorks_ && block.offset % kAlignment == 0) {
                const int64_t aligned = block.size / kAlignment * kAlignment;
                const ssize_t n = aligned > 0 ? ::pwrite(directFd_, block.data, static_cast<size_t>(aligned),
                                                         block.offset)
                                              : 0;
                if (n < 0 && errno == EINVAL)
                    directWorks_ = false;  // the filesystem took the flag but not the write
                direct = std::max<int64_t>(0, n);
            }
            if (direct < block.size
                && writeFully(fd_, block.data + direct, block.size - direct, block.offset + direct)
                && (directFd_ < 0 || !directWorks_)) {
                scheduled_ += block.size;
                if (scheduled_ >= kWritebackBytes) {  // start writeback without waiting for it
                    ::sync_file_range(fd_, 0, 0, SYNC_FILE_RANGE_WRITE);
                    scheduled_ = 0;
                }
            }
        }
        {
            std::lock_guard lock(mutex_);
            writing_ = false;
            free_.push_back(block.data);
        }
        changed_.notify_all();
    }
}

} // namespace cuesmith
