// The fixed-layout records of a ZIP file (PKWARE APPNOTE 6.3.10), all little-endian:
//
//   [local header 30 B | name | extra | data | data descriptor if flag bit 3] ...
//   [central header 46 B | name | extra | comment] ...
//   [ZIP64 end record 56+ B][ZIP64 locator 20 B]   (only in ZIP64 files)
//   [end of central directory 22 B | comment <= 65535 B]
//
//   local header:   sig 50 4B 03 04, version, flags, method, time, date, crc32,
//                   csize32, usize32, name_len, extra_len
//   central header: sig 50 4B 01 02, made_by, version, flags, method, time, date,
//                   crc32, csize32, usize32, name_len, extra_len, comment_len,
//                   disk16, int_attr, ext_attr, local_offset32
//   ZIP64 extra (id 0x0001): u64 usize, u64 csize, u64 local_offset, u32 disk --
//                   each present only when its 32-bit field above is all ones
//   data descriptor: [sig 50 4B 07 08] crc32, csize, usize (u32 each, u64 in ZIP64)
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

namespace modelseal::formats::zip {

inline constexpr uint32_t kLocalHeaderSig = 0x04034b50;
inline constexpr uint32_t kCentralHeaderSig = 0x02014b50;
inline constexpr uint32_t kEndRecordSig = 0x06054b50;
inline constexpr uint32_t kZip64EndRecordSig = 0x06064b50;
inline constexpr uint32_t kZip64LocatorSig = 0x07064b50;
inline constexpr uint32_t kDescriptorSig = 0x08074b50;

inline constexpr uint64_t kLocalHeaderBytes = 30;
inline constexpr uint64_t kCentralHeaderBytes = 46;
inline constexpr uint64_t kEndRecordBytes = 22;
inline constexpr uint64_t kZip64LocatorBytes = 20;
inline constexpr uint64_t kZip64EndRecordBytes = 56;
inline constexpr uint16_t kZip64ExtraId = 0x0001;
inline constexpr uint16_t kUnicodePathExtraId = 0x7075;

// Little-endian reads from a buffer; a short read fails the reader for good
// and yields zeros, so callers check ok() once after a group of reads.
class LeReader {
 public:
  explicit LeReader(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  uint16_t u16() { return static_cast<uint16_t>(read(2)); }
  uint32_t u32() { return static_cast<uint32_t>(read(4)); }
  uint64_t u64() { return read(8); }
  std::span<const uint8_t> bytes(size_t n);
  bool ok() const { return ok_; }
  size_t pos() const { return pos_; }
  size_t left() const { return ok_ ? bytes_.size() - pos_ : 0; }

 private:
  uint64_t read(size_t n);
  std::span<const uint8_t> bytes_;
  size_t pos_ = 0;
  bool ok_ = true;
};

struct EndRecord {
  uint16_t disk = 0;
  uint16_t directory_disk = 0;
  uint64_t entries_on_disk = 0;
  uint64_t entries = 0;
  uint64_t directory_size = 0;
  uint64_t directory_offset = 0;
  uint16_t comment_length = 0;
};

struct Zip64EndRecord {
  uint64_t record_size = 0;  // bytes after the first 12
  uint32_t disk = 0;
  uint32_t directory_disk = 0;
  uint64_t entries_on_disk = 0;
  uint64_t entries = 0;
  uint64_t directory_size = 0;
  uint64_t directory_offset = 0;
};

struct CentralHeader {
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint64_t local_offset = 0;
  uint32_t disk = 0;
  uint16_t name_length = 0;
  uint16_t extra_length = 0;
  uint16_t comment_length = 0;
};

struct LocalHeader {
  uint16_t flags = 0;
  uint16_t method = 0;
  uint32_t crc32 = 0;
  uint64_t compressed_size = 0;
  uint64_t uncompressed_size = 0;
  uint16_t name_length = 0;
  uint16_t extra_length = 0;
  bool zip64 = false;  // sizes came from a ZIP64 extra field
};

// Each parser reads one record from the start of `bytes` (signature included)
// and returns nullopt when the signature is wrong or the bytes are short.
std::optional<EndRecord> parse_end_record(std::span<const uint8_t> bytes);
std::optional<Zip64EndRecord> parse_zip64_end_record(std::span<const uint8_t> bytes);
std::optional<uint64_t> parse_zip64_locator(std::span<const uint8_t> bytes);  // record offset
std::optional<CentralHeader> parse_central_fixed(std::span<const uint8_t> bytes);
std::optional<LocalHeader> parse_local_fixed(std::span<const uint8_t> bytes);

struct ExtraFields {
  bool well_formed = true;  // blocks tile the extra area; ZIP64 block holds what it must
  bool unicode_path = false;
};

// Applies a ZIP64 extra block to the all-ones fields of a header.
ExtraFields apply_central_extra(std::span<const uint8_t> extra, CentralHeader& h);
ExtraFields apply_local_extra(std::span<const uint8_t> extra, LocalHeader& h);

}  // namespace modelseal::formats::zip
