#include "formats/toml/prescan.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "formats/toml/limits.hpp"

namespace modelseal::formats::toml_schema {

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

}  // namespace

std::optional<PrescanProblem> prescan_toml(std::string_view text) { return Scanner(text).run(); }

}  // namespace modelseal::formats::toml_schema
