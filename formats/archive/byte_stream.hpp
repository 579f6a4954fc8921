// The tar bytes of an archive, read front to back: straight from the file, or
// decompressed from zstd frames.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "formats/archive/archive_audit.hpp"

namespace modelseal::formats::archive_detail {

// Why a stream stopped early: an archive.* id and an offset in the file.
struct StreamFailure {
  std::string id;
  uint64_t file_offset;
  std::string message;
};

class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Fills `out` as far as the input goes; a short count means the input ended,
  // or failed when failure() is set.
  virtual size_t read(std::span<uint8_t> out) = 0;
  virtual uint64_t file_bytes_read() const = 0;
  const std::optional<StreamFailure>& failure() const { return failure_; }

 protected:
  std::optional<StreamFailure> failure_;
};

std::unique_ptr<ByteStream> make_plain_stream(const ByteSource& src);
std::unique_ptr<ByteStream> make_zstd_stream(const ByteSource& src,
                                             const ArchiveAuditLimits& limits);

inline constexpr uint32_t kZstdMagic = 0xFD2FB528;

}  // namespace modelseal::formats::archive_detail
