// Locates the end of central directory record and, in ZIP64 files, the
// ZIP64 end record it points to.
#include <algorithm>

#include "formats/zip/zip_internal.hpp"
#include "formats/zip/zip_records.hpp"

namespace modelseal::formats::zip::detail {

std::optional<size_t> find_end_signature(const std::vector<uint8_t>& tail, bool exact_only) {
  if (tail.size() < kEndRecordBytes) return std::nullopt;
  std::optional<size_t> fallback;
  for (size_t pos = tail.size() - kEndRecordBytes + 1; pos-- > 0;) {
    auto rec = parse_end_record(std::span<const uint8_t>(tail).subspan(pos));
    if (!rec) continue;
    const uint64_t end = pos + kEndRecordBytes + rec->comment_length;
    if (end == tail.size()) return pos;
    if (end < tail.size() && !fallback && !exact_only) fallback = pos;
  }
  return fallback;
}

namespace {

constexpr uint16_t kAllOnes16 = 0xffff;
constexpr uint32_t kAllOnes32 = 0xffffffffu;

// Another end record that a reader could take instead of the one at `pos`:
// any signature after it (Python's zipfile takes the last one), or an earlier
// record whose comment also ends exactly at the end of the file.
std::optional<size_t> rival_end_record(const std::vector<uint8_t>& tail, size_t pos) {
  const std::span<const uint8_t> bytes(tail);
  for (size_t at = pos + 1; at + 4 <= tail.size(); ++at)
    if (LeReader(bytes.subspan(at, 4)).u32() == kEndRecordSig) return at;
  for (size_t at = pos; at-- > 0;) {
    auto rec = parse_end_record(bytes.subspan(at));
    if (rec && at + kEndRecordBytes + rec->comment_length == tail.size()) return at;
  }
  return std::nullopt;
}

bool disagrees(uint64_t narrow, uint64_t all_ones, uint64_t wide) {
  return narrow != all_ones && narrow != wide;
}

// Replaces the end record's fields by the ZIP64 record's; nullopt when broken.
std::optional<uint64_t> apply_zip64(const ByteSource& src, uint64_t end_offset,
                                    const EndRecord& rec, EndInfo& info, Issues& issues) {
  if (end_offset < kZip64LocatorBytes) return end_offset;
  const uint64_t locator_at = end_offset - kZip64LocatorBytes;
  auto locator_bytes = read_exact(src, locator_at, kZip64LocatorBytes);
  if (!locator_bytes) return end_offset;
  auto record_at = parse_zip64_locator(*locator_bytes);
  if (!record_at) return end_offset;  // not a ZIP64 file
  auto record_bytes = *record_at <= locator_at && locator_at - *record_at >= kZip64EndRecordBytes
                          ? read_exact(src, *record_at, kZip64EndRecordBytes)
                          : std::nullopt;
  auto z = record_bytes ? parse_zip64_end_record(*record_bytes) : std::nullopt;
  if (!z) {
    issues.add("zip.bad_zip64", locator_at,
               "the ZIP64 locator points to offset " + std::to_string(*record_at) +
                   ", which holds no ZIP64 end record before the locator");
    return std::nullopt;
  }
  if (z->record_size != locator_at - *record_at - 12) {
    issues.add("zip.bad_zip64", *record_at,
               "the ZIP64 end record declares " + std::to_string(z->record_size) +
                   " bytes but " + std::to_string(locator_at - *record_at - 12) +
                   " lie before the locator");
    return std::nullopt;
  }
  if (disagrees(rec.entries, kAllOnes16, z->entries) ||
      disagrees(rec.directory_size, kAllOnes32, z->directory_size) ||
      disagrees(rec.directory_offset, kAllOnes32, z->directory_offset)) {
    issues.add("zip.bad_zip64", end_offset,
               "the end record and the ZIP64 end record disagree on the central directory "
               "(entries " + std::to_string(rec.entries) + " vs " + std::to_string(z->entries) +
                   ", offset " + std::to_string(rec.directory_offset) + " vs " +
                   std::to_string(z->directory_offset) + ")");
    return std::nullopt;
  }
  if (z->disk != 0 || z->directory_disk != 0 || z->entries_on_disk != z->entries) {
    issues.add("zip.multi_disk", *record_at, "the ZIP64 end record describes a multi-disk archive");
    return std::nullopt;
  }
  info.entries = z->entries;
  info.directory_size = z->directory_size;
  info.directory_offset = z->directory_offset;
  return *record_at;
}

}  // namespace

std::optional<EndInfo> locate_end(const ByteSource& src, Issues& issues) {
  const uint64_t size = src.size();
  if (size < kEndRecordBytes) {
    issues.add("zip.no_end_record", 0, "the file has " + std::to_string(size) +
                                           " bytes, fewer than an end of central directory record");
    return std::nullopt;
  }
  const uint64_t tail_len = std::min(size, kMaxEndRecordSearchBytes);
  const uint64_t tail_at = size - tail_len;
  auto tail = read_exact(src, tail_at, tail_len);
  if (!tail) {
    issues.add("zip.read_error", tail_at, "the last " + std::to_string(tail_len) + " bytes cannot be read");
    return std::nullopt;
  }
  auto pos = find_end_signature(*tail, false);
  if (!pos) {
    issues.add("zip.no_end_record", tail_at,
               "no end of central directory record in the last " + std::to_string(tail_len) + " bytes");
    return std::nullopt;
  }
  const EndRecord rec = *parse_end_record(std::span<const uint8_t>(*tail).subspan(*pos));
  const uint64_t end_offset = tail_at + *pos;
  if (auto other = rival_end_record(*tail, *pos)) {
    issues.add("zip.ambiguous_end_record", tail_at + *other,
               "another end record could be taken instead of the one at offset " +
                   std::to_string(end_offset) + "; readers disagree on which one is real");
    return std::nullopt;
  }
  if (rec.disk != 0 || rec.directory_disk != 0 || rec.entries_on_disk != rec.entries) {
    issues.add("zip.multi_disk", end_offset, "the end record describes a multi-disk archive (disk " +
                                                 std::to_string(rec.disk) + ")");
    return std::nullopt;
  }
  EndInfo info;
  info.entries = rec.entries;
  info.directory_size = rec.directory_size;
  info.directory_offset = rec.directory_offset;
  info.archive_end = end_offset + kEndRecordBytes + rec.comment_length;
  auto records_at = apply_zip64(src, end_offset, rec, info, issues);
  if (!records_at) return std::nullopt;
  info.records_offset = *records_at;
  return info;
}

}  // namespace modelseal::formats::zip::detail
