// RFC 3339 date-times from untrusted text (trusted roots, SLSA provenance,
// modelseal's own statements).
#pragma once

#include <chrono>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal::formats {

// "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+hh:mm|-hh:mm)" (as protobuf JSON writes
// it): seconds 00-59, fraction up to 9 digits, within system_clock's range
// (about the years 1678-2262). kCorrupt otherwise.
Result<std::chrono::system_clock::time_point> parse_rfc3339(std::string_view text);

}  // namespace modelseal::formats
