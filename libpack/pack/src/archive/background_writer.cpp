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
    std::span<uint8_t> buffer = acquire();
    const size_t n = std::min(buffer.size(), data.size());
    std::memcpy(buffer.data(), data.data(), n);
    MS_TRY(submit(n));
    data = data.subspan(n);
  }
  return {};
}

Status BackgroundWriter::finish() {
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
