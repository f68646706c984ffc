#pragma once
// JSON to text for every file and printout Cuesmith writes. nlohmann's plain dump() throws on a
// string that is not UTF-8; here a stray byte becomes U+FFFD so output never aborts halfway.

#include <nlohmann/json.hpp>
#include <string>

namespace cuesmith {

inline std::string jsonText(const nlohmann::json& value, int indent = 2)
{
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace cuesmith
