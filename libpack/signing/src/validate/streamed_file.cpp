#include "validate/streamed_file.hpp"

#include <algorithm>
#include <cstring>

namespace modelseal::validate {
namespace {

// Where formats/hdf5 looks for a superblock (find_superblock): 0, then 512 << k.
constexpr uint64_t kFirstUserBlock = 512;
constexpr uint64_t kSignatureBytes = 8;

}  // namespace

StreamedFile::StreamedFile(uint64_t size) : size_(size) {
  const uint64_t prefix = std::min(size, kPrefixBytes);
  windows_.push_back({0, std::string(static_cast<size_t>(prefix), '\0')});
  if (size <= kPrefixBytes) return;
  for (uint64_t at = kFirstUserBlock; at + kSignatureBytes <= size; at <<= 1) {
    if (at + kSignatureBytes > prefix && at < size - kTailBytes)
      windows_.push_back({at, std::string(kSignatureBytes, '\0')});
    if (at > (uint64_t{1} << 62)) break;
  }
  windows_.push_back({size - kTailBytes, std::string(kTailBytes, '\0')});
}

void StreamedFile::add(std::span<const uint8_t> bytes) {
  const uint64_t begin = received_;
  const uint64_t end = begin + bytes.size();
  for (Window& w : windows_) {
    const uint64_t from = std::max(begin, w.offset);
    const uint64_t to = std::min(end, w.offset + w.bytes.size());
    if (from >= to) continue;
    std::memcpy(w.bytes.data() + (from - w.offset), bytes.data() + (from - begin),
                static_cast<size_t>(to - from));
  }
  received_ = end;
}

Result<size_t> StreamedFile::read_at(uint64_t offset, std::span<uint8_t> out) const {
  if (offset >= size_) return size_t{0};
  const uint64_t n = std::min<uint64_t>(out.size(), size_ - offset);
  for (const Window& w : windows_)
    if (offset >= w.offset && offset + n <= w.offset + w.bytes.size()) {
      std::memcpy(out.data(), w.bytes.data() + (offset - w.offset), static_cast<size_t>(n));
      return static_cast<size_t>(n);
    }
  missed_ = true;
  return make_error(ErrorCode::kUnsupported,
                    "the scanner reads bytes a streamed file does not keep (scanned from a copy)");
}

}  // namespace modelseal::validate
