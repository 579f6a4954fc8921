#include "formats/scan/gguf_cursor.hpp"

#include <algorithm>
#include <cstring>
#include <span>

namespace modelseal::formats::gguf_detail {

GgufCursor::GgufCursor(const ByteSource& src) : src_(src), size_(src.size()), buf_(kGgufReadChunk) {}

bool GgufCursor::fail(State s, std::string detail) {
  if (state_ == State::kOk) {
    state_ = s;
    detail_ = std::move(detail);
  }
  return false;
}

bool GgufCursor::take(size_t n, uint8_t* out) {
  if (state_ != State::kOk) return false;
  if (n > remaining())
    return fail(State::kTruncated, "needs " + std::to_string(n) + " bytes at offset " +
                                       std::to_string(pos_) + ", the file ends after " +
                                       std::to_string(remaining()));
  while (n > 0) {
    if (pos_ < buf_at_ || pos_ >= buf_at_ + buf_len_) {
      const auto want = static_cast<size_t>(std::min<uint64_t>(buf_.size(), remaining()));
      auto got = src_.read_at(pos_, std::span<uint8_t>(buf_.data(), want));
      if (!got.ok()) return fail(State::kReadError, got.error().detail);
      if (*got != want)
        return fail(State::kReadError, "short read at offset " + std::to_string(pos_));
      buf_at_ = pos_;
      buf_len_ = want;
    }
    const auto at = static_cast<size_t>(pos_ - buf_at_);
    const size_t k = std::min(n, buf_len_ - at);
    std::memcpy(out, buf_.data() + at, k);
    out += k;
    n -= k;
    pos_ += k;
  }
  return true;
}

bool GgufCursor::u8(uint8_t& v) { return take(1, &v); }

bool GgufCursor::u32(uint32_t& v) {
  uint8_t b[4];
  if (!take(sizeof b, b)) return false;
  v = 0;
  for (size_t i = 4; i-- > 0;) v = (v << 8) | b[i];
  return true;
}

bool GgufCursor::u64(uint64_t& v) {
  uint8_t b[8];
  if (!take(sizeof b, b)) return false;
  v = 0;
  for (size_t i = 8; i-- > 0;) v = (v << 8) | b[i];
  return true;
}

bool GgufCursor::bytes(uint64_t n, std::string& out) {
  if (state_ != State::kOk) return false;
  if (n > remaining() || n > kGgufReadChunk * 1024)  // a caller bug or a truncated file
    return fail(State::kTruncated, "a string of " + std::to_string(n) + " bytes at offset " +
                                       std::to_string(pos_) + " runs past the end of the file");
  out.assign(static_cast<size_t>(n), '\0');
  return take(out.size(), reinterpret_cast<uint8_t*>(out.data()));
}

bool GgufCursor::skip(uint64_t n) {
  if (state_ != State::kOk) return false;
  if (n > remaining())
    return fail(State::kTruncated, "skipping " + std::to_string(n) + " bytes at offset " +
                                       std::to_string(pos_) + " runs past the end of the file");
  pos_ += n;
  return true;
}

}  // namespace modelseal::formats::gguf_detail
