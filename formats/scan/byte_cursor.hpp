// The one bounds-checked byte cursor of the scanners (in the style of BoringSSL's
// CBS): every read is checked against the bytes left in the cursor before it
// happens, and a failed read returns false, the one way a read fails. Why it
// failed is kept once, by the CursorSource all cursors over the same bytes
// share; after it every read of any of them fails too.
//
// A CursorSource reads a ByteSource through one fixed window (64 KiB unless
// told), allocated at the first read, so no read allocates by a size taken from
// the file; large ranges are skipped by offset without being read. The GGUF,
// pickle and protobuf readers are thin layers over it that turn a CursorError
// into their own findings.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr size_t kCursorWindowBytes = 64u << 10;

struct CursorError {
  enum class Kind {
    kPastEnd,      // the read needs more bytes than the cursor has left
    kSourceEnded,  // the source returned fewer bytes than its size promised
    kReadError,    // the source failed to read (detail says why)
    kBadVarint,    // a varint overflows 64 bits
  };
  Kind kind = Kind::kPastEnd;
  uint64_t offset = 0;     // kPastEnd, kBadVarint: where the read began; else the failed read
  uint64_t wanted = 0;     // kPastEnd: bytes the read needed
  uint64_t available = 0;  // kPastEnd: bytes the cursor had left
  std::string detail;      // kReadError: the source's message
};

class CursorSource {
 public:
  // kFail: a read shorter than asked fails (kSourceEnded) at once. kUsePartial:
  // the bytes that came are used; only a read returning none fails.
  enum class ShortReads { kFail, kUsePartial };

  // Reads bytes [0, min(limit, src.size())) of src.
  CursorSource(const ByteSource& src, uint64_t limit, ShortReads short_reads,
               size_t window = kCursorWindowBytes);
  CursorSource(const CursorSource&) = delete;
  CursorSource& operator=(const CursorSource&) = delete;

  uint64_t size() const { return size_; }
  bool failed() const { return error_.has_value(); }
  const std::optional<CursorError>& error() const { return error_; }
  // Records the first failure; always returns false.
  bool fail(CursorError e);

  // Makes at least one byte at `offset` (< size()) available: `out` starts there.
  bool fetch(uint64_t offset, std::span<const uint8_t>& out);

 private:
  const ByteSource& src_;
  uint64_t size_;
  ShortReads short_reads_;
  size_t window_size_;
  std::vector<uint8_t> window_;  // the source's bytes [window_at_, window_at_ + window_len_)
  uint64_t window_at_ = 0;
  size_t window_len_ = 0;
  std::optional<CursorError> error_;
};

class ByteCursor {
 public:
  // The bytes [begin, end) of source; end is clamped to source.size().
  ByteCursor(CursorSource& source, uint64_t begin, uint64_t end);

  uint64_t pos() const { return pos_; }
  uint64_t end() const { return end_; }
  uint64_t remaining() const { return end_ - pos_; }
  CursorSource& source() const { return *source_; }
  bool failed() const { return source_->failed(); }
  const std::optional<CursorError>& error() const { return source_->error(); }

  bool u8(uint8_t& out);
  // n (at most 8) bytes as a little-endian unsigned integer.
  bool le(size_t n, uint64_t& out);
  bool u16(uint16_t& out);
  bool u32(uint32_t& out);
  bool u64(uint64_t& out);
  // A base-128 varint (protobuf, LEB128) of at most 10 bytes fitting 64 bits.
  bool varint(uint64_t& out);
  // Exactly out.size() bytes.
  bool copy(std::span<uint8_t> out);
  // Advances n bytes without reading them.
  bool skip(uint64_t n);
  // A cursor over the next n bytes, which this one skips.
  bool sub(uint64_t n, ByteCursor& out);
  // Reads the next n bytes, handing them to on_chunk(std::span<const uint8_t>) piece by piece.
  template <class OnChunk>
  bool read_through(uint64_t n, OnChunk&& on_chunk) {
    if (!check(n)) return false;
    const uint64_t stop = pos_ + n;
    while (pos_ < stop) {
      std::span<const uint8_t> got;
      if (!source_->fetch(pos_, got)) return false;
      const auto k = static_cast<size_t>(std::min<uint64_t>(got.size(), stop - pos_));
      on_chunk(got.first(k));
      pos_ += k;
    }
    return true;
  }

 private:
  bool check(uint64_t n);  // n bytes are left, else fails kPastEnd

  CursorSource* source_;
  uint64_t pos_;
  uint64_t end_;
};

}  // namespace modelseal::formats
