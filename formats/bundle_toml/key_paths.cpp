#include "formats/bundle_toml/prescan.hpp"

#include <set>

#include <toml++/toml.h>

namespace modelseal::formats::bundle_toml_internal {

namespace {

void collect_paths(const toml::table& table, const std::string& prefix, std::set<std::string>& out);

void collect_node(const toml::node& node, const std::string& path, std::set<std::string>& out) {
  if (const auto* table = node.as_table()) {
    collect_paths(*table, path, out);
  } else if (const auto* array = node.as_array()) {
    for (const auto& element : *array)
      if (const auto* element_table = element.as_table()) collect_paths(*element_table, path, out);
  }
}

void collect_paths(const toml::table& table, const std::string& prefix, std::set<std::string>& out) {
  for (const auto& [key, value] : table) {
    const std::string path = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    out.insert(path);
    collect_node(value, path, out);
  }
}

}  // namespace

std::optional<std::vector<std::string>> toml_key_paths(std::string_view text) {
  if (prescan_toml(text)) return std::nullopt;
  try {
    const toml::table root = toml::parse(text);
    std::set<std::string> paths;
    collect_paths(root, "", paths);
    return std::vector<std::string>(paths.begin(), paths.end());
  } catch (const toml::parse_error&) {
    return std::nullopt;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

}  // namespace modelseal::formats::bundle_toml_internal
