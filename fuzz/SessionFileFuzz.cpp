// libFuzzer target: the session reader must refuse any garbage with a SessionFileError and never
// crash, hang or read out of bounds. Whatever it accepts must save and read back the same.

#include "formats/SessionFile.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const cuesmith::Session s = cuesmith::sessionFromJsonText(text, "/fuzz", "fuzz.cuesmith");
        const std::string saved = cuesmith::sessionToJsonText(s, "/fuzz");
        const cuesmith::Session again = cuesmith::sessionFromJsonText(saved, "/fuzz", "fuzz.cuesmith");
        if (cuesmith::sessionToJsonText(again, "/fuzz") != saved)
            __builtin_trap();
    } catch (const cuesmith::SessionFileError&) {
    }
    return 0;
}
