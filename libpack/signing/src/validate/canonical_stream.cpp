#include "validate/canonical_stream.hpp"

#include <algorithm>
#include <cstring>

#include "archive/tar_writer.hpp"

namespace modelseal::validate {
namespace {

// Headers (pax records included) of one entry, and the previous entry's padding: far less.
constexpr size_t kMaxWaiting = 8u << 20;

}  // namespace

void CanonicalStream::tar_bytes(std::span<const uint8_t> bytes) { match(bytes); }

void CanonicalStream::match(std::span<const uint8_t> bytes) {
  while (canonical_) {
    while (!expected_.empty() && expected_.front().matched == expected_.front().bytes.size() &&
           expected_.front().skip == 0)
      expected_.pop_front();
    if (bytes.empty()) return;
    if (expected_.empty()) {
      if (waiting_.size() + bytes.size() > kMaxWaiting) {
        canonical_ = false;
        waiting_.clear();
        return;
      }
      waiting_.append(reinterpret_cast<const char*>(bytes.data()), bytes.size());
      return;
    }
    Segment& front = expected_.front();
    if (front.matched < front.bytes.size()) {
      const size_t n = std::min(front.bytes.size() - front.matched, bytes.size());
      if (std::memcmp(front.bytes.data() + front.matched, bytes.data(), n) != 0) {
        canonical_ = false;
        return;
      }
      front.matched += n;
      bytes = bytes.subspan(n);
      continue;
    }
    const uint64_t n = std::min<uint64_t>(front.skip, bytes.size());
    front.skip -= n;
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
}

void CanonicalStream::drain_waiting() {
  std::string waiting = std::move(waiting_);
  waiting_.clear();
  match({reinterpret_cast<const uint8_t*>(waiting.data()), waiting.size()});
}

void CanonicalStream::entry(std::string_view path, uint64_t size, int64_t mtime,
                            const std::string* data) {
  if (!canonical_) return;
  if (!started_) {
    started_ = true;
    mtime_ = mtime;
    if (!archive::TarWriter::valid_mtime(mtime)) {
      canonical_ = false;
      return;
    }
  }
  Segment segment;
  segment.bytes.assign(archive::TarWriter::padding_after(previous_size_), '\0');
  if (data != nullptr) size = data->size();
  segment.bytes += archive::TarWriter::entry_header(path, size, mtime_);
  if (data != nullptr)
    segment.bytes += *data;
  else
    segment.skip = size;
  previous_size_ = size;
  expected_.push_back(std::move(segment));
  drain_waiting();
}

bool CanonicalStream::finish() {
  if (!canonical_ || !started_) return canonical_ = false;
  Segment end;
  end.bytes.assign(archive::TarWriter::padding_after(previous_size_), '\0');
  end.bytes.append(archive::TarWriter::kEndBytes, '\0');
  expected_.push_back(std::move(end));
  drain_waiting();
  match({});
  // Every expected byte came, and nothing after them.
  if (!waiting_.empty() || !expected_.empty()) canonical_ = false;
  return canonical_;
}

}  // namespace modelseal::validate
