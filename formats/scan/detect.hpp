// Picks the scanner for a file by its content, never by its name.
#pragma once

#include <optional>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

// The report of the matching scanner, or nullopt when no scanner knows the
// content (GGUF, NumPy and pickle magic first; safetensors last, as its
// header is only a length).
std::optional<ScanReport> scan_by_content(const ByteSource& src, std::string_view name);

}  // namespace modelseal::formats
