// The GGUF scanner's reads: a thin layer over ByteCursor (formats/scan/byte_cursor)
// that words its failures for gguf.truncated and gguf.read_error. Once a read
// fails every later read fails too and state() says why.
#pragma once

#include <cstdint>
#include <string>

#include "formats/scan/byte_cursor.hpp"
#include "formats/scan/scan.hpp"

namespace modelseal::formats::gguf_detail {

inline constexpr size_t kGgufReadChunk = kCursorWindowBytes;

class GgufCursor {
 public:
  enum class State { kOk, kTruncated, kReadError };

  explicit GgufCursor(const ByteSource& src);

  uint64_t pos() const { return cur_.pos(); }
  uint64_t size() const { return source_.size(); }
  uint64_t remaining() const { return cur_.remaining(); }
  State state() const { return state_; }
  const std::string& detail() const { return detail_; }

  bool u8(uint8_t& v);
  bool u32(uint32_t& v);
  bool u64(uint64_t& v);
  // Reads n bytes; the caller bounds n by a named limit first.
  bool bytes(uint64_t n, std::string& out);
  bool skip(uint64_t n);

 private:
  enum class Op { kValue, kSkip };
  bool failed(Op op);  // words the cursor's error; returns false
  bool fail(State s, std::string detail);

  CursorSource source_;
  ByteCursor cur_;
  State state_ = State::kOk;
  std::string detail_;
};

}  // namespace modelseal::formats::gguf_detail
