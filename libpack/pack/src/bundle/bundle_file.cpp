#include <array>
#include <charconv>
#include <cstring>

#include "base/file_io.hpp"
#include "modelseal/bundle.hpp"

namespace modelseal {

Result<Compression> parse_compression(std::string_view text) {
  if (text == "none") return Compression{CompressionKind::kNone, 0};
  if (text == "zstd") return Compression{};
  constexpr std::string_view kPrefix = "zstd:";
  if (text.substr(0, kPrefix.size()) == kPrefix) {
    std::string_view digits = text.substr(kPrefix.size());
    int level = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), level);
    if (ec == std::errc() && end == digits.data() + digits.size() && level >= 1 && level <= 19)
      return Compression{CompressionKind::kZstd, level};
  }
  return make_error(ErrorCode::kInvalidArgument,
                    "compression '" + std::string(text) + "' is not one of none, zstd, zstd:1..19");
}

bool is_bundle_file(const std::filesystem::path& path) {
  auto fd = fs::open_for_reading(path);
  if (!fd.ok()) return false;
  std::array<uint8_t, 512> head{};
  size_t filled = 0;
  while (filled < head.size()) {
    auto n = fs::read_some(fd->get(), std::span(head).subspan(filled), path);
    if (!n.ok() || *n == 0) break;
    filled += *n;
  }
  static constexpr uint8_t kZstdMagic[] = {0x28, 0xB5, 0x2F, 0xFD};
  if (filled >= 4 && std::memcmp(head.data(), kZstdMagic, 4) == 0) return true;
  return filled >= 262 && std::memcmp(&head[257], "ustar", 5) == 0;
}

}  // namespace modelseal
