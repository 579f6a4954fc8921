// Helpers shared by the unit tests: temporary folders and file bytes.
#pragma once

#include <unistd.h>

#include <doctest/doctest.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <span>
#include <string>
#include <string_view>

namespace test_support {

class TempDir {
 public:
  TempDir() {
    std::random_device rd;
    path_ = base() / ("modelseal-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  // tmpfs when there is one: the byte-flip tests write thousands of files.
  static std::filesystem::path base() {
    std::error_code ec;
    if (std::filesystem::is_directory("/dev/shm", ec) && ::access("/dev/shm", W_OK) == 0)
      return "/dev/shm";
    return std::filesystem::temp_directory_path();
  }
  std::filesystem::path path_;
};

inline std::string read_bytes(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_bytes(const std::filesystem::path& p, const std::string& data) {
  std::filesystem::create_directories(p.parent_path());
  std::ofstream(p, std::ios::binary | std::ios::trunc) << data;
}

inline std::filesystem::path example_model() {
  return std::filesystem::path(MODELSEAL_SOURCE_DIR) / "examples" / "tiny-sentiment";
}

// A valid safetensors file: one F32 tensor "w" of two zeros.
inline std::string small_safetensors() {
  const std::string header = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  std::string out(8, '\0');
  const uint64_t n = header.size();
  std::memcpy(out.data(), &n, 8);
  return out + header + std::string(8, '\0');
}

inline std::span<const uint8_t> bytes_of(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// `text` with the first `from` replaced by `to`; `from` must occur.
inline std::string replaced_first(std::string text, std::string_view from, std::string_view to) {
  const size_t at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not found: ", std::string(from));
  return text.replace(at, from.size(), to);
}

// Changes a file in place (same inode), as a writer racing a reader would: the byte at
// `flip_at` XORed with `mask` (same size), one byte appended, or the last byte cut.
enum class FileChange { kFlipByte, kAppendByte, kCutByte };
inline void change_in_place(const std::filesystem::path& file, FileChange change,
                            std::uintmax_t flip_at, char mask = 0x01) {
  switch (change) {
    case FileChange::kFlipByte: {
      std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
      f.seekg(static_cast<std::streamoff>(flip_at));
      char c = 0;
      f.get(c);
      f.seekp(static_cast<std::streamoff>(flip_at));
      f.put(static_cast<char>(c ^ mask));
      break;
    }
    case FileChange::kAppendByte:
      std::ofstream(file, std::ios::app | std::ios::binary) << 'x';
      break;
    case FileChange::kCutByte:
      std::filesystem::resize_file(file, std::filesystem::file_size(file) - 1);
      break;
  }
}

}  // namespace test_support
