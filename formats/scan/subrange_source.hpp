// A window [offset, offset + length) of another ByteSource, read in place
// (zero copy), so a stored ZIP member is scanned like a file of its own.
#pragma once

#include <algorithm>
#include <cstdint>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

class SubrangeSource : public ByteSource {
 public:
  // The window is clamped to the parent's size; `parent` must outlive this.
  SubrangeSource(const ByteSource& parent, uint64_t offset, uint64_t length)
      : parent_(parent),
        offset_(std::min(offset, parent.size())),
        length_(std::min(length, parent.size() - offset_)) {}

  uint64_t size() const override { return length_; }

  Result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override {
    if (offset >= length_) return size_t{0};
    const uint64_t n = std::min<uint64_t>(out.size(), length_ - offset);
    return parent_.read_at(offset_ + offset, out.first(static_cast<size_t>(n)));
  }

 private:
  const ByteSource& parent_;
  uint64_t offset_;
  uint64_t length_;
};

}  // namespace modelseal::formats
