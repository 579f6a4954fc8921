#include "formats/toml/diagnostics.hpp"

#include <fmt/format.h>

namespace modelseal::formats::toml_schema {

Position position_of(const toml::source_region& region, Position fallback) {
  if (region.begin.line == 0 || region.begin.column == 0) return fallback;
  return Position{region.begin.line, region.begin.column};
}

Error error_at(std::string_view source_name, Position where, ErrorCode code, std::string_view what) {
  return make_error(code, fmt::format("{}:{}:{}: {}", source_name, where.line, where.column, what));
}

std::string with_hint(std::string what, std::string_view hint) {
  if (!hint.empty()) what += fmt::format(" (hint: {})", hint);
  return what;
}

bool Diagnostics::would_keep(Position where) const {
  return !first_ || where.line < first_->where.line ||
         (where.line == first_->where.line && where.column < first_->where.column);
}

void Diagnostics::report(Position where, ErrorCode code, std::string what) {
  if (would_keep(where)) first_ = Issue{where, code, std::move(what)};
}

Error Diagnostics::error(std::string_view source_name) const {
  return error_at(source_name, first_->where, first_->code, first_->what);
}

}  // namespace modelseal::formats::toml_schema
