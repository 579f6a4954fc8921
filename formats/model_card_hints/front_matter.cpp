#include "formats/model_card_hints/front_matter.hpp"

#include <cstdint>
#include <optional>

#include <fmt/format.h>

#include "formats/text/utf8.hpp"

namespace modelseal::formats::model_card_hints {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

std::string_view trim_right(std::string_view s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  return trim_right(s);
}

bool is_key_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '-' || c == '.';
}

// One line of the README: its text without the line ending, and its 1-based number.
struct Line {
  std::string_view text;
  size_t number;
};

// A scalar as read from a value or list item.
struct Scalar {
  enum class Kind { kValue, kNull, kOther, kMalformed } kind = Kind::kOther;
  std::string value;    // kValue: decoded
  std::string problem;  // kMalformed: why
};

Scalar malformed(std::string problem) {
  return {Scalar::Kind::kMalformed, {}, std::move(problem)};
}

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// A double-quoted scalar from `s` (starting after the opening quote); `pos`
// ends after the closing quote. nullopt with `problem` set when malformed.
std::optional<std::string> read_double_quoted(std::string_view s, size_t& pos, std::string& problem) {
  std::string out;
  while (pos < s.size()) {
    char c = s[pos++];
    if (c == '"') return out;
    if (c != '\\') {
      out += c;
      continue;
    }
    if (pos >= s.size()) break;
    char e = s[pos++];
    size_t hex_digits = 0;
    switch (e) {
      case '0': out += '\0'; break;
      case 'a': out += '\a'; break;
      case 'b': out += '\b'; break;
      case 't': case '\t': out += '\t'; break;
      case 'n': out += '\n'; break;
      case 'v': out += '\v'; break;
      case 'f': out += '\f'; break;
      case 'r': out += '\r'; break;
      case 'e': out += '\x1B'; break;
      case ' ': case '"': case '/': case '\\': out += e; break;
      case 'x': hex_digits = 2; break;
      case 'u': hex_digits = 4; break;
      case 'U': hex_digits = 8; break;
      default: problem = "an unknown escape sequence in a double-quoted value"; return std::nullopt;
    }
    if (hex_digits == 0) continue;
    uint32_t code_point = 0;
    for (size_t i = 0; i < hex_digits; ++i) {
      int digit = pos < s.size() ? hex_value(s[pos]) : -1;
      if (digit < 0) {
        problem = "a malformed \\x, \\u or \\U escape in a double-quoted value";
        return std::nullopt;
      }
      code_point = code_point * 16 + static_cast<uint32_t>(digit);
      ++pos;
    }
    if (code_point > 0x10FFFF || (code_point >= 0xD800 && code_point <= 0xDFFF)) {
      problem = "an escape that is not a Unicode scalar value in a double-quoted value";
      return std::nullopt;
    }
    utf8::append(out, code_point);
  }
  problem = "a double-quoted value not closed on its line";
  return std::nullopt;
}

std::optional<std::string> read_single_quoted(std::string_view s, size_t& pos, std::string& problem) {
  std::string out;
  while (pos < s.size()) {
    char c = s[pos++];
    if (c != '\'') {
      out += c;
      continue;
    }
    if (pos < s.size() && s[pos] == '\'') {
      out += '\'';
      ++pos;
      continue;
    }
    return out;
  }
  problem = "a single-quoted value not closed on its line";
  return std::nullopt;
}

bool is_null(std::string_view plain) {
  return plain.empty() || plain == "~" || plain == "null" || plain == "Null" || plain == "NULL";
}

// What follows "key:" or "- ", up to the end of the line. A plain value ends at
// " #" (a comment); a quoted one must be followed by nothing but a comment.
Scalar read_scalar(std::string_view text) {
  text = trim(text);
  if (text.empty()) return {Scalar::Kind::kNull, {}, {}};
  const char first = text.front();
  if (first == '"' || first == '\'') {
    size_t pos = 1;
    std::string problem;
    auto value = first == '"' ? read_double_quoted(text, pos, problem)
                              : read_single_quoted(text, pos, problem);
    if (!value) return malformed(problem);
    std::string_view rest = trim(text.substr(pos));
    if (!rest.empty() && rest.front() != '#')
      return malformed("text after the closing quote of a value");
    return {Scalar::Kind::kValue, std::move(*value), {}};
  }
  // Flow collections, block scalars, anchors, aliases, tags, directives: not read.
  if (std::string_view("[]{}|>&*!%@`").find(first) != std::string_view::npos) return {};
  size_t comment = text.find(" #");
  if (comment == std::string_view::npos) comment = text.find("\t#");
  std::string_view plain = trim(text.substr(0, comment));
  if (is_null(plain)) return {Scalar::Kind::kNull, {}, {}};
  // "a: b" or "a:" is a map (a nested one in a list item), not a scalar.
  if (plain.find(": ") != std::string_view::npos || plain.back() == ':') return {};
  return {Scalar::Kind::kValue, std::string(plain), {}};
}

// The items of a flow list "[a, 'b', "c"]" (text starts at '['). kOther when
// an item is itself a collection; kMalformed when the list does not close on its line.
struct FlowList {
  Scalar::Kind kind = Scalar::Kind::kValue;
  std::vector<std::string> items;
  std::string problem;
};

FlowList read_flow_list(std::string_view text) {
  FlowList list;
  size_t pos = 1;
  auto skip_spaces = [&] {
    while (pos < text.size() && (text[pos] == ' ' || text[pos] == '\t')) ++pos;
  };
  auto fail = [&](std::string problem) {
    list.kind = Scalar::Kind::kMalformed;
    list.items.clear();
    list.problem = std::move(problem);
    return list;
  };
  for (;;) {
    skip_spaces();
    if (pos >= text.size()) return fail("a flow list not closed on its line");
    char c = text[pos];
    if (c == ']') {
      ++pos;
      break;
    }
    if (c == '[' || c == '{') {
      list.kind = Scalar::Kind::kOther;
      list.items.clear();
      return list;
    }
    std::string item;
    if (c == '"' || c == '\'') {
      ++pos;
      std::string problem;
      auto value = c == '"' ? read_double_quoted(text, pos, problem) : read_single_quoted(text, pos, problem);
      if (!value) return fail(problem);
      item = std::move(*value);
    } else if (c == ',') {
      ++pos;  // an empty item: nothing
      continue;
    } else {
      size_t end = pos;
      while (end < text.size() && text[end] != ',' && text[end] != ']' && text[end] != '[' &&
             text[end] != '{' && text[end] != '}' && !(text[end] == '#' && text[end - 1] == ' '))
        ++end;
      if (end >= text.size() || text[end] == '#') return fail("a flow list not closed on its line");
      if (text[end] != ',' && text[end] != ']') {
        list.kind = Scalar::Kind::kOther;
        list.items.clear();
        return list;
      }
      std::string_view plain = trim(text.substr(pos, end - pos));
      pos = end;
      if (is_null(plain)) continue;
      item = std::string(plain);
    }
    list.items.push_back(std::move(item));
    skip_spaces();
    if (pos < text.size() && text[pos] == ',') {
      ++pos;
      continue;
    }
    if (pos < text.size() && text[pos] == ']') {
      ++pos;
      break;
    }
    return fail("a flow list whose items are not separated by commas");
  }
  std::string_view rest = trim(text.substr(pos));
  if (!rest.empty() && rest.front() != '#') return fail("text after the closing ']' of a flow list");
  return list;
}

// Reads the lines of the block (between the two `---` lines) into `out`.
class BlockReader {
 public:
  explicit BlockReader(FrontMatter& out) : out_(out) {}

  void line(const Line& line) {
    std::string_view text = trim_right(line.text);
    std::string_view content = trim(text);
    if (content.empty() || content.front() == '#') return;
    const bool indented = text.front() == ' ' || text.front() == '\t';
    if (indented || text.front() == '-') {
      continuation(line.number, text);
    } else {
      key_line(line.number, text);
    }
  }

 private:
  enum class Block { kNone, kList, kSkipped };

  void warn(size_t line, std::string message) { out_.warnings.push_back({line, std::move(message)}); }

  // The entry the following lines belong to, or nullptr (ignored lines).
  void set_other() {
    if (current_ != nullptr) {
      current_->kind = FrontMatterKind::kOther;
      current_->items.clear();
    }
    block_ = Block::kSkipped;
  }

  bool add_item(size_t line, std::string value) {
    if (value.size() > kMaxFrontMatterValueBytes) {
      warn(line, fmt::format("a value of '{}' is longer than {} bytes: '{}' is not used", key_,
                             kMaxFrontMatterValueBytes, key_));
      set_other();
      return false;
    }
    if (current_->items.size() >= kMaxFrontMatterListItems) {
      if (!items_capped_)
        warn(line, fmt::format("'{}' has more than {} items: the rest are not used", key_,
                               kMaxFrontMatterListItems));
      items_capped_ = true;
      return true;
    }
    current_->items.push_back(std::move(value));
    return true;
  }

  void continuation(size_t line, std::string_view text) {
    const size_t indent = text.find_first_not_of(' ');
    if (text[indent] == '\t') {
      warn(line, "a tab in the indentation (YAML indents with spaces only)");
      set_other();
      return;
    }
    if (current_ == nullptr || block_ == Block::kSkipped) {
      if (!had_key_) warn(line, "an indented line before the first key");
      return;
    }
    std::string_view content = text.substr(indent);
    const bool item = content == "-" || content.starts_with("- ") || content.starts_with("-\t");
    if (block_ == Block::kNone && !item) {  // a nested map, or a plain scalar over several lines
      set_other();
      return;
    }
    if (block_ == Block::kList && (!item || indent != item_indent_)) {  // an item that is a map
      set_other();
      return;
    }
    if (block_ == Block::kNone) {
      block_ = Block::kList;
      item_indent_ = indent;
    }
    Scalar scalar = read_scalar(content.substr(1));
    switch (scalar.kind) {
      case Scalar::Kind::kValue: add_item(line, std::move(scalar.value)); break;
      case Scalar::Kind::kNull: break;
      case Scalar::Kind::kOther: set_other(); break;
      case Scalar::Kind::kMalformed:
        warn(line, fmt::format("{}: '{}' is not used", scalar.problem, key_));
        set_other();
        break;
    }
  }

  void key_line(size_t line, std::string_view text) {
    current_ = nullptr;
    block_ = Block::kSkipped;
    items_capped_ = false;
    size_t end = 0;
    while (end < text.size() && is_key_char(text[end])) ++end;
    const bool separated = end < text.size() && text[end] == ':' &&
                           (end + 1 == text.size() || text[end + 1] == ' ' || text[end + 1] == '\t');
    if (end == 0 || !separated) {
      if (text.front() == '"' || text.front() == '\'' || text.front() == '?') return;  // a quoted or complex key
      warn(line, "not a 'key: value' line");
      return;
    }
    had_key_ = true;
    std::string key(text.substr(0, end));
    auto [it, inserted] = out_.entries.try_emplace(key);
    if (!inserted) {
      warn(line, fmt::format("'{}' is repeated (first on line {}): the first is used", key, it->second.line));
      return;
    }
    key_ = key;
    current_ = &it->second;
    current_->line = line;
    block_ = Block::kNone;
    current_->kind = FrontMatterKind::kList;  // null, until a block list or map follows
    std::string_view value = trim(text.substr(end + 1));
    if (value.empty() || value.front() == '#') return;
    block_ = Block::kSkipped;                           // lines indented below belong to the value
    if (value.front() == '[') {
      FlowList list = read_flow_list(value);
      if (list.kind == Scalar::Kind::kMalformed) {
        warn(line, fmt::format("{}: '{}' is not used", list.problem, key_));
        set_other();
        return;
      }
      if (list.kind == Scalar::Kind::kOther) {
        current_->kind = FrontMatterKind::kOther;
        return;
      }
      for (auto& item : list.items) {
        if (!add_item(line, std::move(item))) return;
      }
      return;
    }
    Scalar scalar = read_scalar(value);
    if (scalar.kind == Scalar::Kind::kMalformed) {
      warn(line, fmt::format("{}: '{}' is not used", scalar.problem, key_));
      set_other();
      return;
    }
    if (scalar.kind == Scalar::Kind::kNull) return;
    if (scalar.kind != Scalar::Kind::kValue) {
      current_->kind = FrontMatterKind::kOther;
      return;
    }
    current_->kind = FrontMatterKind::kScalar;
    if (!add_item(line, std::move(scalar.value))) return;
  }

  FrontMatter& out_;
  FrontMatterEntry* current_ = nullptr;
  std::string key_;
  Block block_ = Block::kSkipped;
  size_t item_indent_ = 0;
  bool items_capped_ = false;
  bool had_key_ = false;
};

bool is_marker(std::string_view line, std::string_view marker) { return trim_right(line) == marker; }

}  // namespace

FrontMatter read_front_matter(std::string_view readme) {
  FrontMatter out;
  if (readme.starts_with(kByteOrderMark)) readme.remove_prefix(kByteOrderMark.size());
  // The lines of the block, found and checked before any is read.
  std::vector<Line> lines;
  size_t pos = 0;
  size_t number = 0;
  bool closed = false;
  auto fatal = [&](size_t line, std::string message) {
    out.entries.clear();
    out.warnings.clear();
    out.warnings.push_back({line, std::move(message)});
    return out;
  };
  while (pos < readme.size()) {
    size_t end = readme.find('\n', pos);
    if (end == std::string_view::npos) end = readme.size();
    std::string_view text = readme.substr(pos, end - pos);
    ++number;
    if (number == 1) {
      if (!is_marker(text, "---")) return out;  // no front matter: nothing to read
      out.present = true;
    } else if (is_marker(text, "---") || is_marker(text, "...")) {
      closed = true;
      break;
    } else {
      if (end > kMaxFrontMatterBytes)
        return fatal(1, fmt::format("the front matter is longer than {} KiB: none of it is used",
                                    kMaxFrontMatterBytes / 1024));
      if (lines.size() >= kMaxFrontMatterLines)
        return fatal(1, fmt::format("the front matter has more than {} lines: none of it is used",
                                    kMaxFrontMatterLines));
      if (text.find('\0') != std::string_view::npos || !utf8::valid(text))
        return fatal(number, "the front matter is not UTF-8 text: none of it is used");
      lines.push_back({text, number});
    }
    pos = end + 1;
  }
  if (!out.present) return out;
  if (!closed) {
    if (readme.size() > kMaxFrontMatterBytes)
      return fatal(1, fmt::format("the front matter is longer than {} KiB: none of it is used",
                                  kMaxFrontMatterBytes / 1024));
    return fatal(1, "the front matter has no closing '---' line: none of it is used");
  }
  BlockReader reader(out);
  for (const Line& line : lines) reader.line(line);
  return out;
}

}  // namespace modelseal::formats::model_card_hints
