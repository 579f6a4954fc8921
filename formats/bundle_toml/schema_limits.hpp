// Named limits of the bundle.toml schema (specs/bundle-toml-v1.md, "Limits").
// kMaxBundleTomlBytes, the limit on the whole file, is in bundle_toml.hpp.
#pragma once

#include <cstddef>
#include <string_view>

#include "formats/toml/limits.hpp"

namespace modelseal::formats::bundle_toml_internal {

// Any one string value, and any one array ([[dataset]] included): the limits of
// every TOML file modelseal reads.
using toml_schema::kMaxArrayEntries;
using toml_schema::kMaxStringBytes;
inline constexpr size_t kMaxModelNameBytes = 128;     // model.name (used in file names)
inline constexpr size_t kMaxVersionBytes = 128;       // model.version
inline constexpr size_t kMaxUriBytes = 4096;          // source_url, https contacts
inline constexpr size_t kMaxGlobBytes = 1024;         // one payload glob

// The marker bundle_toml_template() puts in every value the author must write;
// a string containing it is rejected (formats/toml/value_checks.hpp).
using toml_schema::kPlaceholder;

}  // namespace modelseal::formats::bundle_toml_internal
