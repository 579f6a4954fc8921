// File descriptors and atomic writes. Every write of a user-visible file goes
// through AtomicFile: temp file in the target folder, fsync, rename, fsync the
// folder, so a crash leaves either the old state or the new one.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "modelseal/result.hpp"

namespace modelseal::fs {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& o) noexcept : fd_(o.release()) {}
  UniqueFd& operator=(UniqueFd&& o) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd();

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

// An error naming the path and errno's text.
Error errno_error(const std::filesystem::path& path, std::string_view action, int err);

Result<UniqueFd> open_for_reading(const std::filesystem::path& path);

// Reads up to `buffer.size()` bytes, retrying on EINTR; 0 means end of file.
Result<size_t> read_some(int fd, std::span<uint8_t> buffer, const std::filesystem::path& name);
Status write_all(int fd, std::span<const uint8_t> data, const std::filesystem::path& name);

// Reads a whole (small) file, refusing files larger than `max_bytes`.
Result<std::string> read_small_file(const std::filesystem::path& path, uint64_t max_bytes);

Status fsync_directory(const std::filesystem::path& dir);

class AtomicFile {
 public:
  // Creates a temporary file beside `target`. Fails with kAlreadyExists when
  // `target` exists and `overwrite` is false.
  static Result<AtomicFile> create(const std::filesystem::path& target, bool overwrite,
                                   unsigned mode = 0644);
  AtomicFile(AtomicFile&&) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

  int fd() const { return fd_.get(); }
  const std::filesystem::path& target() const { return target_; }
  Status write(std::span<const uint8_t> data) { return write_all(fd_.get(), data, target_); }
  // fsync, rename over the target (refusing to replace one that appeared
  // meanwhile unless overwriting), fsync the folder.
  Status commit();

 private:
  AtomicFile(UniqueFd fd, std::filesystem::path temp, std::filesystem::path target, bool overwrite);
  UniqueFd fd_;
  std::filesystem::path temp_;
  std::filesystem::path target_;
  bool overwrite_ = false;
  bool committed_ = false;
};

Status write_file_atomically(const std::filesystem::path& target, std::span<const uint8_t> data,
                             bool overwrite, unsigned mode = 0644);

}  // namespace modelseal::fs
