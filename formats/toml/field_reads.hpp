// Typed readers on top of TableReader that the policy files share: string
// lists that keep each entry's position, duplicates, bounded integers, and
// the `schema = "..."` line every modelseal TOML file starts with.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/toml/table_reader.hpp"

namespace modelseal::formats::toml_schema {

// An array element as written, its dotted path and position.
struct Located {
  std::string value;
  std::string path;
  Position where;
};

// A string array of at most `max_entries` entries (and kMaxArrayEntries), each
// passing check_text and `field.check`.
bool read_list(TableReader& reader, const Field& field, bool non_empty, size_t max_entries,
               std::vector<Located>& out);

// Reports the first entry equal to an earlier one: "... is already listed as <key>[j]".
bool check_unique(TableReader& reader, std::string_view key, const std::vector<Located>& items);

// An integer from `min` to `max`; `where` is set to its position. Absent: false, nothing reported.
bool read_integer(TableReader& reader, std::string_view key, int64_t min, int64_t max,
                  std::string_view hint, int64_t& out, Position& where);

// Checked first: nothing else is read when the schema id is wrong. A schema of
// the same family ("modelseal.bundle/v9") is kUnsupported, anything else kInvalidMetadata.
bool check_schema_id(TableReader& root, std::string_view schema_id);

}  // namespace modelseal::formats::toml_schema
