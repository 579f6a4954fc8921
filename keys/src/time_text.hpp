// Times for error details: "2024-03-19T17:26:27Z" (UTC, whole seconds).
#pragma once

#include <chrono>
#include <string>

namespace modelseal::keys {

std::string utc_seconds_text(std::chrono::system_clock::time_point t);

}  // namespace modelseal::keys
