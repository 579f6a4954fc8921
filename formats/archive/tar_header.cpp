#include "formats/archive/tar_header.hpp"

#include <algorithm>
#include <span>

namespace modelseal::formats::archive_detail {
namespace {

constexpr size_t kChecksumAt = 148, kChecksumLen = 8;
constexpr size_t kMagicAt = 257;
constexpr std::string_view kPosixMagic{
    "ustar\0"
    "00",
    8};
constexpr std::string_view kGnuMagic{"ustar  \0", 8};

std::string_view field(const Block& block, size_t at, size_t len) {
  return {reinterpret_cast<const char*>(block.data()) + at, len};
}

std::string_view until_nul(std::string_view f) { return f.substr(0, f.find('\0')); }

bool is_terminator(char c) { return c == '\0' || c == ' '; }

// Octal digits with optional leading spaces and NUL/space padding; empty is invalid.
std::optional<uint64_t> parse_octal(std::string_view f) {
  size_t i = 0;
  while (i < f.size() && f[i] == ' ') ++i;
  const size_t digits_at = i;
  uint64_t value = 0;
  for (; i < f.size() && f[i] >= '0' && f[i] <= '7'; ++i) {
    if (value > (UINT64_MAX >> 3)) return std::nullopt;
    value = value << 3 | static_cast<uint64_t>(f[i] - '0');
  }
  if (i == digits_at) return std::nullopt;
  for (; i < f.size(); ++i)
    if (!is_terminator(f[i])) return std::nullopt;
  return value;
}

// GNU base-256: 0x80 then a positive big-endian number, or 0xFF and a negative one.
std::optional<int64_t> parse_base256(std::string_view f) {
  const auto first = static_cast<uint8_t>(f[0]);
  if (first != 0x80 && first != 0xFF) return std::nullopt;
  const bool negative = first == 0xFF;
  uint64_t magnitude = 0;
  for (size_t i = 1; i < f.size(); ++i) {
    const auto byte = static_cast<uint8_t>(negative ? ~static_cast<uint8_t>(f[i]) : f[i]);
    if (magnitude > (UINT64_MAX >> 8)) return std::nullopt;
    magnitude = magnitude << 8 | byte;
  }
  if (magnitude > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return negative ? -static_cast<int64_t>(magnitude) - 1 : static_cast<int64_t>(magnitude);
}

std::optional<int64_t> parse_number(std::string_view f) {
  if (static_cast<uint8_t>(f[0]) & 0x80) return parse_base256(f);
  const auto v = parse_octal(f);
  if (!v || *v > static_cast<uint64_t>(INT64_MAX)) return std::nullopt;
  return static_cast<int64_t>(*v);
}

HeaderProblem malformed(std::string message) {
  return {"archive.malformed_header", std::move(message)};
}

}  // namespace

bool is_zero_block(const Block& block) {
  return std::all_of(block.begin(), block.end(), [](uint8_t b) { return b == 0; });
}

bool has_ustar_magic(const Block& block) {
  const std::string_view magic = field(block, kMagicAt, 8);
  return magic == kPosixMagic || magic == kGnuMagic;
}

bool checksum_matches(const Block& block) {
  const auto stored = parse_octal(field(block, kChecksumAt, kChecksumLen));
  if (!stored) return false;
  uint64_t sum = 0;
  for (size_t i = 0; i < block.size(); ++i)
    sum += i >= kChecksumAt && i < kChecksumAt + kChecksumLen ? ' ' : block[i];
  return sum == *stored;
}

std::optional<HeaderProblem> parse_header(const Block& block, TarHeader& out) {
  struct NumberField {
    size_t at;
    std::string_view what;
  };
  static constexpr NumberField kIds[] = {{100, "mode"}, {108, "uid"}, {116, "gid"}};
  for (const NumberField& n : kIds)
    if (!parse_number(field(block, n.at, 8)))
      return malformed("the " + std::string(n.what) + " field is not a number");
  const auto size = parse_number(field(block, 124, 12));
  if (!size || *size < 0) return malformed("the size field is not a non-negative number");
  const auto mtime = parse_number(field(block, 136, 12));
  if (!mtime) return malformed("the mtime field is not a number");
  out.mode = *parse_number(field(block, 100, 8));
  out.size = static_cast<uint64_t>(*size);
  out.mtime = *mtime;
  out.type = static_cast<char>(block[156]);
  out.gnu_magic = field(block, kMagicAt, 8) == kGnuMagic;
  out.name = std::string(until_nul(field(block, 0, 100)));
  out.prefix = std::string(until_nul(field(block, 345, 155)));
  out.linkname = std::string(until_nul(field(block, 157, 100)));
  return std::nullopt;
}

}  // namespace modelseal::formats::archive_detail
