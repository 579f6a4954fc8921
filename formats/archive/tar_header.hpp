// One 512-byte ustar header block and the data of pax extended headers, parsed
// strictly: a field tar readers could read two ways is malformed.
//
//   header = name[100] mode[8] uid[8] gid[8] size[12] mtime[12] chksum[8] typeflag[1]
//            linkname[100] magic[6] version[2] uname[32] gname[32] devmajor[8]
//            devminor[8] prefix[155] pad[12]
//   number = *SP 1*octal-digit *(NUL / SP), or base-256 (first byte 0x80 or 0xFF)
//   pax    = *record;  record = LEN SP key "=" value LF  ; LEN counts the record
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
  std::string name;  // POSIX ustar: prefix + "/" + name when prefix is set
  std::string linkname;
  char type = '0';
  uint64_t size = 0;
  int64_t mtime = 0;
};

struct PaxValues {
  std::optional<std::string> path;
  std::optional<std::string> linkpath;
  std::optional<uint64_t> size;
  std::optional<int64_t> mtime;
  bool sparse = false;  // GNU.sparse.* records
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
