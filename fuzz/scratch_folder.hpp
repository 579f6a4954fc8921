// A private temporary folder for fuzz targets whose parser reads files (a
// policy and the keys it names), removed when the process exits.
#pragma once

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace fuzz_support {

// The folder, made on first use with `prefix` in its name.
inline const std::filesystem::path& scratch_folder(std::string_view prefix) {
  static std::filesystem::path folder;
  if (folder.empty()) {
    std::string pattern =
        (std::filesystem::temp_directory_path() / (std::string(prefix) + "-XXXXXX")).string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    folder = pattern;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(folder, ec);
    });
  }
  return folder;
}

// Replaces `file` with `bytes`; aborts if it cannot (the fuzzer would test nothing).
inline void write_file(const std::filesystem::path& file, const void* bytes, size_t size) {
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out.write(static_cast<const char*>(bytes), static_cast<std::streamsize>(size));
  if (!out) std::abort();
}

}  // namespace fuzz_support
