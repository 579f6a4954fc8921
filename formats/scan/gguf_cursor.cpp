#include "formats/scan/gguf_cursor.hpp"

#include <span>

namespace modelseal::formats::gguf_detail {

GgufCursor::GgufCursor(const ByteSource& src)
    : source_(src, src.size(), CursorSource::ShortReads::kFail), cur_(source_, 0, source_.size()) {}

bool GgufCursor::fail(State s, std::string detail) {
  if (state_ == State::kOk) {
    state_ = s;
    detail_ = std::move(detail);
  }
  return false;
}

bool GgufCursor::failed(Op op) {
  const CursorError& e = *cur_.error();
  const std::string at = std::to_string(e.offset);
  switch (e.kind) {
    case CursorError::Kind::kReadError: return fail(State::kReadError, e.detail);
    case CursorError::Kind::kSourceEnded: return fail(State::kReadError, "short read at offset " + at);
    default: break;
  }
  const std::string n = std::to_string(e.wanted);
  if (op == Op::kSkip)
    return fail(State::kTruncated,
                "skipping " + n + " bytes at offset " + at + " runs past the end of the file");
  return fail(State::kTruncated, "needs " + n + " bytes at offset " + at + ", the file ends after " +
                                     std::to_string(e.available));
}

bool GgufCursor::u8(uint8_t& v) {
  if (state_ != State::kOk) return false;
  return cur_.u8(v) || failed(Op::kValue);
}

bool GgufCursor::u32(uint32_t& v) {
  if (state_ != State::kOk) return false;
  return cur_.u32(v) || failed(Op::kValue);
}

bool GgufCursor::u64(uint64_t& v) {
  if (state_ != State::kOk) return false;
  return cur_.u64(v) || failed(Op::kValue);
}

bool GgufCursor::bytes(uint64_t n, std::string& out) {
  if (state_ != State::kOk) return false;
  if (n > remaining() || n > kGgufReadChunk * 1024)  // a caller bug or a truncated file
    return fail(State::kTruncated, "a string of " + std::to_string(n) + " bytes at offset " +
                                       std::to_string(pos()) + " runs past the end of the file");
  out.assign(static_cast<size_t>(n), '\0');
  return cur_.copy(std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()), out.size())) ||
         failed(Op::kValue);
}

bool GgufCursor::skip(uint64_t n) {
  if (state_ != State::kOk) return false;
  return cur_.skip(n) || failed(Op::kSkip);
}

}  // namespace modelseal::formats::gguf_detail
