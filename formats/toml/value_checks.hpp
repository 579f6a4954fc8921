// The checks every TOML string value passes and the messages of a value of the
// wrong type, reported at the value's line and column.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "formats/toml/diagnostics.hpp"

namespace modelseal::formats::toml_schema {

// A value check: std::nullopt when the value is valid, or a phrase saying why
// it is not, written to follow the quoted value: `"1.2" is not a semantic version: ...`.
using Problem = std::optional<std::string>;
using ValueCheck = Problem (*)(std::string_view);

// Checks a string value: length (kMaxStringBytes), UTF-8, forbidden characters,
// emptiness, the template placeholder, then `check`. Reports the first problem at `node`.
bool check_text(Diagnostics& diag, const toml::node& node, std::string_view path,
                std::string_view value, std::string_view hint, ValueCheck check = nullptr);

// "wrong type for '<path>': expected <expected>, found <a string> (hint: <hint>)"; a string holding
// the template placeholder is reported as the placeholder it is.
void report_wrong_type(Diagnostics& diag, const toml::node& node, std::string_view path,
                       std::string_view expected, std::string_view hint);

// "an integer", "a local date-time", ... for messages.
std::string_view type_phrase(const toml::node& node);

}  // namespace modelseal::formats::toml_schema
