// Weight-file scanners (issue 4 groundwork): each identifies its format by
// content and validates a hostile file with bounded memory, never allocating
// by an untrusted size before checking it, and reports findings instead of
// failing on the first problem when it can go on safely.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::formats {

enum class Severity { kInfo, kWarning, kError };
std::string_view severity_name(Severity s);

// One thing a scanner found. `id` is stable and documented in
// docs/findings.md (e.g. "safetensors.header_too_large", "pickle.unsafe_global").
struct Finding {
  std::string id;
  Severity severity = Severity::kError;
  std::string file;      // as given to the scanner
  uint64_t offset = 0;   // byte offset in the file where the problem is
  std::string message;   // what is wrong, naming the offending value
  std::string hint;      // what to do about it
};

struct ScanReport {
  std::string format;              // "safetensors", "gguf", "pickle", "joblib", "pytorch-zip", "torchscript", "npy", ...
  std::vector<Finding> findings;
  bool rejected() const;           // any kError finding
};

// Random access to the bytes being scanned, so large weight files are never
// loaded whole. read_at returns fewer bytes only at the end of the source.
class ByteSource {
 public:
  virtual ~ByteSource() = default;
  virtual uint64_t size() const = 0;
  virtual Result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const = 0;
  // Exactly n bytes at offset (n already checked against a limit and the size);
  // an ErrorCode::kCorrupt "short read" when fewer come.
  Result<std::string> read_exact(uint64_t offset, uint64_t n) const;
};

class MemorySource : public ByteSource {
 public:
  explicit MemorySource(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  uint64_t size() const override { return bytes_.size(); }
  Result<size_t> read_at(uint64_t offset, std::span<uint8_t> out) const override;

 private:
  std::span<const uint8_t> bytes_;
};

// pread() on a file opened read-only; the size is fixed at open. Takes `fd`
// (closing it in every case); the library opens files with fs::open_for_reading,
// which refuses anything but a regular file without blocking.
Result<std::unique_ptr<ByteSource>> file_source(int fd, const std::string& path);
// Opens `path` itself (tests, fuzzers): a FIFO or device is refused at once too.
Result<std::unique_ptr<ByteSource>> open_file_source(const std::string& path);

}  // namespace modelseal::formats
