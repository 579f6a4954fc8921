// One 512-byte ustar header block and the data of pax extended headers, parsed
// strictly: a field tar readers could read two ways is malformed.
//
//   header = name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8] typeflag[1]
//            linkname[100] magic[6] version[2] uname[32] gname[32] devmajor[8]
//            devminor[8] prefix[155] pad[12]
//   number = *SP 1*octal-digit *(NUL / SP), or base-256 (first byte 0x80 or 0xFF)
//   pax    = *record;  record = LEN SP key "=" value LF  ; LEN counts the record
//            keys: "path" and "size" only, each once; any other key is refused
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace modelseal::formats::archive_detail {

inline constexpr size_t kBlockSize = 512;
using Block = std::array<uint8_t, kBlockSize>;

struct TarHeader {
  std::string name;  // the name field up to its first NUL
  std::string prefix;
  std::string linkname;
  char type = '0';  // as stored: '\0' stays '\0'
  bool gnu_magic = false;  // "ustar  \0" rather than POSIX "ustar\0" "00"
  int64_t mode = 0;
  uint64_t size = 0;
  int64_t mtime = 0;
};

// The records a bundle's pax headers may hold (specs/bundle-v1.md, section 4).
struct PaxValues {
  std::optional<std::string> path;
  std::optional<uint64_t> size;
};

// What is wrong, as an archive.* id and a message.
struct HeaderProblem {
  std::string id;
  std::string message;
};

bool is_zero_block(const Block& block);
bool has_ustar_magic(const Block& block);
bool checksum_matches(const Block& block);

std::optional<HeaderProblem> parse_header(const Block& block, TarHeader& out);
std::optional<HeaderProblem> parse_pax(std::string_view data, size_t max_path_bytes,
                                       PaxValues& out);

}  // namespace modelseal::formats::archive_detail
