#include "formats/toml/field_reads.hpp"

#include <fmt/format.h>

#include "formats/toml/text_util.hpp"

namespace modelseal::formats::toml_schema {

bool read_list(TableReader& reader, const Field& field, bool non_empty, size_t max_entries,
               std::vector<Located>& out) {
  std::vector<std::string> values;
  if (!reader.read_string_array(field, non_empty, values)) return false;
  const toml::node& node = *reader.find(field.key);
  const Position array_at = position_of(node.source(), reader.where());
  if (values.size() > max_entries) {
    reader.diag().report(array_at, ErrorCode::kLimitExceeded,
                         fmt::format("'{}' has {} entries, more than the limit of {}",
                                     reader.path(field.key), values.size(), max_entries));
    return false;
  }
  const toml::array& array = *node.as_array();
  for (size_t i = 0; i < values.size(); ++i)
    out.push_back(Located{std::move(values[i]), fmt::format("{}[{}]", reader.path(field.key), i),
                          position_of(array.get(i)->source(), array_at)});
  return true;
}

bool check_unique(TableReader& reader, std::string_view key, const std::vector<Located>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (items[i].value != items[j].value) continue;
      reader.diag().report(items[i].where, ErrorCode::kInvalidMetadata,
                           fmt::format("invalid value for '{}': {} is already listed as {}[{}]",
                                       items[i].path, quote_for_message(items[i].value), key, j));
      return false;
    }
  }
  return true;
}

bool read_integer(TableReader& reader, std::string_view key, int64_t min, int64_t max,
                  std::string_view hint, int64_t& out, Position& where) {
  const toml::node* node = reader.find(key);
  if (!node) return false;
  const std::string path = reader.path(key);
  const auto* value = node->as_integer();
  if (!value) {
    report_wrong_type(reader.diag(), *node, path, "an integer", hint);
    return false;
  }
  where = position_of(node->source(), reader.where());
  if (value->get() < min || value->get() > max) {
    reader.diag().report(where, ErrorCode::kInvalidMetadata,
                         with_hint(fmt::format("invalid value for '{}': {} is not between {} "
                                               "and {}",
                                               path, value->get(), min, max),
                                   hint));
    return false;
  }
  out = value->get();
  return true;
}

bool check_schema_id(TableReader& root, std::string_view schema_id) {
  const toml::node* node = root.find("schema");
  const std::string hint = fmt::format("the first line must be schema = \"{}\"", schema_id);
  if (!node) {
    root.diag().report(Position{}, ErrorCode::kInvalidMetadata,
                       fmt::format("missing required field 'schema' (hint: {})", hint));
    return false;
  }
  const auto* value = node->as_string();
  if (!value) {
    report_wrong_type(root.diag(), *node, "schema", "a string", hint);
    return false;
  }
  if (value->get() == schema_id) return true;
  const bool ours = value->get().starts_with(schema_id.substr(0, schema_id.find('/') + 1));
  root.diag().report(position_of(node->source(), Position{}),
                     ours ? ErrorCode::kUnsupported : ErrorCode::kInvalidMetadata,
                     fmt::format("{} schema {} (hint: this version of modelseal reads schema = "
                                 "\"{}\")",
                                 ours ? "unsupported" : "unknown",
                                 quote_for_message(value->get()), schema_id));
  return false;
}

}  // namespace modelseal::formats::toml_schema
