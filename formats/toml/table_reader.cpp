#include "formats/toml/table_reader.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "formats/toml/limits.hpp"
#include "formats/toml/text_util.hpp"
#include "modelseal/suggest.hpp"

namespace modelseal::formats::toml_schema {

TableReader::TableReader(Diagnostics& diag, const toml::table& table, std::string path,
                         std::string label, Position where,
                         std::span<const std::string_view> known_keys, KeyOwnerLookup owner_of)
    : diag_(diag),
      table_(table),
      path_(std::move(path)),
      label_(std::move(label)),
      where_(where),
      known_(known_keys),
      owner_of_(owner_of) {}

const toml::node* TableReader::find(std::string_view key, Position* key_position) const {
  const auto it = table_.find(key);
  if (it == table_.end()) return nullptr;
  if (key_position) *key_position = position_of(it->first.source(), where_);
  return &it->second;
}

std::string TableReader::path(std::string_view key) const {
  return path_.empty() ? display_key(key) : path_ + "." + display_key(key);
}

void TableReader::missing_field(std::string_view key, std::string_view hint) {
  missing_.push_back(Missing{std::string(key), fmt::format("field '{}'", path(key)),
                             std::string(hint)});
}

void TableReader::missing_table(std::string_view key, std::string label, std::string_view hint) {
  missing_.push_back(Missing{std::string(key), fmt::format("table '{}'", label), std::string(hint)});
}

void TableReader::report_unknown(const toml::key& key, std::vector<Missing>& missing) const {
  const Position where = position_of(key.source(), where_);
  std::string what = fmt::format("unknown key '{}'", path(key.str()));
  if (auto suggested = suggest_name(key.str(), known_)) {
    what += fmt::format(" (did you mean '{}'?)", *suggested);
    std::erase_if(missing, [&](const Missing& m) { return m.key == *suggested; });
  } else if (std::string_view owner = owner_of_ ? owner_of_(key.str()) : std::string_view{};
             !owner.empty()) {
    what += fmt::format(" (hint: '{}' belongs in {}; keys after a [table] header belong to that "
                        "table)",
                        key.str(), owner);
  } else {
    std::string keys;
    for (std::string_view known : known_) keys += (keys.empty() ? "" : ", ") + std::string(known);
    what += fmt::format(" (hint: the keys of {} are {})", label_, keys);
  }
  diag_.report(where, ErrorCode::kInvalidMetadata, std::move(what));
}

void TableReader::finish() {
  std::vector<Missing> missing = std::move(missing_);
  missing_.clear();
  for (const auto& [key, value] : table_) {
    if (std::find(known_.begin(), known_.end(), key.str()) == known_.end())
      report_unknown(key, missing);
  }
  for (const Missing& m : missing)
    diag_.report(where_, ErrorCode::kInvalidMetadata,
                 with_hint(fmt::format("missing required {}", m.what), m.hint));
}

Position table_position(const TableReader& parent, std::string_view key, const toml::node& node) {
  Position key_position = parent.where();
  parent.find(key, &key_position);
  return position_of(node.source(), key_position);
}

bool TableReader::check_present(const Field& field, const toml::node*& node,
                                std::string label) {
  node = find(field.key);
  if (node) return true;
  if (field.need == Need::kRequired) {
    if (label.empty())
      missing_field(field.key, field.hint);
    else
      missing_table(field.key, std::move(label), field.hint);
  }
  return false;
}

bool TableReader::read_string(const Field& field, std::string& out) {
  const toml::node* node = nullptr;
  if (!check_present(field, node)) return false;
  const auto* value = node->as_string();
  if (!value) {
    report_wrong_type(diag_, *node, path(field.key), "a string", field.hint);
    return false;
  }
  if (!check_text(diag_, *node, path(field.key), value->get(), field.hint, field.check))
    return false;
  out = value->get();
  return true;
}

bool TableReader::read_optional_string(const Field& field, std::optional<std::string>& out) {
  std::string value;
  if (!read_string(field, value)) return false;
  out = std::move(value);
  return true;
}

bool TableReader::read_string_array(const Field& field, bool non_empty,
                                    std::vector<std::string>& out) {
  const toml::node* node = nullptr;
  if (!check_present(field, node)) return false;
  const auto* array = node->as_array();
  const std::string array_path = path(field.key);
  if (!array) {
    report_wrong_type(diag_, *node, array_path, "an array of strings", field.hint);
    return false;
  }
  const Position where = position_of(node->source(), where_);
  if (array->size() > kMaxArrayEntries) {
    diag_.report(where, ErrorCode::kLimitExceeded,
                 fmt::format("'{}' has {} entries, more than the limit of {}", array_path,
                             array->size(), kMaxArrayEntries));
    return false;
  }
  if (non_empty && array->empty()) {
    diag_.report(where, ErrorCode::kInvalidMetadata,
                 with_hint(fmt::format("invalid value for '{}': the array is empty", array_path),
                           field.hint));
    return false;
  }
  bool ok = true;
  std::vector<std::string> values;
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    const std::string element_path = fmt::format("{}[{}]", array_path, i);
    const auto* text = element.as_string();
    if (!text) {
      report_wrong_type(diag_, element, element_path, "a string", field.hint);
      ok = false;
    } else if (!check_text(diag_, element, element_path, text->get(), field.hint, field.check)) {
      ok = false;
    } else {
      values.push_back(text->get());
    }
  }
  if (ok) out = std::move(values);
  return ok;
}

bool TableReader::read_bool(const Field& field, bool& out) {
  const toml::node* node = nullptr;
  if (!check_present(field, node)) return false;
  const auto* value = node->as_boolean();
  if (!value) {
    report_wrong_type(diag_, *node, path(field.key), "a boolean (true or false)", field.hint);
    return false;
  }
  out = value->get();
  return true;
}

const toml::table* TableReader::read_table(const Field& field, std::string label) {
  const toml::node* node = nullptr;
  if (!check_present(field, node, label)) return nullptr;
  const auto* table = node->as_table();
  if (!table)
    report_wrong_type(diag_, *node, path(field.key), "a table",
                      fmt::format("write a {} header and its keys below it", label));
  return table;
}

const toml::array* TableReader::read_table_array(const Field& field, std::string label,
                                                 bool non_empty) {
  const toml::node* node = nullptr;
  if (!check_present(field, node, label)) return nullptr;
  const std::string array_path = path(field.key);
  const std::string header_hint = fmt::format("write one {} header per entry", label);
  const auto* array = node->as_array();
  if (!array) {
    report_wrong_type(diag_, *node, array_path, "an array of tables", header_hint);
    return nullptr;
  }
  const Position where = position_of(node->source(), where_);
  if (array->size() > kMaxArrayEntries) {
    diag_.report(where, ErrorCode::kLimitExceeded,
                 fmt::format("'{}' has {} entries, more than the limit of {}", array_path,
                             array->size(), kMaxArrayEntries));
    return nullptr;
  }
  if (non_empty && array->empty()) {
    diag_.report(where, ErrorCode::kInvalidMetadata,
                 with_hint(fmt::format("invalid value for '{}': the array is empty", array_path),
                           field.hint));
    return nullptr;
  }
  bool ok = true;
  for (size_t i = 0; i < array->size(); ++i) {
    if (!array->get(i)->is_table()) {
      report_wrong_type(diag_, *array->get(i), fmt::format("{}[{}]", array_path, i), "a table",
                        header_hint);
      ok = false;
    }
  }
  return ok ? array : nullptr;
}

}  // namespace modelseal::formats::toml_schema
