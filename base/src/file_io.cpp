#include "base/file_io.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "base/stale_temporaries.hpp"

namespace modelseal::fs {

UniqueFd& UniqueFd::operator=(UniqueFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.release();
  }
  return *this;
}

UniqueFd::~UniqueFd() {
  if (fd_ >= 0) ::close(fd_);
}

Error errno_error(const std::filesystem::path& path, std::string_view action, int err) {
  ErrorCode code = ErrorCode::kIo;
  if (err == ENOENT) code = ErrorCode::kNotFound;
  if (err == EEXIST) code = ErrorCode::kAlreadyExists;
  return make_error(code, path.string() + ": cannot " + std::string(action) + ": " +
                              std::strerror(err));
}

namespace {

std::string_view kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "an unknown kind of file";
}

Error not_regular(const std::filesystem::path& path, mode_t mode, Links links) {
  std::string what(kind_of(mode));
  std::string detail =
      path.string() + ": is " + what + ", not a regular file (only regular files are read";
  detail += links == Links::kRefuse ? ", and links are not followed here)" : ")";
  return make_error(links == Links::kRefuse ? ErrorCode::kUnsupported : ErrorCode::kInvalidArgument,
                    std::move(detail));
}

}  // namespace

Result<UniqueFd> open_for_reading(const std::filesystem::path& path, Links links) {
  // Looked at before opening, so no device is ever opened (opening one can
  // have effects); checked again on the descriptor, for a swap in between.
  struct stat st;
  int looked = links == Links::kRefuse ? ::lstat(path.c_str(), &st) : ::stat(path.c_str(), &st);
  if (looked != 0) return errno_error(path, "open", errno);
  if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode, links);
  int flags = O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK;  // a FIFO never blocks the open
  if (links == Links::kRefuse) flags |= O_NOFOLLOW;
  UniqueFd fd(::open(path.c_str(), flags));
  if (!fd.valid()) {
    int err = errno;
    if (err == ELOOP && links == Links::kRefuse) return not_regular(path, S_IFLNK, links);
    return errno_error(path, "open", err);
  }
  if (::fstat(fd.get(), &st) != 0) return errno_error(path, "stat", errno);
  if (!S_ISREG(st.st_mode)) return not_regular(path, st.st_mode, links);
  int status = ::fcntl(fd.get(), F_GETFL);
  if (status < 0 || ::fcntl(fd.get(), F_SETFL, status & ~O_NONBLOCK) != 0)
    return errno_error(path, "open", errno);
  return fd;
}

Result<UniqueFd> open_identified(const std::filesystem::path& path, const FileIdentity& expected) {
  MS_ASSIGN_OR_RETURN(UniqueFd fd, open_for_reading(path, Links::kRefuse));
  struct stat st;
  if (::fstat(fd.get(), &st) != 0) return errno_error(path, "stat", errno);
  const FileIdentity opened{static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)};
  if (opened != expected)
    return make_error(ErrorCode::kTampered,
                      path.string() + ": is not the file its link resolved to a moment ago "
                                      "(the folder changed while it was read)");
  return fd;
}

Result<size_t> read_some(int fd, std::span<uint8_t> buffer, const std::filesystem::path& name) {
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return errno_error(name, "read", errno);
  }
}

Result<size_t> read_full(int fd, std::span<uint8_t> buffer, const std::filesystem::path& name) {
  size_t filled = 0;
  while (filled < buffer.size()) {
    MS_ASSIGN_OR_RETURN(size_t n, read_some(fd, buffer.subspan(filled), name));
    if (n == 0) break;
    filled += n;
  }
  return filled;
}

Status write_all(int fd, std::span<const uint8_t> data, const std::filesystem::path& name) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error(name, "write", errno);
    }
    data = data.subspan(static_cast<size_t>(n));
  }
  return {};
}

Status write_all_at(int fd, std::span<const uint8_t> data, uint64_t offset,
                    const std::filesystem::path& name) {
  while (!data.empty()) {
    ssize_t n = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error(name, "write", errno);
    }
    data = data.subspan(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
  return {};
}

Result<std::string> read_small_file(const std::filesystem::path& path, uint64_t max_bytes,
                                    Links links) {
  MS_ASSIGN_OR_RETURN(UniqueFd fd, open_for_reading(path, links));
  std::string out;
  uint8_t buf[65536];
  for (;;) {
    MS_ASSIGN_OR_RETURN(size_t n, read_some(fd.get(), buf, path));
    if (n == 0) break;
    if (out.size() + n > max_bytes)
      return make_error(ErrorCode::kLimitExceeded,
                        path.string() + ": larger than the limit of " +
                            std::to_string(max_bytes) + " bytes");
    out.append(reinterpret_cast<const char*>(buf), n);
  }
  return out;
}

Status fsync_directory(const std::filesystem::path& dir) {
  int fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno_error(dir, "open folder", errno);
  UniqueFd guard(fd);
  if (::fsync(fd) != 0 && errno != EINVAL) return errno_error(dir, "fsync folder", errno);
  return {};
}

Status check_output_path(const std::filesystem::path& target, bool overwrite) {
  struct stat st;
  if (::lstat(target.c_str(), &st) != 0) {
    if (errno == ENOENT) return {};
    return errno_error(target, "look at", errno);
  }
  if (!S_ISREG(st.st_mode))
    return make_error(ErrorCode::kAlreadyExists,
                      target.string() + ": exists and is " + std::string(kind_of(st.st_mode)) +
                          ", not a regular file: never replaced, even with --force");
  if (!overwrite)
    return make_error(ErrorCode::kAlreadyExists,
                      target.string() + ": already exists (use --force to replace it)");
  return {};
}

AtomicFile::AtomicFile(UniqueFd fd, std::filesystem::path temp, std::filesystem::path target,
                       bool overwrite, unsigned mode)
    : fd_(std::move(fd)),
      temp_(std::move(temp)),
      target_(std::move(target)),
      overwrite_(overwrite),
      mode_(mode) {}

AtomicFile::AtomicFile(AtomicFile&& o) noexcept
    : fd_(std::move(o.fd_)),
      temp_(std::move(o.temp_)),
      target_(std::move(o.target_)),
      overwrite_(o.overwrite_),
      mode_(o.mode_),
      committed_(o.committed_) {
  o.committed_ = true;  // the moved-from object owns no temporary file
}

AtomicFile::~AtomicFile() {
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

namespace {
std::string temporary_file_prefix(const std::filesystem::path& target) {
  return "." + target.filename().string() + ".tmp-";
}
}  // namespace

void AtomicFile::remove_stale(const std::filesystem::path& target) {
  remove_stale_temporaries(target.parent_path(), temporary_file_prefix(target), TemporaryKind::kFile);
}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& target, bool overwrite,
                                      unsigned mode) {
  MS_TRY(check_output_path(target, overwrite));
  remove_stale(target);
  std::string pattern =
      (target.parent_path() / (temporary_prefix(temporary_file_prefix(target)) + "XXXXXX")).string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);  // mode 0600 until commit()
  if (fd < 0) return errno_error(target, "create a temporary file for", errno);
  mark_temporary_in_use(fd);
  return AtomicFile(UniqueFd(fd), pattern, target, overwrite, mode);
}

Status AtomicFile::commit() {
  if (::fchmod(fd_.get(), static_cast<mode_t>(mode_)) != 0) return errno_error(temp_, "chmod", errno);
  if (::fsync(fd_.get()) != 0) return errno_error(temp_, "fsync", errno);
  // The descriptor (and its lock) stays open until the rename is done.
  if (overwrite_) {
    MS_TRY(check_output_path(target_, /*overwrite=*/true));
    if (::rename(temp_.c_str(), target_.c_str()) != 0)
      return errno_error(target_, "rename into place", errno);
  } else if (::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, target_.c_str(), RENAME_NOREPLACE) !=
             0) {
    // File systems without RENAME_NOREPLACE: link() refuses an existing target too.
    if (errno == EINVAL && ::link(temp_.c_str(), target_.c_str()) == 0) {
      ::unlink(temp_.c_str());
    } else if (errno == EEXIST) {
      return make_error(ErrorCode::kAlreadyExists,
                        target_.string() + ": already exists (use --force to replace it)");
    } else {
      return errno_error(target_, "rename into place", errno);
    }
  }
  committed_ = true;
  fd_ = UniqueFd();
  return fsync_directory(target_.parent_path());
}

Status write_file_atomically(const std::filesystem::path& target, std::span<const uint8_t> data,
                             bool overwrite, unsigned mode) {
  MS_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::create(target, overwrite, mode));
  MS_TRY(file.write(data));
  return file.commit();
}

}  // namespace modelseal::fs
