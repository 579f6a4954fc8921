#include "fs/file_io.hpp"

#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

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

Result<UniqueFd> open_for_reading(const std::filesystem::path& path) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) return errno_error(path, "open", errno);
  return UniqueFd(fd);
}

Result<size_t> read_some(int fd, std::span<uint8_t> buffer, const std::filesystem::path& name) {
  for (;;) {
    ssize_t n = ::read(fd, buffer.data(), buffer.size());
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return errno_error(name, "read", errno);
  }
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

Result<std::string> read_small_file(const std::filesystem::path& path, uint64_t max_bytes) {
  MS_ASSIGN_OR_RETURN(UniqueFd fd, open_for_reading(path));
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

AtomicFile::AtomicFile(UniqueFd fd, std::filesystem::path temp, std::filesystem::path target,
                       bool overwrite)
    : fd_(std::move(fd)), temp_(std::move(temp)), target_(std::move(target)), overwrite_(overwrite) {}

AtomicFile::AtomicFile(AtomicFile&& o) noexcept
    : fd_(std::move(o.fd_)),
      temp_(std::move(o.temp_)),
      target_(std::move(o.target_)),
      overwrite_(o.overwrite_),
      committed_(o.committed_) {
  o.committed_ = true;  // the moved-from object owns no temporary file
}

AtomicFile::~AtomicFile() {
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

Result<AtomicFile> AtomicFile::create(const std::filesystem::path& target, bool overwrite,
                                      unsigned mode) {
  struct stat st;
  if (!overwrite && ::lstat(target.c_str(), &st) == 0)
    return make_error(ErrorCode::kAlreadyExists,
                      target.string() + ": already exists (use --force to replace it)");
  std::filesystem::path dir = target.parent_path();
  std::string pattern =
      (dir / ("." + target.filename().string() + ".tmp-XXXXXX")).string();
  int fd = ::mkostemp(pattern.data(), O_CLOEXEC);
  if (fd < 0) return errno_error(target, "create a temporary file for", errno);
  UniqueFd guard(fd);
  if (::fchmod(fd, static_cast<mode_t>(mode)) != 0) {
    int err = errno;
    ::unlink(pattern.c_str());
    return errno_error(pattern, "chmod", err);
  }
  return AtomicFile(std::move(guard), pattern, target, overwrite);
}

Status AtomicFile::commit() {
  if (::fsync(fd_.get()) != 0) return errno_error(temp_, "fsync", errno);
  fd_ = UniqueFd();
  if (overwrite_) {
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
  return fsync_directory(target_.parent_path());
}

Status write_file_atomically(const std::filesystem::path& target, std::span<const uint8_t> data,
                             bool overwrite, unsigned mode) {
  MS_ASSIGN_OR_RETURN(AtomicFile file, AtomicFile::create(target, overwrite, mode));
  MS_TRY(file.write(data));
  return file.commit();
}

}  // namespace modelseal::fs
