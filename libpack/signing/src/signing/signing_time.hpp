// The signing time modelseal records in its statements ("signed_at",
// RFC 3339 UTC with seconds, e.g. "2026-11-24T15:30:00Z").
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace modelseal::signing {

std::string format_utc(std::chrono::system_clock::time_point t);
// nullopt unless exactly "YYYY-MM-DDTHH:MM:SSZ" with valid fields.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text);

}  // namespace modelseal::signing
