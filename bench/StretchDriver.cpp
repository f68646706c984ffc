// Stretches audio files as the stems of one cue through stretchCue, for bench/stretch_vs_rubberband.sh
// (timed against the rubberband tool) and for trying the stretcher by hand.
//   cuesmith_stretch_driver <ratio> <r3|r2> <output folder> <stem.wav>...

#include "media/CueStretcher.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <string>

int main(int argc, char** argv)
{
    if (argc < 5) {
        std::fprintf(stderr, "usage: %s <ratio> <r3|r2> <output folder> <stem.wav>...\n", argv[0]);
        return 2;
    }
    try {
        cuesmith::StretchRequest request;
        request.timeRatio = std::stod(argv[1]);
        const std::string engine = argv[2];
        if (engine != "r3" && engine != "r2")
            throw std::runtime_error("engine must be r3 or r2, not " + engine);
        request.quality = engine == "r3" ? cuesmith::StretchRequest::Quality::Render
                                         : cuesmith::StretchRequest::Quality::Preview;
        request.outputFolder = argv[3];
        for (int i = 4; i < argc; ++i)
            request.stems.emplace_back(argv[i]);

        const auto start = std::chrono::steady_clock::now();
        const cuesmith::StretchResult result = cuesmith::stretchCue(request);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        for (const auto& path : result.stretchedStems)
            std::printf("%s\n", path.c_str());
        std::fprintf(stderr, "%lld -> %lld frames (Rubber Band delivered %lld) in %.2f s\n",
                     static_cast<long long>(result.inputFrames), static_cast<long long>(result.outputFrames),
                     static_cast<long long>(result.stretcherFrames), seconds);
        return 0;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "error: %s\n", e.what());
        return 1;
    }
}
