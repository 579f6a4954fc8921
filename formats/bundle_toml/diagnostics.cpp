// Diagnostics and the checks and messages shared by every reader: positions,
// wrong types, text rules, and the edit distance behind "did you mean".
#include <algorithm>

#include <fmt/format.h>

#include "formats/bundle_toml/text_util.hpp"
#include "formats/bundle_toml/toml_reader.hpp"

namespace modelseal::formats::bundle_toml_internal {

namespace {

char ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::string with_hint(std::string what, std::string_view hint) {
  if (!hint.empty()) what += fmt::format(" (hint: {})", hint);
  return what;
}

Position position_of(const toml::source_region& region, Position fallback) {
  if (region.begin.line == 0 || region.begin.column == 0) return fallback;
  return Position{region.begin.line, region.begin.column};
}

bool Diagnostics::would_keep(Position where) const {
  return !first_ || where.line < first_->where.line ||
         (where.line == first_->where.line && where.column < first_->where.column);
}

void Diagnostics::report(Position where, ErrorCode code, std::string what) {
  if (would_keep(where)) first_ = Issue{where, code, std::move(what)};
}

Error Diagnostics::error(std::string_view source_name) const {
  return make_error(first_->code, fmt::format("{}:{}:{}: {}", source_name, first_->where.line,
                                              first_->where.column, first_->what));
}

size_t edit_distance(std::string_view a, std::string_view b) {
  // Optimal string alignment over three rolling rows.
  std::vector<size_t> two_back(b.size() + 1), previous(b.size() + 1), current(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      const size_t cost = ascii_lower(a[i - 1]) == ascii_lower(b[j - 1]) ? 0 : 1;
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
      if (i > 1 && j > 1 && ascii_lower(a[i - 1]) == ascii_lower(b[j - 2]) &&
          ascii_lower(a[i - 2]) == ascii_lower(b[j - 1]))
        current[j] = std::min(current[j], two_back[j - 2] + 1);
    }
    std::swap(two_back, previous);
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string_view type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a float";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::date: return "a local date";
    case toml::node_type::time: return "a local time";
    case toml::node_type::date_time:
      return node.as_date_time()->get().is_local() ? "a local date-time" : "an offset date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

void report_wrong_type(Diagnostics& diag, const toml::node& node, std::string_view path,
                       std::string_view expected, std::string_view hint) {
  diag.report(position_of(node.source(), Position{}), ErrorCode::kInvalidMetadata,
              with_hint(fmt::format("wrong type for '{}': expected {}, found {}", path, expected,
                                    type_phrase(node)),
                        hint));
}

bool check_text(Diagnostics& diag, const toml::node& node, std::string_view path,
                std::string_view value, std::string_view hint, Problem (*check)(std::string_view)) {
  const Position where = position_of(node.source(), Position{});
  if (value.size() > kMaxStringBytes) {
    diag.report(where, ErrorCode::kLimitExceeded,
                fmt::format("'{}' is {} bytes long, more than the limit of {} bytes", path,
                            value.size(), kMaxStringBytes));
    return false;
  }
  auto invalid = [&](std::string_view why, std::string_view shown_hint) {
    diag.report(where, ErrorCode::kInvalidMetadata,
                with_hint(fmt::format("invalid value for '{}': {} {}", path,
                                      quote_for_message(value), why),
                          shown_hint));
    return false;
  };
  for (size_t pos = 0; pos < value.size();) {
    char32_t cp = 0;
    if (!decode_utf8(value, pos, cp)) return invalid("is not valid UTF-8", "");
    if (is_forbidden_code_point(cp))
      return invalid(fmt::format("contains the control character U+{:04X}",
                                 static_cast<uint32_t>(cp)),
                     "only tab and newline are allowed, and no bidirectional overrides");
  }
  if (value.find_first_not_of(" \t\n") == std::string_view::npos)
    return invalid("is empty", hint);
  if (value.find(kPlaceholder) != std::string_view::npos)
    return invalid("is still the template placeholder", hint);
  if (check) {
    if (Problem problem = check(value)) return invalid(*problem, hint);
  }
  return true;
}

}  // namespace modelseal::formats::bundle_toml_internal
