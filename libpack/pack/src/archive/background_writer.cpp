#include "archive/background_writer.hpp"

#include <algorithm>
#include <cstring>

namespace modelseal::archive {

BackgroundWriter::BackgroundWriter(fs::AtomicFile& file, size_t buffer_bytes)
    : writer_(file), buffer_bytes_(buffer_bytes) {
  for (size_t i = 0; i < kBuffers; ++i) {
    buffers_.push_back(std::make_unique_for_overwrite<uint8_t[]>(buffer_bytes_));
    free_.push_back(i);
  }
  worker_ = std::thread([this] { run(); });
}

BackgroundWriter::~BackgroundWriter() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

std::span<uint8_t> BackgroundWriter::acquire() {
  (void)queue_copies();  // an error is kept, and returned by the next call
  return take_buffer();
}

std::span<uint8_t> BackgroundWriter::take_buffer() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !free_.empty(); });
  acquired_ = free_.back();
  free_.pop_back();
  return {buffers_[acquired_].get(), buffer_bytes_};
}

Status BackgroundWriter::submit(size_t n) {
  {
    std::lock_guard lock(mutex_);
    if (n == 0 || error_)
      free_.push_back(acquired_);
    else
      queued_.emplace_back(acquired_, n);
    acquired_ = kBuffers;
  }
  changed_.notify_all();
  return first_error();
}

Status BackgroundWriter::write(std::span<const uint8_t> data) {
  while (!data.empty()) {
    if (copies_.empty()) copies_ = take_buffer();
    const size_t n = std::min(copies_.size() - copied_, data.size());
    std::memcpy(copies_.data() + copied_, data.data(), n);
    copied_ += n;
    data = data.subspan(n);
    if (copied_ == copies_.size()) MS_TRY(queue_copies());
  }
  return first_error();
}

Status BackgroundWriter::queue_copies() {
  if (copies_.empty()) return {};
  const size_t n = copied_;
  copies_ = {};
  copied_ = 0;
  return submit(n);
}

Status BackgroundWriter::finish() {
  MS_TRY(queue_copies());
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queued_.empty() && !busy_; });
  if (error_) return *error_;
  return {};
}

Status BackgroundWriter::first_error() {
  std::lock_guard lock(mutex_);
  if (error_) return *error_;
  return {};
}

void BackgroundWriter::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stop_ || !queued_.empty(); });
    if (stop_) return;
    auto [index, n] = queued_.front();
    queued_.pop_front();
    busy_ = true;
    lock.unlock();
    Status status = writer_.write({buffers_[index].get(), n});
    lock.lock();
    if (!status.ok() && !error_) error_ = status.error();
    busy_ = false;
    free_.push_back(index);
    changed_.notify_all();
  }
}

}  // namespace modelseal::archive
