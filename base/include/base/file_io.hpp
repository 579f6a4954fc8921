// File descriptors, reads of regular files only, and atomic writes. Every write of a user-visible file goes
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

// Whether the last component of an input path may be a symbolic link. A path
// the user names (the bundle, --key FILE, --signature FILE) may: the link is
// followed. A file the tool finds itself (inside a model folder or keystore,
// model.sig, BUNDLE.sig beside a bundle) may not.
enum class Links { kFollow, kRefuse };

// Opens a regular file for reading, and only that: a FIFO, device, socket or
// folder (and with Links::kRefuse a symbolic link) is refused at once with an
// error naming the path, without blocking and without opening a device. A
// path the user named gets kInvalidArgument, a file the tool found
// kUnsupported (its content is rejected, as for a FIFO inside a model).
Result<UniqueFd> open_for_reading(const std::filesystem::path& path, Links links = Links::kFollow);

// A file's device and inode: which file a path named when it was looked at.
struct FileIdentity {
  uint64_t device = 0;
  uint64_t inode = 0;
  bool operator==(const FileIdentity&) const = default;
};

// open_for_reading(path, Links::kRefuse), then the open file must be `expected`
// (a link's target, resolved and checked earlier): a folder on the way swapped
// for a link meanwhile is refused (kTampered) instead of read.
Result<UniqueFd> open_identified(const std::filesystem::path& path, const FileIdentity& expected);

// Reads up to `buffer.size()` bytes, retrying on EINTR; 0 means end of file.
Result<size_t> read_some(int fd, std::span<uint8_t> buffer, const std::filesystem::path& name);
// Reads until `buffer` is full or the file ends; returns the bytes read.
Result<size_t> read_full(int fd, std::span<uint8_t> buffer, const std::filesystem::path& name);
Status write_all(int fd, std::span<const uint8_t> data, const std::filesystem::path& name);
// The same at `offset` (pwrite), leaving the file position where it was.
Status write_all_at(int fd, std::span<const uint8_t> data, uint64_t offset,
                    const std::filesystem::path& name);

// Reads a whole (small) file, refusing files larger than `max_bytes`.
Result<std::string> read_small_file(const std::filesystem::path& path, uint64_t max_bytes,
                                    Links links = Links::kFollow);

Status fsync_directory(const std::filesystem::path& dir);

// Whether an output may be written at `target`: nothing there, or (with
// `overwrite`, i.e. --force) a regular file. A link, device, FIFO or folder is
// never replaced.
Status check_output_path(const std::filesystem::path& target, bool overwrite);

// The temporary is ".NAME.tmp-PID-XXXXXX", mode 0600 until it is committed
// (then `mode`), locked while in use; creating one first removes the stale
// temporaries of the same target that killed commands left behind.
class AtomicFile {
 public:
  // Creates a temporary file beside `target`. Fails with kAlreadyExists when
  // `target` exists and `overwrite` is false, and whenever it exists and is
  // not a regular file (a link, device, FIFO or folder is never replaced).
  static Result<AtomicFile> create(const std::filesystem::path& target, bool overwrite,
                                   unsigned mode = 0644);
  // Removes the temporaries of `target` that killed commands left (create()
  // does it too; a caller that walks the folder first calls it earlier).
  static void remove_stale(const std::filesystem::path& target);
  AtomicFile(AtomicFile&&) noexcept;
  AtomicFile& operator=(AtomicFile&&) = delete;
  ~AtomicFile();  // removes the temporary file unless committed

  int fd() const { return fd_.get(); }
  const std::filesystem::path& target() const { return target_; }
  Status write(std::span<const uint8_t> data) { return write_all(fd_.get(), data, target_); }
  Status write_at(std::span<const uint8_t> data, uint64_t offset) {
    return write_all_at(fd_.get(), data, offset, target_);
  }
  // fsync, rename over the target (refusing to replace one that appeared
  // meanwhile unless overwriting), fsync the folder.
  Status commit();

 private:
  AtomicFile(UniqueFd fd, std::filesystem::path temp, std::filesystem::path target, bool overwrite,
             unsigned mode);
  UniqueFd fd_;
  std::filesystem::path temp_;
  std::filesystem::path target_;
  bool overwrite_ = false;
  unsigned mode_ = 0644;
  bool committed_ = false;
};

Status write_file_atomically(const std::filesystem::path& target, std::span<const uint8_t> data,
                             bool overwrite, unsigned mode = 0644);

}  // namespace modelseal::fs
