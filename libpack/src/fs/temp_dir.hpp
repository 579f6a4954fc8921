// A private (0700) temporary folder that is removed with everything in it
// when the object goes away, unless release() was called.
#pragma once

#include <filesystem>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal::fs {

class TempDir {
 public:
  // Creates "<parent>/<prefix>XXXXXX".
  static Result<TempDir> create(const std::filesystem::path& parent, std::string_view prefix);
  TempDir(TempDir&& other) noexcept : path_(std::move(other.path_)) { other.path_.clear(); }
  TempDir& operator=(TempDir&&) = delete;
  TempDir(const TempDir&) = delete;
  ~TempDir();

  const std::filesystem::path& path() const { return path_; }
  // Keeps the folder: the caller has moved it into place.
  void release() { path_.clear(); }

 private:
  explicit TempDir(std::filesystem::path path) : path_(std::move(path)) {}
  std::filesystem::path path_;
};

}  // namespace modelseal::fs
