// OMS resource names: relative POSIX paths, and "path:start:end" shard names.
#include <charconv>

#include "formats/text/quote.hpp"
#include "formats/sigstore/oms_statement.hpp"

namespace modelseal::formats {
namespace {


Error bad(std::string what) { return make_error(ErrorCode::kCorrupt, std::move(what)); }

// Canonical decimal: digits only, no sign, no leading zero (except "0").
bool parse_decimal(std::string_view text, uint64_t& out) {
  if (text.empty() || (text.size() > 1 && text[0] == '0')) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size();
}

}  // namespace

Status validate_oms_path(std::string_view name) {
  if (name.empty()) return bad("the name is empty");
  if (name.size() > kMaxOmsNameBytes)
    return make_error(ErrorCode::kLimitExceeded,
                      "the name is longer than " + std::to_string(kMaxOmsNameBytes) + " bytes");
  if (name == ".") return {};  // a single-file model
  if (name.find('\0') != std::string_view::npos) return bad("the name contains a NUL byte");
  if (name.front() == '/') return bad(quote(name) + " is an absolute path");
  if (name.back() == '/') return bad(quote(name) + " ends with '/'");
  size_t start = 0;
  while (start <= name.size()) {
    size_t slash = name.find('/', start);
    if (slash == std::string_view::npos) slash = name.size();
    const std::string_view part = name.substr(start, slash - start);
    if (part.empty()) return bad(quote(name) + " has an empty path component");
    if (part == "." || part == "..")
      return bad(quote(name) + " has a '" + std::string(part) + "' component");
    start = slash + 1;
  }
  return {};
}

Result<OmsShardName> parse_oms_shard_name(std::string_view name) {
  const size_t first = name.find(':');
  const size_t second = first == std::string_view::npos ? first : name.find(':', first + 1);
  if (second == std::string_view::npos || name.find(':', second + 1) != std::string_view::npos)
    return bad(quote(name) + " is not path:start:end");
  OmsShardName shard;
  shard.path = name.substr(0, first);
  MS_TRY(validate_oms_path(shard.path));
  if (!parse_decimal(name.substr(first + 1, second - first - 1), shard.start) ||
      !parse_decimal(name.substr(second + 1), shard.end))
    return bad(quote(name) + " has a start or end that is not a decimal number");
  if (shard.start >= shard.end) return bad(quote(name) + " has start >= end");
  return shard;
}

}  // namespace modelseal::formats
