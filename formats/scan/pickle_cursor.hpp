// The pickle simulator's forward reads: a thin layer over ByteCursor
// (formats/scan/byte_cursor) adding the pickle's line arguments and long values
// kept only in part. Every read is checked against the bytes left before it happens.
#pragma once

#include <cstdint>
#include <string>

#include "formats/scan/byte_cursor.hpp"
#include "formats/scan/scan.hpp"

namespace modelseal::formats::pickle_detail {

enum class Got { kOk, kShort, kIoError };

class PickleCursor {
 public:
  // Reads bytes [0, end) of src; end is at most src.size().
  PickleCursor(const ByteSource& src, uint64_t end);

  uint64_t pos() const { return cur_.pos(); }
  uint64_t remaining() const { return cur_.remaining(); }
  // Why the last kIoError happened.
  std::string io_error() const;

  Got byte(uint8_t& out);
  // Exactly n (<= 8) bytes as a little-endian unsigned integer.
  Got le(size_t n, uint64_t& out);
  // Advances n bytes without reading them.
  Got skip(uint64_t n);
  // n bytes, of which the first `keep` go to `kept` (cut: some were dropped).
  Got take(uint64_t n, size_t keep, std::string& kept, bool& cut);
  // One line without its '\n', at most max_len bytes long; the first `keep`
  // bytes go to `kept`. kShort when no '\n' comes within max_len or the end.
  Got line(size_t keep, uint64_t max_len, std::string& kept, bool& cut, bool& too_long);

 private:
  Got failed() const;  // kIoError for a read error, else kShort

  CursorSource source_;
  ByteCursor cur_;
};

}  // namespace modelseal::formats::pickle_detail
