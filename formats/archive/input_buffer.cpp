#include "formats/archive/input_buffer.hpp"

#include <algorithm>
#include <cstring>

namespace modelseal::formats::archive_detail {

InputBuffer::InputBuffer(ArchiveInput& input, size_t capacity)
    : input_(input), buffer_(std::max<size_t>(capacity, 64)) {}

std::span<const uint8_t> InputBuffer::peek(size_t min) {
  min = std::min(min, buffer_.size());
  while (end_ - begin_ < min && !ended_ && !error_) {
    if (begin_ > 0 && buffer_.size() - end_ < min) {
      std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
      end_ -= begin_;
      begin_ = 0;
    }
    const Result<size_t> n = input_.read(std::span(buffer_).subspan(end_));
    if (!n.ok()) {
      error_ = n.error();
    } else if (*n == 0) {
      ended_ = true;
    } else {
      end_ += *n;
    }
  }
  return std::span<const uint8_t>(buffer_).subspan(begin_, end_ - begin_);
}

void InputBuffer::consume(size_t n) {
  n = std::min(n, end_ - begin_);
  begin_ += n;
  consumed_ += n;
  if (begin_ == end_) begin_ = end_ = 0;
}

}  // namespace modelseal::formats::archive_detail
