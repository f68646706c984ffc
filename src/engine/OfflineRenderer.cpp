#include "OfflineRenderer.h"

#include "BlockPipeline.h"
#include "BusMixer.h"
#include "DeliveryPlan.h"
#include "DiskStreamer.h"
#include "RenderPlan.h"
#include "core/Timecode.h"
#include "dsp/LoudnessMeter.h"

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <thread>

namespace cuesmith {

namespace {

constexpr int kBlockFrames = BlockPipeline::kBlockFrames;

// Film order is a permutation of the SMPTE channels the mixer produces.
std::vector<int> outputPermutation(ChannelLayout layout, DeliveryChannelOrder order)
{
    const auto smpte = speakerNames(layout, DeliveryChannelOrder::Smpte);
    const auto wanted = speakerNames(layout, order);
    std::vector<int> permutation;
    for (const auto& name : wanted)
        permutation.push_back(static_cast<int>(std::find(smpte.begin(), smpte.end(), name) - smpte.begin()));
    return permutation;
}

// One delivery file: its writer and its meter (blocks reach them through the BlockPipeline).
struct Output {
    std::string bus;
    std::unique_ptr<BwfWriter> writer;
    LoudnessMeter meter;
};

} // namespace

std::string deliveryFileStem(const std::string& text)
{
    std::string out = text;
    for (char& c : out) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.'
                        || c == '_' || c == '-';
        if (!ok)
            c = '_';
    }
    return out.empty() ? "untitled" : out;
}

RenderReport renderDelivery(const Session& session, const RenderRequest& request)
{
    RenderPlan plan = compileDeliveryPlan(session, request.layout, request.dialogueProcessing);
    if (plan.clips.empty())
        throw std::runtime_error("the session has no cues to render");
    for (const auto& bus : plan.buses)
        if (bus.name == "MIX")
            throw std::runtime_error("a stem bus is named MIX, which is the full mix's name: rename the stems");

    int64_t start = request.start.value_or(session.currentCutVersion() ? session.pictureStartSample() : plan.start);
    int64_t end = request.end.value_or(session.currentCutVersion()
                                           ? session.pictureStartSample() + session.pictureLengthSamples()
                                           : plan.end);
    start -= request.handles;
    end += request.handles;
    if (end <= start)
        throw std::runtime_error("the render range is empty");
    if (start < 0)
        throw std::runtime_error("the render range starts before midnight");

    std::error_code ec;
    std::filesystem::create_directories(request.outputFolder, ec);
    if (!std::filesystem::is_directory(request.outputFolder))
        throw std::runtime_error(request.outputFolder.string() + ": cannot create the output folder");

    // Stems are decoded on the disk thread, ahead of the mixer, as in real-time playback.
    DiskStreamer::Options streaming;
    streaming.maxBlockFrames = kBlockFrames;
    streaming.chunkFrames = kBlockFrames;
    streaming.ringFrames = 8 * kBlockFrames;
    DiskStreamer streamer(plan, streaming);

    BusMixer mixer;
    mixer.prepare(plan, streamer, kBlockFrames);
    const int channels = mixer.outputChannels();
    const auto permutation = outputPermutation(request.layout, request.order);
    bool identityOrder = true;
    for (size_t c = 0; c < permutation.size(); ++c)
        identityOrder = identityOrder && permutation[c] == static_cast<int>(c);
    const auto speakers = speakerNames(request.layout, request.order);
    const std::string stemPrefix = deliveryFileStem(session.projectName);

    std::vector<Output> outputs(plan.buses.size() + 1);
    for (size_t i = 0; i < outputs.size(); ++i) {
        Output& out = outputs[i];
        out.bus = i < plan.buses.size() ? plan.buses[i].name : "MIX";
        BwfMetadata meta;
        meta.description = session.projectName + " music " + (out.bus == "MIX" ? "full mix" : out.bus + " stem")
                           + " from " + formatFrames(samplesToFrames(start, session.frameRate, session.sampleRate),
                                                     session.frameRate);
        meta.originationDate = request.originationDate;
        meta.originationTime = request.originationTime;
        meta.originatorReference = deliveryFileStem(out.bus).substr(0, 32);
        meta.timeReference = start;
        meta.project = session.projectName;
        meta.timecodeRate = session.frameRate;
        for (const auto& s : speakers)
            meta.trackNames.push_back(out.bus + " " + s);
        const auto path = request.outputFolder / (stemPrefix + "_" + deliveryFileStem(out.bus) + ".wav");
        out.writer = std::make_unique<BwfWriter>(path, static_cast<int>(plan.sampleRate), request.layout, request.order,
                                                 request.format, meta);
        out.meter.prepare(static_cast<int>(plan.sampleRate), channels);
    }

    // Mixing on this thread; writing and metering on one worker per core, each owning a share of
    // the files. Mixed blocks pass through a small ring so the mixer runs ahead while the workers
    // catch up.
    BlockPipeline pipeline(outputs.size(), channels, std::max(1u, std::thread::hardware_concurrency()));
    pipeline.start([&](size_t output, const float* deliveryOrder, const float* smpteOrder, int frames) {
        Output& out = outputs[output];
        out.meter.addFrames(smpteOrder, static_cast<size_t>(frames));
        out.writer->write(deliveryOrder, frames);
    });
    streamer.start(start);
    try {
        for (int64_t t = start; t < end;) {
            const int frames = static_cast<int>(std::min<int64_t>(kBlockFrames, end - t));
            streamer.waitUntilReady(t, frames);
            mixer.process(t, frames);
            BlockPipeline::Slot& slot = pipeline.acquire();
            if (identityOrder) {
                // SMPTE delivery: the mixer's buffers become the slot's, and the slot's the
                // mixer's next ones.
                mixer.exchangeOutputs(slot.delivery);
                slot.smpteIsDelivery = true;
                pipeline.publish(frames);
                t += frames;
                continue;
            }
            for (size_t i = 0; i < outputs.size(); ++i) {
                const float* mixed = i < plan.buses.size() ? mixer.busOutput(static_cast<int>(i)) : mixer.mixOutput();
                float* dest = slot.delivery[i].data();
                for (int f = 0; f < frames; ++f)
                    for (int c = 0; c < channels; ++c)
                        dest[f * channels + c] = mixed[f * channels + permutation[static_cast<size_t>(c)]];
                std::copy_n(mixed, static_cast<size_t>(frames * channels), slot.smpte[i].begin());
            }
            slot.smpteIsDelivery = false;
            pipeline.publish(frames);
            t += frames;
        }
    } catch (...) {
        pipeline.finish();
        throw;
    }
    pipeline.finish();  // rethrows a worker's failure (a full disk)

    // Sealing waits for a file to reach the disk: seal all at once, then name them only when every
    // one is complete.
    std::vector<std::exception_ptr> failures(outputs.size());
    {
        std::vector<std::thread> finishing;
        for (size_t i = 0; i < outputs.size(); ++i)
            finishing.emplace_back([&, i] {
                try {
                    outputs[i].writer->seal();
                } catch (...) {
                    failures[i] = std::current_exception();
                }
            });
        for (auto& t : finishing)
            t.join();
    }
    for (const auto& failure : failures)
        if (failure)
            std::rethrow_exception(failure);

    for (auto& out : outputs)
        out.writer->finish();

    RenderReport report;
    for (auto& out : outputs) {
        const LoudnessReport loudness = out.meter.report();
        RenderedFile file;
        file.bus = out.bus;
        file.path = out.writer->finalPath();
        file.startSample = start;
        file.lengthSamples = end - start;
        file.channels = channels;
        file.integratedLufs = loudness.integratedLufs;
        file.loudnessRangeLu = loudness.loudnessRangeLu;
        file.truePeakDbtp = loudness.truePeakDbtp;
        file.samplePeakDbfs = loudness.samplePeakDbfs;
        // Past full scale a 24-bit sample clips (1.0 itself is written as the largest step, 2^-23
        // off: far under the -120 dB null).
        file.clipped = request.format == DeliverySampleFormat::Pcm24 && loudness.samplePeakDbfs.value_or(-1.0) > 0.0;
        report.files.push_back(file);
    }
    return report;
}

} // namespace cuesmith
