#pragma once
// The file under a delivery writer's libsndfile handle (through SF_VIRTUAL_IO). libsndfile writes
// a small header at the start and then the audio, in order, and rewrites the header with the final
// sizes when it closes. So the sink keeps everything before the audio's start in memory until
// finish(), and streams the audio to disk in large blocks from its own thread: the render's workers
// never wait for the disk, and the disk works while they compute.
//
// Where the filesystem allows it (ext4, xfs, ...) the blocks bypass the page cache (O_DIRECT): the
// disk reads them straight from our buffers instead of the kernel copying every byte into its cache
// first, which was the largest single cost of a delivery render. That needs the audio to start on
// a 4096-byte boundary (BwfWriter pads the header with a JUNK chunk) and whole 4096-byte blocks;
// the last partial block, and everything on filesystems that refuse O_DIRECT, is written
// through the page cache. Worker threads only (blocking I/O, allocation, locks).

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace cuesmith {

class StreamingFileSink {
public:
    enum class Mode { Direct, Buffered };  // Direct falls back to Buffered where unsupported
    static constexpr int64_t kAlignment = 4096;

    // Creates (or truncates) the file. Throws std::runtime_error("cannot create (<reason>)").
    StreamingFileSink(const std::filesystem::path& path, Mode mode = Mode::Direct);
    // Waits for writes in flight and closes the file (does not remove it).
    ~StreamingFileSink();
    StreamingFileSink(const StreamingFileSink&) = delete;
    StreamingFileSink& operator=(const StreamingFileSink&) = delete;

    // Where the sequential data begins: bytes before it are held in memory until finish().
    // Call before the first byte at or past it is written.
    void setStreamStart(int64_t offset);

    // The calls libsndfile's virtual I/O makes. write() returns fewer bytes than asked once a
    // write has failed (errorText() says why).
    int64_t write(const void* data, int64_t bytes);
    int64_t read(void* data, int64_t bytes);
    int64_t seek(int64_t offset, int whence);
    int64_t tell() const { return position_; }
    int64_t length() const { return length_; }

    // Room at the end of the stream, in the block being filled: a caller that builds its next
    // bytes there and then write()s them from there saves a copy. Empty when not appending.
    std::span<uint8_t> appendSpace();

    // Writes everything out (the stream, then the held header) and waits for it. Returns false
    // when any write failed. The caller then syncs and closes fd().
    bool finish();
    int fd() const { return fd_; }
    void closeFile();

    bool direct() const { return directFd_ >= 0 && directWorks_; }
    bool failed() const;
    std::string errorText() const;  // "No space left on device", or "" before any failure

private:
    struct Block {
        uint8_t* data = nullptr;
        int64_t offset = 0;  // in the file
        int64_t size = 0;
    };

    int64_t writeHeld(const uint8_t* data, int64_t bytes);
    int64_t writeStream(const uint8_t* data, int64_t bytes);
    void submitCurrent();
    void waitIdle();
    void runWriter();
    bool writeFully(int fd, const uint8_t* data, int64_t size, int64_t offset);

    void takeBlock();

    // About 1 MB: a multiple of the alignment and of every delivery frame size (2, 6 or 8 channels
    // of 3 or 4 bytes), so whole frames packed into appendSpace() fill blocks exactly.
    static constexpr int64_t kBlockBytes = 36864 * 28;
    static constexpr int kBlocks = 4;
    static constexpr int64_t kWritebackBytes = 8 << 20;  // buffered mode: start writeback this often

    int fd_ = -1;        // page-cache descriptor: header, tail, and everything in buffered mode
    int directFd_ = -1;  // O_DIRECT descriptor, when the filesystem takes it
    std::atomic<bool> directWorks_{true};  // false once a filesystem refuses an aligned direct write
    int64_t position_ = 0;
    int64_t length_ = 0;
    int64_t streamStart_ = INT64_MAX;
    int64_t streamEnd_ = 0;  // file offset after the last streamed byte
    std::vector<uint8_t> held_;  // bytes before streamStart_

    std::vector<uint8_t*> blocks_;  // all of them, to free
    std::vector<uint8_t*> free_;  // blocks ready to fill (guarded by mutex_)
    Block current_;               // the block being filled (caller's thread only)
    std::vector<Block> queue_;    // blocks waiting for the writer thread
    bool writing_ = false;        // the writer thread holds a block
    bool stopping_ = false;
    int error_ = 0;  // first errno
    int64_t scheduled_ = 0;  // buffered mode: bytes handed to writeback
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    std::thread writer_;
};

} // namespace cuesmith
