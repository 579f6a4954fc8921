// Checks made on the raw text of a TOML file before toml++ parses it.
// toml++ (3.3) recurses once per dotted key part and per nested table when it
// builds and destroys the tree, so a 1 MiB file of "a.a.a..." overflows the
// stack; this scan bounds that depth without parsing TOML fully.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace modelseal::formats::toml_schema {

struct PrescanProblem {
  uint32_t line;
  uint32_t column;
  std::string what;
};

// Skips comments and the four kinds of strings; outside them counts the dots
// joining key parts (at most kMaxDottedKeyParts - 1 in a row) and the nesting of
// '[' and '{' (at most kMaxBracketNesting).
std::optional<PrescanProblem> prescan_toml(std::string_view text);

}  // namespace modelseal::formats::toml_schema
