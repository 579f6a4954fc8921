// Reads the central directory entry by entry and applies the per-entry rules
// that need no local header: names, duplicates, encryption, method, sizes.
#include <unordered_set>
#include <utility>

#include "formats/zip/zip_internal.hpp"
#include "formats/zip/zip_names.hpp"
#include "formats/zip/zip_records.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip::detail {
namespace {

void check_entry(const Entry& e, uint64_t at, uint32_t disk, Issues& issues) {
  const std::string shown = "'" + printable_name(e.name) + "'";
  if (auto bad = check_entry_name(e.name, (e.flags & kFlagUtf8) != 0))
    issues.add(bad->id, at, bad->message);
  if (disk != 0)
    issues.add("zip.multi_disk", at, "entry " + shown + " starts on disk " + std::to_string(disk));
  if ((e.flags & (kFlagEncrypted | kFlagStrongEncryption)) != 0)
    issues.add("zip.encrypted", at, "entry " + shown + " is encrypted (flags " +
                                        std::to_string(e.flags) + ")");
  if (e.method != kMethodStored && e.method != kMethodDeflate)
    issues.add("zip.unsupported_method", at, "entry " + shown + " uses compression method " +
                                                 std::to_string(e.method));
  if (e.method == kMethodStored && e.compressed_size != e.uncompressed_size)
    issues.add("zip.size_mismatch", at,
               "stored entry " + shown + " declares " + std::to_string(e.compressed_size) +
                   " stored bytes but " + std::to_string(e.uncompressed_size) + " uncompressed");
  if (exceeds_compression_ratio(e))
    issues.add("zip.compression_ratio", at,
               "entry " + shown + " expands " + std::to_string(e.compressed_size) + " bytes to " +
                   std::to_string(e.uncompressed_size) + ", more than " +
                   std::to_string(kMaxCompressionRatio) + ":1");
}

// Some readers (Python's zipfile, Info-ZIP) find a central directory that
// sits right before the end records although its offset says otherwise, and
// shift every offset by the difference; a polyglot relies on that.
bool shifted_by_prepended_bytes(const ByteSource& src, const EndInfo& end, uint64_t dir_end) {
  if (dir_end >= end.records_offset || end.directory_size == 0) return false;
  auto sig = read_exact(src, end.records_offset - end.directory_size, 4);
  return sig && LeReader(*sig).u32() == kCentralHeaderSig;
}

}  // namespace

bool read_central_directory(const ByteSource& src, const EndInfo& end, Directory& dir,
                            Issues& issues) {
  uint64_t dir_end = 0;
  if (__builtin_add_overflow(end.directory_offset, end.directory_size, &dir_end) ||
      dir_end > end.records_offset) {
    issues.add("zip.bad_central_directory", end.records_offset,
               "the central directory (offset " + std::to_string(end.directory_offset) +
                   ", " + std::to_string(end.directory_size) + " bytes) runs past the end records");
    return false;
  }
  if (shifted_by_prepended_bytes(src, end, dir_end)) {
    issues.add("zip.prepended_data", 0,
               "the central directory lies " +
                   std::to_string(end.records_offset - dir_end) +
                   " bytes after its declared offset: bytes were prepended to the archive");
    return false;
  }
  if (end.entries > kMaxEntries) {
    issues.add("zip.too_many_entries", end.records_offset,
               std::to_string(end.entries) + " entries, more than the limit of " +
                   std::to_string(kMaxEntries));
    return false;
  }
  if (end.entries * kCentralHeaderBytes > end.directory_size) {
    issues.add("zip.bad_central_directory", end.directory_offset,
               std::to_string(end.entries) + " entries cannot fit in a central directory of " +
                   std::to_string(end.directory_size) + " bytes");
    return false;
  }
  dir.entries.reserve(static_cast<size_t>(end.entries));
  std::unordered_set<std::string> names;
  uint64_t total = 0;
  bool total_reported = false;
  uint64_t pos = end.directory_offset;
  for (uint64_t i = 0; i < end.entries; ++i) {
    auto fixed = dir_end - pos >= kCentralHeaderBytes ? read_exact(src, pos, kCentralHeaderBytes)
                                                      : std::nullopt;
    auto h = fixed ? parse_central_fixed(*fixed) : std::nullopt;
    const uint64_t var = h ? uint64_t{h->name_length} + h->extra_length + h->comment_length : 0;
    auto tail = h && dir_end - pos - kCentralHeaderBytes >= var
                    ? read_exact(src, pos + kCentralHeaderBytes, var)
                    : std::nullopt;
    if (!tail) {
      issues.add("zip.bad_central_directory", pos,
                 "central directory entry " + std::to_string(i) + " of " +
                     std::to_string(end.entries) + " is missing, malformed or runs past the directory");
      return false;
    }
    Entry e;
    e.name.assign(tail->begin(), tail->begin() + h->name_length);
    const auto extra = std::span<const uint8_t>(*tail).subspan(h->name_length, h->extra_length);
    const ExtraFields fields = apply_central_extra(extra, *h);
    if (!fields.well_formed)
      issues.add("zip.bad_extra_field", pos, "entry '" + printable_name(e.name) +
                                                 "' has a malformed central extra field");
    if (fields.unicode_path)
      issues.add("zip.unicode_path_field", pos,
                 "entry '" + printable_name(e.name) +
                     "' carries an Info-ZIP Unicode Path field that some tools use instead of its name");
    e.flags = h->flags;
    e.method = h->method;
    e.crc32 = h->crc32;
    e.compressed_size = h->compressed_size;
    e.uncompressed_size = h->uncompressed_size;
    e.header_offset = h->local_offset;
    check_entry(e, pos, h->disk, issues);
    if (!names.insert(e.name).second)
      issues.add("zip.duplicate_name", pos, "entry name '" + printable_name(e.name) + "' appears twice");
    const bool over = __builtin_add_overflow(total, e.uncompressed_size, &total) ||
                      total > kMaxTotalUncompressedBytes;
    if (over && !std::exchange(total_reported, true))
      issues.add("zip.limit_exceeded", pos,
                 "the entries' uncompressed sizes add up to more than " +
                     std::to_string(kMaxTotalUncompressedBytes) + " bytes");
    pos += kCentralHeaderBytes + var;
    dir.entries.push_back(std::move(e));
  }
  if (pos != dir_end)
    issues.add("zip.bad_central_directory", pos,
               std::to_string(dir_end - pos) + " bytes of the central directory belong to no entry");
  return true;
}

}  // namespace modelseal::formats::zip::detail
