// A private (0700) temporary folder "<parent>/<prefix>PID-XXXXXX" that is
// removed with everything in it when the object goes away, unless release()
// was called. It is locked while in use, and creating one first removes the
// folders with the same prefix that killed commands left behind
// (fs/stale_temporaries.hpp).
#pragma once

#include <filesystem>
#include <string_view>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::fs {

class TempDir {
 public:
  static Result<TempDir> create(const std::filesystem::path& parent, std::string_view prefix);
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)), lock_(std::move(other.lock_)) {
    other.path_.clear();
  }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  // Keeps the folder: the caller has moved it into place.
  void release() {
    path_.clear();
    lock_ = UniqueFd();
  }

 private:
  TempDir(std::filesystem::path path, UniqueFd lock) : path_(std::move(path)), lock_(std::move(lock)) {}
  std::filesystem::path path_;
  UniqueFd lock_;  // open on the folder, holding its in-use lock
};

}  // namespace modelseal::fs
