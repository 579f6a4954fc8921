#include "tree/hash_pipeline.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "base/file_io.hpp"

namespace modelseal::tree {

HashPipeline::HashPipeline(unsigned threads, ProgressMeter* meter) : meter_(meter) {
  if (threads == 0) threads = std::max(1u, std::thread::hardware_concurrency());
  const size_t buffers = std::clamp<size_t>(24 * size_t{threads}, 4, 48);
  for (size_t i = 0; i < buffers; ++i) {
    buffers_.push_back(std::make_unique_for_overwrite<uint8_t[]>(kChunkBytes));
    free_.push_back(i);
  }
  for (unsigned i = 0; i < threads; ++i) workers_.emplace_back([this] { run(); });
}

HashPipeline::~HashPipeline() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  changed_.notify_all();
  for (std::thread& worker : workers_) worker.join();
}

Status HashPipeline::begin_stream() {
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  std::lock_guard lock(mutex_);
  streaming_ = &jobs_.emplace_back(std::move(hasher));
  return {};
}

std::span<uint8_t> HashPipeline::acquire() {
  std::unique_lock lock(mutex_);
  changed_.wait(lock, [this] { return !free_.empty(); });
  acquired_ = free_.back();
  free_.pop_back();
  return {buffers_[acquired_].get(), kChunkBytes};
}

void HashPipeline::submit(size_t n) {
  {
    std::lock_guard lock(mutex_);
    if (n == 0 || !streaming_)
      free_.push_back(acquired_);
    else
      streaming_->chunks.emplace_back(acquired_, n);
  }
  changed_.notify_all();
}

void HashPipeline::end_stream() {
  {
    std::lock_guard lock(mutex_);
    if (streaming_) streaming_->closed = true;
    streaming_ = nullptr;
  }
  changed_.notify_all();
}

Status HashPipeline::add_range(int fd, uint64_t offset, uint64_t size, std::string name) {
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  {
    std::lock_guard lock(mutex_);
    Job& job = jobs_.emplace_back(std::move(hasher));
    job.fd = fd;
    job.offset = offset;
    job.size = size;
    job.name = std::move(name);
    job.closed = true;
  }
  changed_.notify_all();
  return {};
}

Result<Sha256Digest> HashPipeline::result(size_t index, const std::function<void()>& tick) {
  std::unique_lock lock(mutex_);
  if (index >= jobs_.size())
    return make_error(ErrorCode::kInternal, "HashPipeline: no job " + std::to_string(index));
  Job& job = jobs_[index];
  while (!job.done) {
    changed_.wait_for(lock, std::chrono::milliseconds(100), [&] { return job.done; });
    if (!job.done && tick) {
      lock.unlock();
      tick();
      lock.lock();
    }
  }
  if (job.error) return *job.error;
  return *job.digest;
}

// The lowest-numbered job with work that no thread holds.
HashPipeline::Job* HashPipeline::runnable() {
  for (size_t i = first_open_; i < jobs_.size(); ++i) {
    Job& job = jobs_[i];
    if (!job.claimed && !job.done && (job.fd >= 0 || !job.chunks.empty() || job.closed))
      return &job;
  }
  return nullptr;
}

void HashPipeline::run() {
  std::vector<uint8_t> own;  // for range jobs, allocated on the first one
  std::unique_lock lock(mutex_);
  for (;;) {
    Job* job = nullptr;
    changed_.wait(lock, [&] { return stop_ || (job = runnable()) != nullptr; });
    if (stop_) return;
    job->claimed = true;
    if (job->fd >= 0) {
      lock.unlock();
      if (own.empty()) own.resize(kChunkBytes);
      Status hashed = hash_range(*job, own);
      lock.lock();
      if (!hashed.ok()) job->error = hashed.error();
    } else {
      hash_chunks(*job, lock);
    }
    if (job->closed && job->chunks.empty()) finish(*job);
    job->claimed = false;
    changed_.notify_all();
  }
}

// Hashes the chunks queued for `job`, giving each back to the pool; called and returns locked.
void HashPipeline::hash_chunks(Job& job, std::unique_lock<std::mutex>& lock) {
  while (!job.chunks.empty()) {
    const auto [index, n] = job.chunks.front();
    job.chunks.pop_front();
    const bool failed = job.error.has_value();
    lock.unlock();
    Status hashed = failed ? Status{} : job.hasher->update({buffers_[index].get(), n});
    lock.lock();
    if (!hashed.ok() && !job.error) job.error = hashed.error();
    free_.push_back(index);
    changed_.notify_all();
  }
}

Status HashPipeline::hash_range(Job& job, std::span<uint8_t> buffer) {
  uint64_t done = 0;
  while (done < job.size) {
    if (stop_) return make_error(ErrorCode::kInternal, job.name + ": hashing stopped");
    const auto want = static_cast<size_t>(std::min<uint64_t>(buffer.size(), job.size - done));
    const ssize_t n = ::pread(job.fd, buffer.data(), want, static_cast<off_t>(job.offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      return fs::errno_error(job.name, "read", errno);
    }
    if (n == 0)
      return make_error(ErrorCode::kCorrupt,
                        job.name + ": the archive ends inside an entry's data (it changed while "
                                   "being read)");
    MS_TRY(job.hasher->update(buffer.first(static_cast<size_t>(n))));
    if (meter_) meter_->add(static_cast<uint64_t>(n));
    done += static_cast<uint64_t>(n);
  }
  return {};
}

// Called locked, once no more bytes will come.
void HashPipeline::finish(Job& job) {
  if (!job.error) {
    auto digest = job.hasher->finish();
    if (digest.ok())
      job.digest = *digest;
    else
      job.error = digest.error();
  }
  job.hasher.reset();
  job.done = true;
  while (first_open_ < jobs_.size() && jobs_[first_open_].done) ++first_open_;
}

}  // namespace modelseal::tree
