#include "formats/toml/parse.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "formats/toml/diagnostics.hpp"
#include "formats/toml/prescan.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats::toml_schema {
namespace {

// The file's one problem: the error, and, for a caller that lists problems, its entry.
Error unreadable_at(std::string_view source_name, Position where, ErrorCode code, std::string what,
                    ProblemList* problems) {
  if (problems) {
    Diagnostics diagnostics;
    diagnostics.report(where, code, what);
    *problems = diagnostics.problems(source_name);
  }
  return error_at(source_name, where, code, what);
}

}  // namespace

Result<toml::table> parse_toml(std::string_view text, std::string_view source_name,
                               size_t max_bytes, ProblemList* problems) {
  if (text.size() > max_bytes)
    return unreadable_at(source_name, Position{}, ErrorCode::kLimitExceeded,
                         fmt::format("the file is {} bytes, more than the limit of {} bytes",
                                     text.size(), max_bytes),
                         problems);
  if (auto problem = prescan_toml(text))
    return unreadable_at(source_name, Position{problem->line, problem->column},
                         ErrorCode::kLimitExceeded, problem->what, problems);
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    std::string description = sanitize_for_display(e.description());
    std::replace(description.begin(), description.end(), '\n', ' ');
    return unreadable_at(source_name, position_of(e.source(), Position{}),
                         ErrorCode::kInvalidMetadata, "TOML syntax error: " + description, problems);
  }
}

}  // namespace modelseal::formats::toml_schema
