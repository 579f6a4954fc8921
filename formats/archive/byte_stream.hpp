// The tar bytes of an archive, read front to back: the file's bytes as they are,
// or decompressed from its one zstd frame.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "formats/archive/archive_audit.hpp"
#include "formats/archive/input_buffer.hpp"

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
  // Moves `n` bytes ahead without decoding them: true (a failure then sets failure()). False
  // when this stream cannot (nothing moved).
  virtual bool skip(uint64_t /*n*/) { return false; }
  virtual bool compressed() const = 0;
  const std::optional<StreamFailure>& failure() const { return failure_; }

 protected:
  // Records the input's own error as a read failure; true when there was one.
  bool input_failed(const InputBuffer& in);
  std::optional<StreamFailure> failure_;
};

std::unique_ptr<ByteStream> make_plain_stream(InputBuffer& in);
std::unique_ptr<ByteStream> make_zstd_stream(InputBuffer& in, const ArchiveAuditLimits& limits);

inline constexpr uint32_t kZstdMagic = 0xFD2FB528;

inline bool starts_with_zstd_magic(std::span<const uint8_t> head) {
  return head.size() >= 4 && (static_cast<uint32_t>(head[0]) | static_cast<uint32_t>(head[1]) << 8 |
                              static_cast<uint32_t>(head[2]) << 16 |
                              static_cast<uint32_t>(head[3]) << 24) == kZstdMagic;
}

}  // namespace modelseal::formats::archive_detail
