// libFuzzer target for the CMX3600 reader: every input must read leniently without crashing,
// strict reading may only fail with EdlReadError, and the JSON form must always serialise.

#include "formats/EdlJson.h"
#include "formats/JsonText.h"
#include "formats/EdlReader.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {

void readAndDump(std::string_view text, const cuesmith::EdlReadOptions& options)
{
    const cuesmith::Edl edl = cuesmith::readEdl(text, options);
    static_cast<void>(cuesmith::jsonText(cuesmith::edlToJson(edl)));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);

    cuesmith::EdlReadOptions lenient;
    readAndDump(text, lenient);

    // The first byte picks an explicit rate, so drop-frame and high-rate paths get exercised
    // on the same text as the guessed rate.
    cuesmith::EdlReadOptions withRate;
    const auto rateCount =
        cuesmith::supportedFrameRatesEnd() - cuesmith::supportedFrameRatesBegin();
    withRate.rate = cuesmith::supportedFrameRatesBegin()[size == 0 ? 0 : data[0] % rateCount];
    readAndDump(text, withRate);

    for (auto options : {lenient, withRate}) {
        options.strict = true;
        try {
            readAndDump(text, options);
        } catch (const cuesmith::EdlReadError&) {
            // expected for unreadable lines
        }
    }
    return 0;
}
