#include "formats/json/json_path.hpp"

#include <algorithm>

#include "formats/text/quote.hpp"

namespace modelseal::formats::strict_json {

std::string member_path(std::string_view path, std::string_view key) {
  std::string out(path);
  if (!out.empty()) out += '.';
  const bool plain = !key.empty() && std::all_of(key.begin(), key.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
  out += plain ? std::string(key) : quote(key);
  return out;
}

std::string item_path(std::string_view path, size_t i) {
  return std::string(path) + "[" + std::to_string(i) + "]";
}

}  // namespace modelseal::formats::strict_json
