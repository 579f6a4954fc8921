// TOML text written by modelseal (the `init` template): any string, hostile
// ones included, as one TOML basic string that reads back as the same text.
#pragma once

#include <string>
#include <string_view>

namespace modelseal::formats::bundle_toml_internal {

// `value` in double quotes on one line: '"' and '\' escaped, tab, newline and
// the other C0 controls, DEL, C1 controls and bidirectional overrides as
// escapes, malformed UTF-8 as \uFFFD. Safe in a value and in a comment.
std::string toml_basic_string(std::string_view value);

}  // namespace modelseal::formats::bundle_toml_internal
