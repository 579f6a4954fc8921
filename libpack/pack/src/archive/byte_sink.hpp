// Where archive bytes go: a compressor, a plain file, or memory (tests).
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include "base/file_io.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/result.hpp"

namespace modelseal::archive {

class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual Status write(std::span<const uint8_t> data) = 0;
  virtual Status finish() = 0;
  virtual uint64_t bytes_out() const = 0;
};

// Compresses into `file` (zstd, always in multi-threaded mode so the output
// is identical for any worker count; content checksum on), or copies
// unchanged for CompressionKind::kNone.
Result<std::unique_ptr<ByteSink>> make_file_sink(fs::AtomicFile& file, const Compression& compression,
                                                 unsigned workers);

class MemorySink : public ByteSink {
 public:
  Status write(std::span<const uint8_t> data) override {
    bytes.append(reinterpret_cast<const char*>(data.data()), data.size());
    return {};
  }
  Status finish() override { return {}; }
  uint64_t bytes_out() const override { return bytes.size(); }
  std::string bytes;
};

}  // namespace modelseal::archive
