// bundle.toml: the author's description of a model (specs/bundle-toml-v1.md).
// Parses hostile text into BundleMetadata; every error names the source, the
// line and column, and what is wrong, with a hint.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "formats/toml/diagnostics.hpp"
#include "modelseal/metadata.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats {

// Largest bundle.toml accepted, checked before parsing.
inline constexpr size_t kMaxBundleTomlBytes = 1 << 20;

// `source_name` is how errors name the file, e.g. "my-model/bundle.toml".
// Errors: kInvalidMetadata, detail "<source>:<line>:<col>: <what> (hint: ...)", one line per
// problem, every problem of the file in source order (toml_schema::Diagnostics); `problems`, when
// given, receives the same lines one by one and their count.
Result<BundleMetadata> parse_bundle_toml(std::string_view text, std::string_view source_name,
                                         toml_schema::ProblemList* problems = nullptr);

// A commented template for `modelseal init`, every field explained.
std::string bundle_toml_template(std::string_view model_name);

}  // namespace modelseal::formats
