// Canonical POSIX pax tar (specs/bundle-v1.md, "Archive encoding"):
//
//   archive   = *entry end
//   entry     = [pax-header] ustar-header data padding
//   end       = 2 * 512 zero bytes
//
// ustar-header: name (path, or its first bytes when a pax path record is
// present), mode 0000644, uid/gid 0, size, mtime = the build's timestamp,
// typeflag '0', magic "ustar\0" version "00", empty uname/gname/linkname,
// devmajor/devminor 0, empty prefix. A pax header (typeflag 'x', name
// "PaxHeader") precedes an entry whose path is over 100 bytes or not
// ASCII ("path" record), or whose size needs more than 11 octal digits
// ("size" record). Same inputs, same bytes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "archive/byte_sink.hpp"

namespace modelseal::archive {

class TarWriter {
 public:
  TarWriter(ByteSink& sink, int64_t mtime) : sink_(sink), mtime_(mtime) {}

  // Starts a regular file entry; exactly `size` bytes of data must follow.
  Status begin_file(std::string_view path, uint64_t size);
  Status write_data(std::span<const uint8_t> data);
  Status end_file();
  // Writes the end-of-archive blocks and finishes the sink.
  Status finish();

  // The mtime must fit the ustar field.
  static bool valid_mtime(int64_t mtime);

  // The bytes begin_file writes before an entry's data (its pax header, if any, and its
  // ustar header), the zero padding end_file writes after `size` bytes of data, and the
  // end-of-archive blocks finish writes: what a canonical archive holds, byte for byte.
  static std::string entry_header(std::string_view path, uint64_t size, int64_t mtime);
  static size_t padding_after(uint64_t size);
  static constexpr size_t kEndBytes = 2 * 512;

 private:
  Status pad_to_block(uint64_t size);

  ByteSink& sink_;
  int64_t mtime_;
  uint64_t declared_ = 0;
  uint64_t written_ = 0;
  bool in_file_ = false;
};

}  // namespace modelseal::archive
