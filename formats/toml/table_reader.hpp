// Typed, error-collecting access to one table of a parsed TOML file, for a
// schema walk: every getter names the key's dotted path and reports at its
// line and column; unknown keys are reported with a "did you mean" or the
// table's keys; arrays are bounded by kMaxArrayEntries, strings by check_text.
// Every problem goes to Diagnostics, which keeps them all in source order.
#pragma once

#include <algorithm>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "formats/toml/diagnostics.hpp"
#include "formats/toml/value_checks.hpp"

namespace modelseal::formats::toml_schema {

enum class Need { kRequired, kOptional };

struct Field {
  std::string_view key;
  Need need;
  std::string_view hint;  // what to write there, e.g. `an SPDX license expression such as "MIT"`
  ValueCheck check = nullptr;  // value format, after the text checks
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

// Where a sub-table starts: its header, else its key in `parent`.
Position table_position(const TableReader& parent, std::string_view key, const toml::node& node);

// True when `key` is one of `keys`.
inline bool is_one_of(std::span<const std::string_view> keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

}  // namespace modelseal::formats::toml_schema
