// `-` where a command reads a file: standard input copied to a private temporary file (0600 in a
// 0700 folder under $TMPDIR), so every reader sees a regular file as it does for a named one.
// The copy streams (memory stays flat) and is removed when the StdinFile is destroyed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>

#include "modelseal/result.hpp"

namespace modelseal {

inline constexpr uint64_t kMaxStdinBytes = uint64_t{1} << 40;  // 1 TiB

class StdinFile {
 public:
  // kInvalidArgument when stdin is a terminal (nothing was piped in); kLimitExceeded past
  // `max_bytes`; kIo when the temporary cannot be written (a full disk).
  static Result<StdinFile> copy(uint64_t max_bytes = kMaxStdinBytes);

  StdinFile(StdinFile&& other) noexcept;
  StdinFile& operator=(StdinFile&&) = delete;
  ~StdinFile();

  const std::filesystem::path& path() const { return file_; }

 private:
  StdinFile(std::filesystem::path folder, std::filesystem::path file);
  std::filesystem::path folder_;
  std::filesystem::path file_;
};

}  // namespace modelseal
