// SHA-256 of the files of one archive on several threads while the reader runs ahead.
// Each file is a job, numbered in the order it is added; SHA-256 is sequential, so a job is
// hashed by one thread at a time, and different jobs at once (the lowest-numbered first).
// A job's bytes come either
//   - from the reader: chunks of a fixed pool (`buffers()` x kChunkBytes), which it fills and
//     submits; it waits while every chunk is queued, so memory stays flat whatever the sizes.
//     A file is hashed by one thread and the stream gives one file after another, so a second
//     thread can only start on the next file once the reader has queued all of this one: the
//     pool (24 MiB per core, at most 48) lets files smaller than it, and the ends of larger
//     ones, be hashed at once;
//   - or straight from the archive file (an uncompressed tar): the hashing thread pread()s the
//     job's range into its own kChunkBytes buffer, while the reader moves on to the next entry.
// In flight at most: (buffers() + threads()) x kChunkBytes.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "modelseal/digest.hpp"
#include "modelseal/result.hpp"
#include "tree/progress_meter.hpp"

namespace modelseal::tree {

class HashPipeline {
 public:
  static constexpr size_t kChunkBytes = 1 << 20;

  // `threads` 0: one per core. `meter` (may be null) counts the bytes hashed from ranges.
  HashPipeline(unsigned threads, ProgressMeter* meter);
  ~HashPipeline();
  HashPipeline(const HashPipeline&) = delete;
  HashPipeline& operator=(const HashPipeline&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()); }
  size_t buffers() const { return buffers_.size(); }

  // A job fed by the reader: begin_stream(), then acquire() and submit() for each chunk (a
  // submit(0) gives the chunk back unused), then end_stream().
  Status begin_stream();
  std::span<uint8_t> acquire();
  void submit(size_t n);
  void end_stream();

  // A job that reads `size` bytes at `offset` of `fd` (open until the results are taken);
  // `name` names the file in an error.
  Status add_range(int fd, uint64_t offset, uint64_t size, std::string name);

  // Waits for job `index` (in the order added) and returns its digest, or the error that
  // stopped it; calls `tick` about ten times a second while waiting.
  Result<Sha256Digest> result(size_t index, const std::function<void()>& tick = {});

 private:
  struct Job {
    explicit Job(Sha256 h) : hasher(std::move(h)) {}
    std::optional<Sha256> hasher;  // released once finished
    std::deque<std::pair<size_t, size_t>> chunks;  // buffer index, byte count
    bool closed = false;                           // no more chunks will come
    bool claimed = false;                          // a thread is hashing it
    bool done = false;
    // A range job: read from the file by the hashing thread.
    int fd = -1;
    uint64_t offset = 0, size = 0;
    std::string name;
    std::optional<Sha256Digest> digest;
    std::optional<Error> error;
  };

  Job* runnable();
  void run();
  void hash_chunks(Job& job, std::unique_lock<std::mutex>& lock);
  Status hash_range(Job& job, std::span<uint8_t> buffer);
  void finish(Job& job);

  ProgressMeter* meter_;
  std::vector<std::unique_ptr<uint8_t[]>> buffers_;  // not zeroed: small files touch few pages
  std::mutex mutex_;
  std::condition_variable changed_;
  std::vector<size_t> free_;
  std::deque<Job> jobs_;  // push_back keeps references valid
  size_t first_open_ = 0;  // every job before it is done
  Job* streaming_ = nullptr;
  size_t acquired_ = 0;
  std::atomic<bool> stop_{false};
  std::vector<std::thread> workers_;
};

}  // namespace modelseal::tree
