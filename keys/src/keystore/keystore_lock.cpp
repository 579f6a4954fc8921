#include "keystore/keystore_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <thread>

namespace modelseal::keys {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

constexpr milliseconds kLongestPause{50};

std::string duration_text(milliseconds wait) {
  if (wait.count() % 1000 == 0) return std::to_string(wait.count() / 1000) + " s";
  return std::to_string(wait.count()) + " ms";
}

Error not_a_lock_file(const std::filesystem::path& path, std::string_view what) {
  return make_error(ErrorCode::kInvalidArgument,
                    path.string() + ": " + std::string(what) +
                        ", not the keystore's lock file (a regular file, yours, mode 0600); "
                        "refusing to use it");
}

// Looked at before opening, so a device or FIFO planted there is never opened;
// checked again on the descriptor, for a swap in between.
Result<fs::UniqueFd> open_lock_file(const std::filesystem::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode))
    return not_a_lock_file(path, S_ISLNK(st.st_mode) ? "is a symbolic link" : "is not a regular file");
  fs::UniqueFd fd(::open(path.c_str(),
                         O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC, 0600));
  if (!fd.valid()) {
    if (errno == ELOOP) return not_a_lock_file(path, "is a symbolic link");
    return fs::errno_error(path, "open the keystore's lock file", errno);
  }
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(path, "stat", errno);
  if (!S_ISREG(st.st_mode)) return not_a_lock_file(path, "is not a regular file");
  if (st.st_nlink != 1) return not_a_lock_file(path, "has other hard links");
  if (st.st_uid != ::geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return not_a_lock_file(path, "belongs to another user or others can write it");
  return fd;
}

// A failed init removes the folder, lock file included: a lock taken on a
// file no longer at DIR/lock locks nothing.
bool still_the_lock_file(int fd, const std::filesystem::path& path) {
  struct stat held {}, named {};
  return ::fstat(fd, &held) == 0 && ::lstat(path.c_str(), &named) == 0 &&
         held.st_dev == named.st_dev && held.st_ino == named.st_ino;
}

}  // namespace

std::filesystem::path lock_path(const std::filesystem::path& dir) { return dir / "lock"; }

Result<KeystoreLock> KeystoreLock::acquire(const std::filesystem::path& dir, milliseconds wait) {
  const std::filesystem::path path = lock_path(dir);
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, open_lock_file(path));
  const auto deadline = steady_clock::now() + std::max(wait, milliseconds{0});
  milliseconds pause{1};
  for (;;) {
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) == 0) {
      if (still_the_lock_file(fd.get(), path)) return KeystoreLock(std::move(fd));
      MS_ASSIGN_OR_RETURN(fd, open_lock_file(path));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EWOULDBLOCK) return fs::errno_error(path, "lock", errno);
    const auto now = steady_clock::now();
    if (now >= deadline) break;
    std::this_thread::sleep_for(
        std::min<steady_clock::duration>(pause, deadline - now));
    pause = std::min(pause * 2, kLongestPause);
  }
  return make_error(ErrorCode::kBusy,
                    dir.string() + ": the keystore is busy: another command held its lock (" +
                        path.string() + ") for the " + duration_text(wait) +
                        " this one waited; run it again when that command is done");
}

}  // namespace modelseal::keys
