// Untrusted text (file names, keys, values from hostile files) as it may be
// shown in a message or a report: one line, no control characters, no
// invalid UTF-8, no bidi overrides, bounded length.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modelseal::formats {

// Printable ASCII and valid non-control UTF-8 are kept; control bytes, invalid
// bytes, bidi overrides, quotes (') and backslashes become \xNN; cut to
// `max_bytes` with "..." appended.
std::string printable_name(std::string_view text, size_t max_bytes = 160);

}  // namespace modelseal::formats
