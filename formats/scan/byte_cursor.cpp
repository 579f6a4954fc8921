#include "formats/scan/byte_cursor.hpp"

#include <cstring>
#include <utility>

namespace modelseal::formats {

CursorSource::CursorSource(const ByteSource& src, uint64_t limit, ShortReads short_reads,
                           size_t window)
    : src_(src), size_(std::min(limit, src.size())), short_reads_(short_reads),
      window_size_(window) {}

bool CursorSource::fail(CursorError e) {
  if (!error_) error_ = std::move(e);
  return false;
}

bool CursorSource::fetch(uint64_t offset, std::span<const uint8_t>& out) {
  if (failed()) return false;
  if (offset < window_at_ || offset - window_at_ >= window_len_) {
    if (offset >= size_) return fail({CursorError::Kind::kPastEnd, offset, 1, 0, {}});
    if (window_.empty()) window_.resize(window_size_);
    const auto want = static_cast<size_t>(std::min<uint64_t>(window_size_, size_ - offset));
    auto got = src_.read_at(offset, std::span<uint8_t>(window_.data(), want));
    window_len_ = 0;
    if (!got.ok()) return fail({CursorError::Kind::kReadError, offset, 0, 0, got.error().detail});
    if (*got == 0 || (short_reads_ == ShortReads::kFail && *got != want))
      return fail({CursorError::Kind::kSourceEnded, offset, 0, 0, {}});
    window_at_ = offset;
    window_len_ = *got;
  }
  const auto at = static_cast<size_t>(offset - window_at_);
  out = std::span<const uint8_t>(window_.data() + at, window_len_ - at);
  return true;
}

ByteCursor::ByteCursor(CursorSource& source, uint64_t begin, uint64_t end)
    : source_(&source), pos_(std::min(begin, source.size())),
      end_(std::max(pos_, std::min(end, source.size()))) {}

bool ByteCursor::check(uint64_t n) {
  if (source_->failed()) return false;
  if (n <= remaining()) return true;
  return source_->fail({CursorError::Kind::kPastEnd, pos_, n, remaining(), {}});
}

bool ByteCursor::u8(uint8_t& out) {
  std::span<const uint8_t> got;
  if (!check(1) || !source_->fetch(pos_, got)) return false;
  out = got[0];
  ++pos_;
  return true;
}

bool ByteCursor::le(size_t n, uint64_t& out) {
  uint8_t b[8] = {};
  if (n > sizeof b) return source_->fail({CursorError::Kind::kPastEnd, pos_, n, remaining(), {}});
  if (!copy(std::span<uint8_t>(b, n))) return false;
  out = 0;
  for (size_t i = n; i-- > 0;) out = (out << 8) | b[i];
  return true;
}

bool ByteCursor::u16(uint16_t& out) {
  uint64_t v = 0;
  if (!le(2, v)) return false;
  out = static_cast<uint16_t>(v);
  return true;
}

bool ByteCursor::u32(uint32_t& out) {
  uint64_t v = 0;
  if (!le(4, v)) return false;
  out = static_cast<uint32_t>(v);
  return true;
}

bool ByteCursor::u64(uint64_t& out) { return le(8, out); }

bool ByteCursor::varint(uint64_t& out) {
  constexpr size_t kMaxBytes = 10;
  const uint64_t start = pos_;
  out = 0;
  for (size_t i = 0; i < kMaxBytes; ++i) {
    if (source_->failed()) return false;
    if (pos_ >= end_)
      return source_->fail({CursorError::Kind::kPastEnd, start, i + 1, end_ - start, {}});
    std::span<const uint8_t> got;
    if (!source_->fetch(pos_, got)) return false;
    const uint8_t b = got[0];
    ++pos_;
    if (i == kMaxBytes - 1 && b > 1)
      return source_->fail({CursorError::Kind::kBadVarint, start, 0, 0, {}});
    out |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return true;
  }
  return source_->fail({CursorError::Kind::kBadVarint, start, 0, 0, {}});
}

bool ByteCursor::copy(std::span<uint8_t> out) {
  size_t done = 0;
  return read_through(out.size(), [&](std::span<const uint8_t> chunk) {
    std::memcpy(out.data() + done, chunk.data(), chunk.size());
    done += chunk.size();
  });
}

bool ByteCursor::skip(uint64_t n) {
  if (!check(n)) return false;
  pos_ += n;
  return true;
}

bool ByteCursor::sub(uint64_t n, ByteCursor& out) {
  if (!check(n)) return false;
  out = ByteCursor(*source_, pos_, pos_ + n);
  pos_ += n;
  return true;
}

}  // namespace modelseal::formats
