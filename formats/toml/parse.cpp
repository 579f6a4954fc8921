#include "formats/toml/parse.hpp"

#include <algorithm>
#include <string>

#include <fmt/format.h>

#include "formats/toml/diagnostics.hpp"
#include "formats/toml/prescan.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats::toml_schema {

Result<toml::table> parse_toml(std::string_view text, std::string_view source_name,
                               size_t max_bytes) {
  if (text.size() > max_bytes)
    return error_at(source_name, Position{}, ErrorCode::kLimitExceeded,
                    fmt::format("the file is {} bytes, more than the limit of {} bytes",
                                text.size(), max_bytes));
  if (auto problem = prescan_toml(text))
    return error_at(source_name, Position{problem->line, problem->column},
                    ErrorCode::kLimitExceeded, problem->what);
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& e) {
    std::string description = sanitize_for_display(e.description());
    std::replace(description.begin(), description.end(), '\n', ' ');
    return error_at(source_name, position_of(e.source(), Position{}), ErrorCode::kInvalidMetadata,
                    "TOML syntax error: " + description);
  }
}

}  // namespace modelseal::formats::toml_schema
