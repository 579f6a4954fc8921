// The keystore's lock: every command that changes a keystore holds an
// exclusive flock() on DIR/lock while it reads the state, changes it and
// appends to the log, so no change is ever made to a state another command
// has replaced meanwhile. The lock is released when the holder closes it or
// dies (kill -9 included), so a crash never leaves a keystore locked.
#pragma once

#include <chrono>
#include <filesystem>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

std::filesystem::path lock_path(const std::filesystem::path& dir);

class KeystoreLock {
 public:
  // Opens (creating it 0600 if absent) DIR/lock, a regular file owned by this
  // user and nothing else: a link, FIFO, device or folder is refused, never
  // opened. Waits up to `wait` for the lock (polling, so a holder that never
  // lets go cannot hang the caller), then fails with kBusy.
  static Result<KeystoreLock> acquire(const std::filesystem::path& dir,
                                      std::chrono::milliseconds wait);

  KeystoreLock(KeystoreLock&&) noexcept = default;
  KeystoreLock& operator=(KeystoreLock&&) noexcept = default;
  KeystoreLock(const KeystoreLock&) = delete;
  KeystoreLock& operator=(const KeystoreLock&) = delete;
  ~KeystoreLock() = default;  // closing the descriptor releases the lock

 private:
  explicit KeystoreLock(fs::UniqueFd fd) : fd_(std::move(fd)) {}
  fs::UniqueFd fd_;
};

}  // namespace modelseal::keys
