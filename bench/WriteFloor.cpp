// The machine's floor for a delivery's durable writes: five files of a 10-minute 5.1 24-bit reel
// (2.6 GB) written by two threads and fsynced, through the page cache (147 456-byte blocks,
// writeback started every 8 MB: how the renderer writes where O_DIRECT is refused) and bypassing
// it (O_DIRECT, 1 MB aligned blocks: how media/StreamingFileSink writes a delivery). Prints wall
// and CPU time of each: what a render's writes cost before any audio work.
// Usage: cuesmith_write_floor [FOLDER]   (default /tmp; the files are removed afterwards)
#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr size_t kFileBytes = 518400000ul / 4096 * 4096;  // 10 min of 5.1 at 48 kHz, 24-bit
constexpr int kFiles = 5;

double cpuSeconds(const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; }

void run(const std::filesystem::path& folder, bool direct)
{
    const size_t block = direct ? (1u << 20) : 147456;
    void* data = std::aligned_alloc(4096, 1u << 20);
    std::memset(data, 7, 1u << 20);
    rusage before{};
    getrusage(RUSAGE_SELF, &before);
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> writers;
    std::atomic<bool> failed{false};
    for (int w = 0; w < 2; ++w)
        writers.emplace_back([&, w] {
            for (int f = w; f < kFiles; f += 2) {
                const auto path = folder / ("cuesmith-write-floor-" + std::to_string(f));
                const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | (direct ? O_DIRECT : 0), 0644);
                if (fd < 0) {
                    failed = true;
                    return;
                }
                size_t done = 0, scheduled = 0;
                while (done < kFileBytes) {
                    const size_t n = std::min(block, kFileBytes - done);
                    if (::write(fd, data, n) != static_cast<ssize_t>(n)) {
                        failed = true;
                        break;
                    }
                    done += n;
                    if (!direct && done - scheduled >= (8u << 20)) {
                        ::sync_file_range(fd, 0, 0, SYNC_FILE_RANGE_WRITE);
                        scheduled = done;
                    }
                }
                ::fsync(fd);
                ::close(fd);
                std::filesystem::remove(path);
            }
        });
    for (auto& t : writers)
        t.join();
    const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    rusage after{};
    getrusage(RUSAGE_SELF, &after);
    std::free(data);
    if (failed) {
        std::printf("%-9s failed (%s)\n", direct ? "O_DIRECT" : "buffered", direct ? "no O_DIRECT here?" : "write error");
        return;
    }
    std::printf("%-9s wall %.2f s   user %.2f s   sys %.2f s\n", direct ? "O_DIRECT" : "buffered", wall,
                cpuSeconds(after.ru_utime) - cpuSeconds(before.ru_utime),
                cpuSeconds(after.ru_stime) - cpuSeconds(before.ru_stime));
}

} // namespace

int main(int argc, char** argv)
{
    const std::filesystem::path folder = argc > 1 ? argv[1] : "/tmp";
    for (int round = 0; round < 3; ++round) {
        ::sync();
        run(folder, false);
        ::sync();
        run(folder, true);
    }
}
