#include "base/buffer_worker.hpp"

namespace modelseal {

BufferWorker::BufferWorker(size_t buffers, size_t buffer_bytes, Consume consume)
    : consume_(std::move(consume)), buffer_bytes_(buffer_bytes), acquired_(buffers) {
  for (size_t i = 0; i < buffers; ++i) {
    buffers_.push_back(std::make_unique_for_overwrite<uint8_t[]>(buffer_bytes_));
    free_.push_back(i);
  }
  thread_ = std::thread([this] { run(); });
}

BufferWorker::~BufferWorker() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  thread_.join();
}

std::span<uint8_t> BufferWorker::acquire() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !free_.empty(); });
  acquired_ = free_.back();
  free_.pop_back();
  return {buffers_[acquired_].get(), buffer_bytes_};
}

Status BufferWorker::submit(size_t n) {
  std::optional<Error> failed;
  {
    std::lock_guard lock(mutex_);
    if (n == 0 || error_)
      free_.push_back(acquired_);
    else
      queued_.emplace_back(acquired_, n);
    acquired_ = buffers_.size();
    failed = error_;
  }
  changed_.notify_all();
  if (failed) return *failed;
  return {};
}

Status BufferWorker::drain() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queued_.empty() && !busy_; });
  if (error_) return *error_;
  return {};
}

void BufferWorker::clear_error() {
  std::lock_guard lock(mutex_);
  error_.reset();
}

void BufferWorker::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stop_ || !queued_.empty(); });
    if (stop_) return;
    auto [index, n] = queued_.front();
    queued_.pop_front();
    busy_ = true;
    lock.unlock();
    Status status = consume_({buffers_[index].get(), n});
    lock.lock();
    if (!status.ok() && !error_) error_ = status.error();
    busy_ = false;
    free_.push_back(index);
    changed_.notify_all();
  }
}

}  // namespace modelseal
