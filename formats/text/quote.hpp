// Untrusted text made safe to put in a message.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace modelseal::formats {

inline constexpr size_t kMaxQuotedBytes = 80;

// `text` in double quotes: printable ASCII kept, '"' and '\' escaped with '\',
// every other byte written \xNN; cut after kMaxQuotedBytes with "..." appended.
std::string quote(std::string_view text);

}  // namespace modelseal::formats
