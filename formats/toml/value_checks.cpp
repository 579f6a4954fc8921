#include "formats/toml/value_checks.hpp"

#include <cstdint>

#include <fmt/format.h>

#include "formats/toml/limits.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats::toml_schema {

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
  const Position where = position_of(node.source(), Position{});
  if (const auto* text = node.as_string(); text && text->get().find(kPlaceholder) != std::string::npos) {
    diag.report(where, ErrorCode::kInvalidMetadata,
                with_hint(fmt::format("invalid value for '{}': {} is still the template placeholder "
                                      "(write {} there)",
                                      path, quote_for_message(text->get()), expected),
                          hint));
    return;
  }
  diag.report(where, ErrorCode::kInvalidMetadata,
              with_hint(fmt::format("wrong type for '{}': expected {}, found {}", path, expected,
                                    type_phrase(node)),
                        hint));
}

bool check_text(Diagnostics& diag, const toml::node& node, std::string_view path,
                std::string_view value, std::string_view hint, ValueCheck check) {
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

}  // namespace modelseal::formats::toml_schema
