// Bounds shared by every TOML file modelseal reads (bundle.toml, the trust,
// registry and attestation policies). Each schema adds its own limits on top:
// the whole file (passed to parse_toml), and tighter counts where it needs them.
#pragma once

#include <cstddef>
#include <string_view>

namespace modelseal::formats::toml_schema {

inline constexpr size_t kMaxStringBytes = 64 * 1024;  // any one string value
inline constexpr size_t kMaxArrayEntries = 1000;      // any one array, arrays of tables included

// Checked before toml++ parses, which recurses once per level: keys of more
// dotted parts, and arrays/inline tables nested deeper, are rejected.
inline constexpr size_t kMaxDottedKeyParts = 16;
inline constexpr size_t kMaxBracketNesting = 32;

// The marker the templates (`modelseal init`) put in every value the author
// must write; a string containing it is rejected.
inline constexpr std::string_view kPlaceholder = "FILL ME";

}  // namespace modelseal::formats::toml_schema
