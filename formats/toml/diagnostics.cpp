#include "formats/toml/diagnostics.hpp"

#include <algorithm>

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

namespace {

bool before(Position a, Position b) {
  return a.line < b.line || (a.line == b.line && a.column < b.column);
}

}  // namespace

void Diagnostics::report(Position where, ErrorCode code, std::string what) {
  ++total_;
  if (kept_.size() == kMaxKept && !before(where, kept_.back().where)) return;
  // After every kept problem at the same position: equal positions stay in report order.
  const auto at = std::upper_bound(kept_.begin(), kept_.end(), where,
                                   [](Position p, const Issue& issue) { return before(p, issue.where); });
  kept_.insert(at, Issue{where, code, std::move(what)});
  if (kept_.size() > kMaxKept) kept_.pop_back();
}

ProblemList Diagnostics::problems(std::string_view source_name) const {
  ProblemList list;
  list.source = source_name;
  list.total = total_;
  for (const Issue& issue : kept_) {
    list.lines.push_back(error_at(source_name, issue.where, issue.code, issue.what).detail);
    list.entries.push_back({issue.where, issue.code, issue.what});
  }
  return list;
}

Error Diagnostics::error(std::string_view source_name) const {
  std::string detail;
  for (const std::string& line : problems(source_name).lines)
    detail += (detail.empty() ? "" : "\n") + line;
  if (const size_t more = total_ - kept_.size(); more > 0)
    detail += fmt::format("\n{}: ... and {} more problem{} after these", source_name, more,
                          more == 1 ? "" : "s");
  return make_error(kept_.front().code, std::move(detail));
}

}  // namespace modelseal::formats::toml_schema
