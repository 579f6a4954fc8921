#include "archive/background_writer.hpp"

#include <algorithm>
#include <cstring>

namespace modelseal::archive {

BackgroundWriter::BackgroundWriter(fs::AtomicFile& file, size_t buffer_bytes,
                                   StreamingWriter::Cache cache)
    : writer_(file, cache),
      worker_(kBuffers, buffer_bytes, [this](std::span<const uint8_t> bytes) { return writer_.write(bytes); }) {}

std::span<uint8_t> BackgroundWriter::acquire() {
  (void)queue_gathered();  // an error is kept, and returned by the next call
  return worker_.acquire();
}

Status BackgroundWriter::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    if (gathered_.empty()) gathered_ = worker_.acquire();
    const size_t n = std::min(gathered_.size() - gathered_bytes_, data.size());
    std::memcpy(gathered_.data() + gathered_bytes_, data.data(), n);
    gathered_bytes_ += n;
    data = data.subspan(n);
    if (gathered_bytes_ == gathered_.size()) MS_TRY(queue_gathered());
  }
  return {};
}

Status BackgroundWriter::queue_gathered() {
  if (gathered_.empty()) return {};
  const size_t n = gathered_bytes_;
  gathered_ = {};
  gathered_bytes_ = 0;
  return worker_.submit(n);
}

Status BackgroundWriter::finish() {
  MS_TRY(queue_gathered());
  MS_TRY(worker_.drain());
  return writer_.finish();
}

}  // namespace modelseal::archive
