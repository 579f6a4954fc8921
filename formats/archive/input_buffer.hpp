// The archive file's bytes behind a buffer, so the decoders can look ahead
// (frame headers) and take what they use.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>

#include "formats/archive/archive_stream.hpp"

namespace modelseal::formats::archive_detail {

class InputBuffer {
 public:
  InputBuffer(ArchiveInput& input, size_t capacity);

  // The buffered bytes, at least `min` of them unless the input ended or failed.
  std::span<const uint8_t> peek(size_t min = 1);
  void consume(size_t n);
  // Consumes `n` bytes, moving the input past those not buffered without reading them: true.
  // False when the input cannot skip (nothing consumed). A failed skip sets error().
  bool skip(uint64_t n);
  // File offset of the next byte peek() returns: the bytes consumed so far.
  uint64_t offset() const { return consumed_; }
  const std::optional<Error>& error() const { return error_; }

 private:
  ArchiveInput& input_;
  std::unique_ptr<uint8_t[]> buffer_;  // not zeroed: a small file touches only the pages it fills
  size_t capacity_;
  size_t begin_ = 0, end_ = 0;
  uint64_t consumed_ = 0;
  bool ended_ = false;
  std::optional<Error> error_;
};

}  // namespace modelseal::formats::archive_detail
