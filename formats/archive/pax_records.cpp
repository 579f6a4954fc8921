#include <set>

#include "formats/text/printable.hpp"

#include "formats/archive/tar_header.hpp"

namespace modelseal::formats::archive_detail {
namespace {

constexpr size_t kMaxLengthDigits = 20;

HeaderProblem bad_pax(std::string message) { return {"archive.malformed_pax", std::move(message)}; }

std::optional<uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > kMaxLengthDigits) return std::nullopt;
  uint64_t value = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(value, 10u, &value) ||
        __builtin_add_overflow(value, static_cast<uint64_t>(c - '0'), &value))
      return std::nullopt;
  }
  return value;
}

bool valid_key(std::string_view key) {
  if (key.empty()) return false;
  for (const char c : key)
    if (c <= ' ' || c > '~') return false;
  return true;
}

std::optional<HeaderProblem> apply(std::string_view key, std::string_view value,
                                   size_t max_path_bytes, PaxValues& out) {
  if (key == "path") {
    if (value.empty()) return bad_pax("an empty 'path' record");
    if (value.find('\0') != std::string_view::npos)
      return bad_pax("the 'path' record holds a NUL byte");
    if (value.size() > max_path_bytes)
      return bad_pax("the 'path' record is " + std::to_string(value.size()) + " bytes (limit " +
                     std::to_string(max_path_bytes) + ")");
    out.path = std::string(value);
  } else if (key == "size") {
    out.size = parse_decimal(value);
    if (!out.size) return bad_pax("the 'size' record is not a decimal number");
  } else if (key.starts_with("GNU.sparse.")) {
    return HeaderProblem{"archive.sparse_entry", "a sparse file (GNU.sparse records)"};
  } else {
    return HeaderProblem{"archive.pax_key",
                         "the pax record '" + printable_name(key) +
                             "' is not one a bundle may hold (only 'path' and 'size')"};
  }
  return std::nullopt;
}

}  // namespace

std::optional<HeaderProblem> parse_pax(std::string_view data, size_t max_path_bytes,
                                       PaxValues& out) {
  std::set<std::string_view> keys;
  size_t at = 0;
  while (at < data.size()) {
    const std::string_view rest = data.substr(at);
    const size_t space = rest.find(' ');
    if (space == std::string_view::npos || space == 0 || space > kMaxLengthDigits || rest[0] == '0')
      return bad_pax("record at byte " + std::to_string(at) + " does not start with its length");
    const auto length = parse_decimal(rest.substr(0, space));
    if (!length || *length > rest.size() || *length < space + 4)
      return bad_pax("record at byte " + std::to_string(at) + " has an impossible length");
    const std::string_view record = rest.substr(0, *length);
    if (record.back() != '\n')
      return bad_pax("record at byte " + std::to_string(at) + " does not end with a newline");
    const std::string_view body = record.substr(space + 1, record.size() - space - 2);
    const size_t eq = body.find('=');
    if (eq == std::string_view::npos || !valid_key(body.substr(0, eq)))
      return bad_pax("record at byte " + std::to_string(at) + " has no valid key");
    const std::string_view key = body.substr(0, eq);
    if (!keys.insert(key).second) return bad_pax("the key '" + std::string(key) + "' repeats");
    if (auto problem = apply(key, body.substr(eq + 1), max_path_bytes, out)) return problem;
    at += *length;
  }
  return std::nullopt;
}

}  // namespace modelseal::formats::archive_detail
