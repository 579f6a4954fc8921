#include "formats/scan/pickle_cursor.hpp"

#include <algorithm>

namespace modelseal::formats::pickle_detail {

namespace {
constexpr size_t kBufferSize = 64 * 1024;
}

PickleCursor::PickleCursor(const ByteSource& src, uint64_t end)
    : src_(src), end_(std::min(end, src.size())), buf_(kBufferSize) {}

bool PickleCursor::fill() {
  if (pos_ >= buf_start_ && pos_ < buf_start_ + buf_len_) return true;
  if (pos_ >= end_ || !io_error_.empty()) return false;
  const size_t want = static_cast<size_t>(std::min<uint64_t>(kBufferSize, end_ - pos_));
  auto got = src_.read_at(pos_, std::span<uint8_t>(buf_.data(), want));
  if (!got.ok()) {
    io_error_ = got.error().detail.empty() ? "read failed" : got.error().detail;
    return false;
  }
  buf_start_ = pos_;
  buf_len_ = *got;
  if (buf_len_ == 0) {  // the source shrank: treat as its end
    end_ = pos_;
    return false;
  }
  return true;
}

Got PickleCursor::byte(uint8_t& out) {
  if (!fill()) return io_error_.empty() ? Got::kShort : Got::kIoError;
  out = buf_[static_cast<size_t>(pos_ - buf_start_)];
  ++pos_;
  return Got::kOk;
}

Got PickleCursor::le(size_t n, uint64_t& out) {
  if (n > 8) return Got::kShort;
  if (remaining() < n) return Got::kShort;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    uint8_t b = 0;
    const Got g = byte(b);
    if (g != Got::kOk) return g;
    out |= static_cast<uint64_t>(b) << (8 * i);
  }
  return Got::kOk;
}

Got PickleCursor::take(uint64_t n, size_t keep, std::string& kept, bool& cut) {
  kept.clear();
  cut = n > keep;
  if (remaining() < n) return Got::kShort;
  const uint64_t stop = pos_ + n;
  while (pos_ < stop) {
    if (!fill()) return io_error_.empty() ? Got::kShort : Got::kIoError;
    const uint64_t avail = std::min(stop, buf_start_ + buf_len_) - pos_;
    const size_t at = static_cast<size_t>(pos_ - buf_start_);
    const size_t room = keep - std::min(keep, kept.size());
    const size_t copy = static_cast<size_t>(std::min<uint64_t>(avail, room));
    kept.append(reinterpret_cast<const char*>(buf_.data() + at), copy);
    pos_ += avail;
  }
  return Got::kOk;
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
