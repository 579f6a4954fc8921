#include "formats/scan/pickle_cursor.hpp"

#include <algorithm>

namespace modelseal::formats::pickle_detail {

PickleCursor::PickleCursor(const ByteSource& src, uint64_t end)
    : source_(src, end, CursorSource::ShortReads::kUsePartial), cur_(source_, 0, source_.size()) {}

std::string PickleCursor::io_error() const {
  const auto& e = cur_.error();
  if (!e || e->kind != CursorError::Kind::kReadError) return "";
  return e->detail.empty() ? "read failed" : e->detail;
}

Got PickleCursor::failed() const {
  const auto& e = cur_.error();
  return e && e->kind == CursorError::Kind::kReadError ? Got::kIoError : Got::kShort;
}

Got PickleCursor::byte(uint8_t& out) { return cur_.u8(out) ? Got::kOk : failed(); }

Got PickleCursor::le(size_t n, uint64_t& out) {
  if (n > 8) return Got::kShort;
  return cur_.le(n, out) ? Got::kOk : failed();
}

Got PickleCursor::skip(uint64_t n) { return cur_.skip(n) ? Got::kOk : failed(); }

Got PickleCursor::take(uint64_t n, size_t keep, std::string& kept, bool& cut) {
  kept.clear();
  cut = n > keep;
  const bool ok = cur_.read_through(n, [&](std::span<const uint8_t> chunk) {
    const size_t room = keep - std::min(keep, kept.size());
    const size_t copy = std::min(chunk.size(), room);
    kept.append(reinterpret_cast<const char*>(chunk.data()), copy);
  });
  return ok ? Got::kOk : failed();
}

Got PickleCursor::line(size_t keep, uint64_t max_len, std::string& kept, bool& cut,
                       bool& too_long) {
  kept.clear();
  cut = false;
  too_long = false;
  uint64_t len = 0;
  for (;;) {
    uint8_t b = 0;
    const Got g = byte(b);
    if (g != Got::kOk) return g;
    if (b == '\n') return Got::kOk;
    if (++len > max_len) {
      too_long = true;
      return Got::kShort;
    }
    if (kept.size() < keep) {
      kept.push_back(static_cast<char>(b));
    } else {
      cut = true;
    }
  }
}

}  // namespace modelseal::formats::pickle_detail
