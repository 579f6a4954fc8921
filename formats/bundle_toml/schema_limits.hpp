// Named limits of the bundle.toml schema (specs/bundle-toml-v1.md, "Limits").
// kMaxBundleTomlBytes, the limit on the whole file, is in bundle_toml.hpp.
#pragma once

#include <cstddef>
#include <string_view>

namespace modelseal::formats::bundle_toml_internal {

inline constexpr size_t kMaxStringBytes = 64 * 1024;  // any one string value
inline constexpr size_t kMaxArrayEntries = 1000;      // any one array, [[dataset]] included
inline constexpr size_t kMaxModelNameBytes = 128;     // model.name (used in file names)
inline constexpr size_t kMaxVersionBytes = 128;       // model.version
inline constexpr size_t kMaxUriBytes = 4096;          // source_url, https contacts
inline constexpr size_t kMaxGlobBytes = 1024;         // one payload glob

// Checked before toml++ parses, which recurses once per level: keys of more
// dotted parts, and arrays/inline tables nested deeper, are rejected.
inline constexpr size_t kMaxDottedKeyParts = 16;
inline constexpr size_t kMaxBracketNesting = 32;

// The marker bundle_toml_template() puts in every value the author must write;
// a string containing it is rejected.
inline constexpr std::string_view kPlaceholder = "FILL ME";

}  // namespace modelseal::formats::bundle_toml_internal
