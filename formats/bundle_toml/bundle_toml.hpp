// bundle.toml: the author's description of a model (specs/bundle-toml-v1.md).
// Parses hostile text into BundleMetadata; every error names the source, the
// line and column, and what is wrong, with a hint.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "formats/model_card_hints/model_hints.hpp"
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

// The commented bundle.toml of `modelseal init`, every field explained: what
// `hints` say pre-filled, optional tables and keys commented out, a "FILL ME"
// placeholder in each required value that must come from a person.
struct BundleTomlTemplate {
  std::string text;
  std::vector<std::string> prefilled;  // "license Apache-2.0 from README.md", ...
  std::vector<std::string> warnings;   // facts found but not usable, safe to print
  size_t placeholders = 0;             // values left to fill
};
BundleTomlTemplate bundle_toml_template(std::string_view model_name,
                                        const model_card_hints::ModelHints& hints);
// The template without hints.
std::string bundle_toml_template(std::string_view model_name);

}  // namespace modelseal::formats
