#include "tree/async_hasher.hpp"

namespace modelseal::tree {

AsyncHasher::AsyncHasher() {
  for (size_t i = 0; i < kBuffers; ++i) {
    buffers_[i] = std::make_unique_for_overwrite<uint8_t[]>(kBufferBytes);
    free_.push_back(i);
  }
  worker_ = std::thread([this] { run(); });
}

AsyncHasher::~AsyncHasher() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  worker_.join();
}

Status AsyncHasher::begin() {
  MS_ASSIGN_OR_RETURN(Sha256 fresh, Sha256::create());
  std::lock_guard lock(mutex_);
  hasher_.emplace(std::move(fresh));
  error_.reset();
  return {};
}

std::span<uint8_t> AsyncHasher::acquire() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !free_.empty(); });
  acquired_ = free_.back();
  free_.pop_back();
  return {buffers_[acquired_].get(), kBufferBytes};
}

void AsyncHasher::submit(size_t n) {
  {
    std::lock_guard lock(mutex_);
    if (n == 0)
      free_.push_back(acquired_);
    else
      queued_.emplace_back(acquired_, n);
    acquired_ = kBuffers;
  }
  changed_.notify_all();
}

Result<Sha256Digest> AsyncHasher::finish() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return queued_.empty() && !busy_; });
  if (error_) return *error_;
  if (!hasher_) return make_error(ErrorCode::kInternal, "AsyncHasher: finish() without begin()");
  auto digest = hasher_->finish();
  hasher_.reset();
  return digest;
}

void AsyncHasher::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    changed_.wait(lock, [this] { return stop_ || !queued_.empty(); });
    if (stop_) return;
    auto [index, n] = queued_.front();
    queued_.pop_front();
    busy_ = true;
    lock.unlock();
    Status status = hasher_ ? hasher_->update({buffers_[index].get(), n})
                            : Status(make_error(ErrorCode::kInternal, "AsyncHasher: no digest begun"));
    lock.lock();
    if (!status.ok() && !error_) error_ = status.error();
    busy_ = false;
    free_.push_back(index);
    changed_.notify_all();
  }
}

}  // namespace modelseal::tree
