// Where a problem is in a TOML file, and the collector that keeps the first
// problem in source order (line, then column, then report order), so a schema
// walk can read every field without stopping and still report deterministically.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <toml++/toml.h>

#include "modelseal/result.hpp"

namespace modelseal::formats::toml_schema {

struct Position {
  uint32_t line = 1;
  uint32_t column = 1;
};

// The start of `region`, or `fallback` when toml++ recorded none.
Position position_of(const toml::source_region& region, Position fallback);

// "<source>:<line>:<column>: <what>", the form of every TOML error.
Error error_at(std::string_view source_name, Position where, ErrorCode code, std::string_view what);

// `what` followed by " (hint: <hint>)" unless `hint` is empty.
std::string with_hint(std::string what, std::string_view hint);

class Diagnostics {
 public:
  void report(Position where, ErrorCode code, std::string what);
  bool failed() const { return first_.has_value(); }
  // False when an issue at `where` could not replace the one already kept.
  bool would_keep(Position where) const;
  // error_at() of the kept issue; only valid when failed().
  Error error(std::string_view source_name) const;

 private:
  struct Issue {
    Position where;
    ErrorCode code;
    std::string what;
  };
  std::optional<Issue> first_;
};

}  // namespace modelseal::formats::toml_schema
