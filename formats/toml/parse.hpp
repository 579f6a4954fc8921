// The one way modelseal parses a TOML file: the size limit first, then the
// depth prescan, then toml++. Every error is "<source>:<line>:<col>: <what>".
#pragma once

#include <cstddef>
#include <string_view>

#include <toml++/toml.h>

#include "formats/toml/diagnostics.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats::toml_schema {

// `source_name` is how errors name the file. Errors: kLimitExceeded (larger
// than `max_bytes`, or keys/nesting deeper than limits.hpp allows),
// kInvalidMetadata ("TOML syntax error: ..."); with `problems`, the same
// problem field by field (its line and column). toml++ may throw std::bad_alloc.
Result<toml::table> parse_toml(std::string_view text, std::string_view source_name,
                               size_t max_bytes, ProblemList* problems = nullptr);

}  // namespace modelseal::formats::toml_schema
