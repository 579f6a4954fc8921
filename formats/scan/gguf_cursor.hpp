// A bounds-checked little-endian cursor over a ByteSource for the GGUF scanner.
// It reads through a fixed 64 KiB buffer, so no read allocates by a size taken
// from the file; once a read fails (past the end, or an I/O error) every later
// read fails too and state() says why.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats::gguf_detail {

inline constexpr size_t kGgufReadChunk = 64u << 10;

class GgufCursor {
 public:
  enum class State { kOk, kTruncated, kReadError };

  explicit GgufCursor(const ByteSource& src);

  uint64_t pos() const { return pos_; }
  uint64_t size() const { return size_; }
  uint64_t remaining() const { return size_ - pos_; }
  State state() const { return state_; }
  const std::string& detail() const { return detail_; }

  bool u8(uint8_t& v);
  bool u32(uint32_t& v);
  bool u64(uint64_t& v);
  // Reads n bytes; the caller bounds n by a named limit first.
  bool bytes(uint64_t n, std::string& out);
  bool skip(uint64_t n);

 private:
  bool take(size_t n, uint8_t* out);
  bool fail(State s, std::string detail);

  const ByteSource& src_;
  uint64_t size_;
  uint64_t pos_ = 0;
  std::vector<uint8_t> buf_;  // holds the file's bytes [buf_at_, buf_at_ + buf_len_)
  uint64_t buf_at_ = 0;
  size_t buf_len_ = 0;
  State state_ = State::kOk;
  std::string detail_;
};

}  // namespace modelseal::formats::gguf_detail
