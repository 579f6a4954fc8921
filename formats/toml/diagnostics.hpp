// Where a problem is in a TOML file, and the collector that keeps every
// problem in source order (line, then column, then report order), so a schema
// walk can read every field without stopping and report them all at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

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

// One problem of a list, field by field (for a machine-readable listing).
struct ListedProblem {
  Position where;
  ErrorCode code;
  std::string what;
};

// Every problem of a file, one line each, for a caller that lists them.
struct ProblemList {
  std::string source;                  // the file the problems are in
  std::vector<std::string> lines;      // "<source>:<line>:<col>: <what>", in source order
  std::vector<ListedProblem> entries;  // the same problems, lines[i] is entries[i]
  size_t total = 0;                    // lines.size() plus the problems beyond Diagnostics::kMaxKept
};

class Diagnostics {
 public:
  // The problems kept; any further ones (later in the file) are only counted.
  static constexpr size_t kMaxKept = 100;

  void report(Position where, ErrorCode code, std::string what);
  bool failed() const { return total_ > 0; }
  // Every problem reported, kept or not.
  size_t count() const { return total_; }
  // The kept problems in source order, and the count of all.
  ProblemList problems(std::string_view source_name) const;
  // One Error for them all: the first problem's code, and problems()'s lines, one per line (the
  // first line is the first problem), then "... and N more problems" when some were not kept.
  // Only valid when failed().
  Error error(std::string_view source_name) const;

 private:
  struct Issue {
    Position where;
    ErrorCode code;
    std::string what;
  };
  std::vector<Issue> kept_;  // sorted by position; equal positions in report order
  size_t total_ = 0;
};

}  // namespace modelseal::formats::toml_schema
