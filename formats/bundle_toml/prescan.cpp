#include "formats/bundle_toml/prescan.hpp"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <toml++/toml.h>

#include "formats/bundle_toml/schema_limits.hpp"

namespace modelseal::formats::bundle_toml_internal {

namespace {

bool is_bare_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '+' || c == ':';
}

class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text) {}

  std::optional<PrescanProblem> run() {
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (c == '#') {
        skip_comment();
      } else if (c == '"' || c == '\'') {
        skip_string(c);
        if (auto problem = key_part()) return problem;
      } else if (c == '.') {
        if (auto problem = dot()) return problem;
        ++pos_;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++pos_;
      } else if (is_bare_char(c)) {
        while (pos_ < text_.size() && is_bare_char(text_[pos_])) ++pos_;
        if (auto problem = key_part()) return problem;
      } else if (c == '[' || c == '{') {
        if (++nesting_ > kMaxBracketNesting)
          return problem_at(pos_, fmt::format("arrays, tables and inline tables are nested more "
                                              "than {} deep",
                                              kMaxBracketNesting));
        reset_run();
        ++pos_;
      } else {
        if ((c == ']' || c == '}') && nesting_ > 0) --nesting_;
        reset_run();
        ++pos_;
      }
    }
    return std::nullopt;
  }

 private:
  // A bare or quoted key part (or a number or date, which contain at most one dot).
  std::optional<PrescanProblem> key_part() {
    if (!after_dot_) dots_ = 0;
    after_dot_ = false;
    after_part_ = true;
    return std::nullopt;
  }

  std::optional<PrescanProblem> dot() {
    if (!after_part_) {
      reset_run();
      return std::nullopt;
    }
    after_part_ = false;
    after_dot_ = true;
    if (++dots_ >= kMaxDottedKeyParts)
      return problem_at(pos_, fmt::format("a dotted key has more than {} parts", kMaxDottedKeyParts));
    return std::nullopt;
  }

  void reset_run() {
    dots_ = 0;
    after_dot_ = false;
    after_part_ = false;
  }

  void skip_comment() {
    while (pos_ < text_.size() && text_[pos_] != '\n') ++pos_;
  }

  void skip_string(char quote) {
    const bool triple = text_.substr(pos_, 3) == std::string(3, quote);
    const bool escapes = quote == '"';
    pos_ += triple ? 3 : 1;
    while (pos_ < text_.size()) {
      const char c = text_[pos_];
      if (escapes && c == '\\') {
        pos_ += 2;
      } else if (!triple && c == '\n') {
        return;  // unterminated: toml++ reports it
      } else if (c == quote && (!triple || text_.substr(pos_, 3) == std::string(3, quote))) {
        pos_ += triple ? 3 : 1;
        for (int extra = 0; triple && extra < 2 && pos_ < text_.size() && text_[pos_] == quote; ++extra)
          ++pos_;
        return;
      } else {
        ++pos_;
      }
    }
  }

  PrescanProblem problem_at(size_t offset, std::string what) const {
    const std::string_view before = text_.substr(0, offset);
    const size_t line_start = before.rfind('\n');
    const size_t column = line_start == std::string_view::npos ? offset + 1 : offset - line_start;
    const auto line = 1 + std::count(before.begin(), before.end(), '\n');
    return PrescanProblem{static_cast<uint32_t>(line), static_cast<uint32_t>(column),
                          std::move(what)};
  }

  std::string_view text_;
  size_t pos_ = 0;
  size_t nesting_ = 0;
  size_t dots_ = 0;
  bool after_dot_ = false;
  bool after_part_ = false;
};

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

std::optional<PrescanProblem> prescan_toml(std::string_view text) { return Scanner(text).run(); }

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
