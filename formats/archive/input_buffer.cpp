#include "formats/archive/input_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace modelseal::formats::archive_detail {

InputBuffer::InputBuffer(ArchiveInput& input, size_t capacity)
    : input_(input),
      buffer_(std::make_unique_for_overwrite<uint8_t[]>(std::max<size_t>(capacity, 64))),
      capacity_(std::max<size_t>(capacity, 64)) {}

std::span<const uint8_t> InputBuffer::peek(size_t min) {
  min = std::min(min, capacity_);
  while (end_ - begin_ < min && !ended_ && !error_) {
    if (begin_ > 0 && capacity_ - end_ < min) {
      std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    const Result<size_t> n = input_.read({buffer_.get() + end_, capacity_ - end_});
    if (!n.ok()) {
      error_ = n.error();
    } else if (*n == 0) {
      ended_ = true;
    } else {
      end_ += *n;
    }
  }
  return {buffer_.get() + begin_, end_ - begin_};
}

void InputBuffer::consume(size_t n) {
  n = std::min(n, end_ - begin_);
  begin_ += n;
  consumed_ += n;
  if (begin_ == end_) begin_ = end_ = 0;
}

bool InputBuffer::skip(uint64_t n) {
  const size_t buffered = end_ - begin_;
  if (n <= buffered) {
    consume(static_cast<size_t>(n));
    return true;
  }
  if (!input_.can_skip() || ended_ || error_) return false;
  consume(buffered);
  const uint64_t rest = n - buffered;
  Status moved = input_.skip(rest);
  if (!moved.ok()) error_ = moved.error();
  consumed_ += rest;
  return true;
}

}  // namespace modelseal::formats::archive_detail
