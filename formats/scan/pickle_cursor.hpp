// Buffered, bounds-checked forward reader over a ByteSource for the pickle
// simulator: every read is checked against the bytes left before it happens,
// and long values are skipped rather than loaded.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats::pickle_detail {

enum class Got { kOk, kShort, kIoError };

class PickleCursor {
 public:
  // Reads bytes [0, end) of src; end is at most src.size().
  PickleCursor(const ByteSource& src, uint64_t end);

  uint64_t pos() const { return pos_; }
  uint64_t remaining() const { return end_ - pos_; }
  const std::string& io_error() const { return io_error_; }

  Got byte(uint8_t& out);
  // Exactly n (<= 8) bytes as a little-endian unsigned integer.
  Got le(size_t n, uint64_t& out);
  // n bytes, of which the first `keep` go to `kept` (cut: some were dropped).
  Got take(uint64_t n, size_t keep, std::string& kept, bool& cut);
  // One line without its '\n', at most max_len bytes long; the first `keep`
  // bytes go to `kept`. kShort when no '\n' comes within max_len or the end.
  Got line(size_t keep, uint64_t max_len, std::string& kept, bool& cut, bool& too_long);

 private:
  bool fill();  // makes buffered data available at pos_; false at the end or on error

  const ByteSource& src_;
  uint64_t end_;
  uint64_t pos_ = 0;
  std::vector<uint8_t> buf_;
  uint64_t buf_start_ = 0;
  size_t buf_len_ = 0;
  std::string io_error_;
};

}  // namespace modelseal::formats::pickle_detail
