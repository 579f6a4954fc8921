#include "formats/zip/zip_records.hpp"

namespace modelseal::formats::zip {
namespace {

constexpr uint32_t kAllOnes32 = 0xffffffffu;
constexpr uint16_t kAllOnes16 = 0xffffu;

// Calls visit(id, body) for each extra block; false when the blocks do not
// tile the area exactly.
template <class Visit>
bool for_each_extra(std::span<const uint8_t> extra, Visit&& visit) {
  LeReader r(extra);
  while (r.left() > 0) {
    const uint16_t id = r.u16();
    const uint16_t len = r.u16();
    const auto body = r.bytes(len);
    if (!r.ok()) return false;
    if (!visit(id, body)) return false;
  }
  return r.ok();
}

// Walks the extra fields: notes a Unicode path field, and hands the body of
// the one ZIP64 field allowed to `read_zip64` (a second one is malformed).
template <class ReadZip64>
ExtraFields scan_extra(std::span<const uint8_t> extra, ReadZip64 read_zip64) {
  ExtraFields out;
  bool seen_zip64 = false;
  out.well_formed = for_each_extra(extra, [&](uint16_t id, std::span<const uint8_t> body) {
    if (id == kUnicodePathExtraId) out.unicode_path = true;
    if (id != kZip64ExtraId) return true;
    if (seen_zip64) return false;
    seen_zip64 = true;
    LeReader r(body);
    read_zip64(r);
    return r.ok();
  });
  return out;
}

}  // namespace

std::span<const uint8_t> LeReader::bytes(size_t n) {
  if (!ok_ || n > bytes_.size() - pos_) {
    ok_ = false;
    return {};
  }
  auto out = bytes_.subspan(pos_, n);
  pos_ += n;
  return out;
}

uint64_t LeReader::read(size_t n) {
  const auto b = bytes(n);
  uint64_t v = 0;
  for (size_t i = b.size(); i-- > 0;) v = (v << 8) | b[i];
  return v;
}

std::optional<EndRecord> parse_end_record(std::span<const uint8_t> bytes) {
  LeReader r(bytes);
  if (r.u32() != kEndRecordSig) return std::nullopt;
  EndRecord e;
  e.disk = r.u16();
  e.directory_disk = r.u16();
  e.entries_on_disk = r.u16();
  e.entries = r.u16();
  e.directory_size = r.u32();
  e.directory_offset = r.u32();
  e.comment_length = r.u16();
  if (!r.ok()) return std::nullopt;
  return e;
}

std::optional<Zip64EndRecord> parse_zip64_end_record(std::span<const uint8_t> bytes) {
  LeReader r(bytes);
  if (r.u32() != kZip64EndRecordSig) return std::nullopt;
  Zip64EndRecord e;
  e.record_size = r.u64();
  r.u16();  // version made by
  r.u16();  // version needed
  e.disk = r.u32();
  e.directory_disk = r.u32();
  e.entries_on_disk = r.u64();
  e.entries = r.u64();
  e.directory_size = r.u64();
  e.directory_offset = r.u64();
  if (!r.ok() || e.record_size < kZip64EndRecordBytes - 12) return std::nullopt;
  return e;
}

std::optional<uint64_t> parse_zip64_locator(std::span<const uint8_t> bytes) {
  LeReader r(bytes);
  if (r.u32() != kZip64LocatorSig) return std::nullopt;
  r.u32();  // disk of the ZIP64 end record
  const uint64_t offset = r.u64();
  r.u32();  // total disks
  if (!r.ok()) return std::nullopt;
  return offset;
}

std::optional<CentralHeader> parse_central_fixed(std::span<const uint8_t> bytes) {
  LeReader r(bytes);
  if (r.u32() != kCentralHeaderSig) return std::nullopt;
  CentralHeader h;
  r.u16();  // version made by
  r.u16();  // version needed
  h.flags = r.u16();
  h.method = r.u16();
  r.u32();  // time, date
  h.crc32 = r.u32();
  h.compressed_size = r.u32();
  h.uncompressed_size = r.u32();
  h.name_length = r.u16();
  h.extra_length = r.u16();
  h.comment_length = r.u16();
  h.disk = r.u16();
  r.u16();  // internal attributes
  r.u32();  // external attributes
  h.local_offset = r.u32();
  if (!r.ok()) return std::nullopt;
  return h;
}

std::optional<LocalHeader> parse_local_fixed(std::span<const uint8_t> bytes) {
  LeReader r(bytes);
  if (r.u32() != kLocalHeaderSig) return std::nullopt;
  LocalHeader h;
  r.u16();  // version needed
  h.flags = r.u16();
  h.method = r.u16();
  r.u32();  // time, date
  h.crc32 = r.u32();
  h.compressed_size = r.u32();
  h.uncompressed_size = r.u32();
  h.name_length = r.u16();
  h.extra_length = r.u16();
  if (!r.ok()) return std::nullopt;
  return h;
}

ExtraFields apply_central_extra(std::span<const uint8_t> extra, CentralHeader& h) {
  return scan_extra(extra, [&](LeReader& r) {
    if (h.uncompressed_size == kAllOnes32) h.uncompressed_size = r.u64();
    if (h.compressed_size == kAllOnes32) h.compressed_size = r.u64();
    if (h.local_offset == kAllOnes32) h.local_offset = r.u64();
    if (h.disk == kAllOnes16) h.disk = r.u32();
  });
}

ExtraFields apply_local_extra(std::span<const uint8_t> extra, LocalHeader& h) {
  return scan_extra(extra, [&](LeReader& r) {
    h.zip64 = true;
    if (h.uncompressed_size == kAllOnes32) h.uncompressed_size = r.u64();
    if (h.compressed_size == kAllOnes32) h.compressed_size = r.u64();
  });
}

}  // namespace modelseal::formats::zip
