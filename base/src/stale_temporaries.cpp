#include "base/stale_temporaries.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <climits>

#include "base/file_io.hpp"

namespace modelseal::fs {
namespace {

constexpr size_t kRandomChars = 6;  // mkstemp's and mkdtemp's XXXXXX
constexpr int kMaxRemoveDepth = 256;

bool is_random_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

// The pid in "<prefix><pid>-XXXXXX", or 0 when `name` is not such a name.
pid_t creator_of(std::string_view name, std::string_view prefix) {
  if (!name.starts_with(prefix)) return 0;
  std::string_view rest = name.substr(prefix.size());
  const size_t dash = rest.find('-');
  if (dash == 0 || dash == std::string_view::npos || rest.size() != dash + 1 + kRandomChars)
    return 0;
  for (char c : rest.substr(dash + 1))
    if (!is_random_char(c)) return 0;
  long pid = 0;
  auto [end, ec] = std::from_chars(rest.data(), rest.data() + dash, pid);
  if (ec != std::errc() || end != rest.data() + dash || pid <= 0 || pid > INT_MAX) return 0;
  return static_cast<pid_t>(pid);
}

bool process_is_gone(pid_t pid) { return ::kill(pid, 0) != 0 && errno == ESRCH; }

// Removes the folder `name` in `parent` and everything below it, through
// descriptors, never following a link.
void remove_tree_at(int parent, const char* name, int depth) {
  if (depth > kMaxRemoveDepth) return;
  int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  DIR* dir = ::fdopendir(fd);
  if (!dir) {
    ::close(fd);
    return;
  }
  while (const dirent* entry = ::readdir(dir)) {
    std::string_view child = entry->d_name;
    if (child == "." || child == "..") continue;
    struct stat st;
    if (::fstatat(fd, entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    if (S_ISDIR(st.st_mode))
      remove_tree_at(fd, entry->d_name, depth + 1);
    else
      ::unlinkat(fd, entry->d_name, 0);
  }
  ::closedir(dir);
  ::unlinkat(parent, name, AT_REMOVEDIR);
}

// Opens the candidate, checks it is still the entry examined and takes its
// lock; the returned descriptor holds the lock until it closes.
UniqueFd lock_abandoned(int dir_fd, const char* name, const struct stat& seen, TemporaryKind kind) {
  int flags = O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK | O_NOCTTY;
  if (kind == TemporaryKind::kFolder) flags |= O_DIRECTORY;
  UniqueFd fd(::openat(dir_fd, name, flags));
  if (!fd.valid()) return {};
  struct stat now;
  if (::fstat(fd.get(), &now) != 0 || now.st_dev != seen.st_dev || now.st_ino != seen.st_ino)
    return {};
  if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) return {};
  return fd;
}

}  // namespace

std::string temporary_prefix(std::string_view prefix) {
  return std::string(prefix) + std::to_string(::getpid()) + "-";
}

void mark_temporary_in_use(int fd) { (void)::flock(fd, LOCK_EX | LOCK_NB); }

void remove_stale_temporaries(const std::filesystem::path& dir, std::string_view prefix,
                              TemporaryKind kind) {
  UniqueFd dir_fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!dir_fd.valid()) return;
  int listing_fd = ::dup(dir_fd.get());
  if (listing_fd < 0) return;
  DIR* listing = ::fdopendir(listing_fd);
  if (!listing) {
    ::close(listing_fd);
    return;
  }
  const uid_t me = ::geteuid();
  while (const dirent* entry = ::readdir(listing)) {
    const pid_t pid = creator_of(entry->d_name, prefix);
    if (pid == 0 || pid == ::getpid() || !process_is_gone(pid)) continue;
    struct stat st;
    if (::fstatat(dir_fd.get(), entry->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
    const bool right_kind = kind == TemporaryKind::kFile ? S_ISREG(st.st_mode) : S_ISDIR(st.st_mode);
    if (!right_kind || st.st_uid != me) continue;
    UniqueFd locked = lock_abandoned(dir_fd.get(), entry->d_name, st, kind);
    if (!locked.valid()) continue;
    if (kind == TemporaryKind::kFile)
      ::unlinkat(dir_fd.get(), entry->d_name, 0);
    else
      remove_tree_at(dir_fd.get(), entry->d_name, 0);
  }
  ::closedir(listing);
}

}  // namespace modelseal::fs
