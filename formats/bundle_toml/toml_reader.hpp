// Typed, error-collecting access to a parsed TOML table for the bundle.toml
// schema walk. Every problem goes to Diagnostics, which keeps the first one in
// source order (line, then column, then report order), so the walk can read
// every field without stopping and still report deterministically.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "formats/bundle_toml/schema_limits.hpp"
#include "formats/bundle_toml/validators.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats::bundle_toml_internal {

struct Position {
  uint32_t line = 1;
  uint32_t column = 1;
};

// The start of `region`, or `fallback` when toml++ recorded none.
Position position_of(const toml::source_region& region, Position fallback);

class Diagnostics {
 public:
  void report(Position where, ErrorCode code, std::string what);
  bool failed() const { return first_.has_value(); }
  // False when an issue at `where` could not replace the one already kept.
  bool would_keep(Position where) const;
  // "<source>:<line>:<column>: <what>"; only valid when failed().
  Error error(std::string_view source_name) const;

 private:
  struct Issue {
    Position where;
    ErrorCode code;
    std::string what;
  };
  std::optional<Issue> first_;
};

enum class Need { kRequired, kOptional };

struct Field {
  std::string_view key;
  Need need;
  std::string_view hint;  // what to write there, e.g. `an SPDX license expression such as "MIT"`
  Problem (*check)(std::string_view) = nullptr;  // value format, after the text checks
};

// Returns the label of another table of the schema that has `key` (e.g.
// "[card]"), or an empty view; used to hint at keys written under the wrong header.
using KeyOwnerLookup = std::string_view (*)(std::string_view key);

class TableReader {
 public:
  // `path` is the dotted path of the table ("" for the root, "dataset[0]"),
  // `label` how the user writes it ("[card]", "[[dataset]]", "the top level").
  TableReader(Diagnostics& diag, const toml::table& table, std::string path, std::string label,
              Position where, std::span<const std::string_view> known_keys,
              KeyOwnerLookup owner_of = nullptr);
  TableReader(const TableReader&) = delete;
  TableReader& operator=(const TableReader&) = delete;

  // The value of `key` or nullptr; `key` must be one of the known keys.
  const toml::node* find(std::string_view key, Position* key_position = nullptr) const;
  // Records an absent required key; reported by finish() unless an unknown key
  // in this table looks like a misspelling of it.
  void missing_field(std::string_view key, std::string_view hint);
  void missing_table(std::string_view key, std::string label, std::string_view hint);
  // Reports unknown keys and the missing keys they do not explain.
  void finish();

  std::string path(std::string_view key) const;
  Position where() const { return where_; }
  Diagnostics& diag() const { return diag_; }

  // Typed readers: true when the key is present and valid. Absent required
  // keys are recorded as missing; every problem is reported.
  bool read_string(const Field& field, std::string& out);
  bool read_optional_string(const Field& field, std::optional<std::string>& out);
  bool read_string_array(const Field& field, bool non_empty, std::vector<std::string>& out);
  bool read_bool(const Field& field, bool& out);
  const toml::table* read_table(const Field& field, std::string label);
  const toml::array* read_table_array(const Field& field, std::string label, bool non_empty);

 private:
  struct Missing {
    std::string key;
    std::string what;  // "field 'model.license'" or "table '[card]'"
    std::string hint;
  };
  bool check_present(const Field& field, const toml::node*& node, std::string label = {});
  std::optional<std::string> suggestion(std::string_view unknown) const;
  void report_unknown(const toml::key& key, std::vector<Missing>& missing) const;

  Diagnostics& diag_;
  const toml::table& table_;
  std::string path_;
  std::string label_;
  Position where_;
  std::span<const std::string_view> known_;
  KeyOwnerLookup owner_of_;
  std::vector<Missing> missing_;
};

// Checks a string value: length, UTF-8, forbidden characters, emptiness, the
// template placeholder, then `check`. Reports the first problem at `node`.
bool check_text(Diagnostics& diag, const toml::node& node, std::string_view path,
                std::string_view value, std::string_view hint,
                Problem (*check)(std::string_view) = nullptr);

// "wrong type for '<path>': expected <expected>, found <a string> (hint: <hint>)".
void report_wrong_type(Diagnostics& diag, const toml::node& node, std::string_view path,
                       std::string_view expected, std::string_view hint);

// "an integer", "a local date-time", ... for messages.
std::string_view type_phrase(const toml::node& node);

// `what` followed by " (hint: <hint>)" unless `hint` is empty.
std::string with_hint(std::string what, std::string_view hint);

// Restricted Damerau-Levenshtein distance, ASCII case-insensitive.
size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace modelseal::formats::bundle_toml_internal
