// Cross-checks every local header (and data descriptor) against the central
// directory: readers that stream a ZIP trust the local copy, so the two must agree.
#include <algorithm>

#include "formats/zip/zip_internal.hpp"
#include "formats/zip/zip_names.hpp"
#include "formats/zip/zip_records.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip::detail {
namespace {

constexpr uint64_t kMaxDescriptorBytes = 24;

struct Mismatch {
  const char* field;
  uint64_t central;
  uint64_t local;
};

// The descriptor's length after the data when one of its four encodings
// (with or without signature, 32- or 64-bit sizes) matches the central entry.
std::optional<uint64_t> match_descriptor(const ByteSource& src, const Entry& e, uint64_t at) {
  const uint64_t avail = std::min(kMaxDescriptorBytes, src.size() - at);
  auto bytes = read_exact(src, at, avail);
  if (!bytes) return std::nullopt;
  for (const bool with_sig : {true, false}) {
    for (const bool wide : {false, true}) {
      LeReader r(*bytes);
      if (with_sig && r.u32() != kDescriptorSig) continue;
      const uint32_t crc = r.u32();
      const uint64_t csize = wide ? r.u64() : r.u32();
      const uint64_t usize = wide ? r.u64() : r.u32();
      if (r.ok() && crc == e.crc32 && csize == e.compressed_size && usize == e.uncompressed_size)
        return r.pos();
    }
  }
  return std::nullopt;
}

std::optional<Mismatch> compare(const Entry& e, const LocalHeader& h) {
  if (h.method != e.method) return Mismatch{"method", e.method, h.method};
  if ((h.flags & kFlagsCompared) != (e.flags & kFlagsCompared))
    return Mismatch{"flags", e.flags, h.flags};
  if ((e.flags & kFlagDataDescriptor) != 0) return std::nullopt;
  if (h.crc32 != e.crc32) return Mismatch{"crc32", e.crc32, h.crc32};
  if (h.compressed_size != e.compressed_size)
    return Mismatch{"compressed size", e.compressed_size, h.compressed_size};
  if (h.uncompressed_size != e.uncompressed_size)
    return Mismatch{"uncompressed size", e.uncompressed_size, h.uncompressed_size};
  return std::nullopt;
}

void read_local(const ByteSource& src, Entry& e, Issues& issues) {
  const std::string shown = "'" + printable_name(e.name) + "'";
  const uint64_t size = src.size();
  auto fixed = e.header_offset <= size && size - e.header_offset >= kLocalHeaderBytes
                   ? read_exact(src, e.header_offset, kLocalHeaderBytes)
                   : std::nullopt;
  if (!fixed) {
    issues.add("zip.truncated", e.header_offset,
               "the local header of entry " + shown + " lies past the end of the file");
    return;
  }
  auto h = parse_local_fixed(*fixed);
  if (!h) {
    issues.add("zip.bad_local_header", e.header_offset,
               "entry " + shown + " points to offset " + std::to_string(e.header_offset) +
                   ", which holds no local header");
    return;
  }
  const uint64_t var_at = e.header_offset + kLocalHeaderBytes;
  const uint64_t var = uint64_t{h->name_length} + h->extra_length;
  auto tail = size - var_at >= var ? read_exact(src, var_at, var) : std::nullopt;
  if (!tail) {
    issues.add("zip.truncated", var_at, "the local header of entry " + shown + " is cut short");
    return;
  }
  const std::string local_name(tail->begin(), tail->begin() + h->name_length);
  if (!apply_local_extra(std::span<const uint8_t>(*tail).subspan(h->name_length), *h).well_formed)
    issues.add("zip.bad_extra_field", var_at, "entry " + shown + " has a malformed local extra field");
  if (local_name != e.name) {
    issues.add("zip.central_local_mismatch", var_at,
               "entry " + shown + " is named '" + printable_name(local_name) + "' in its local header");
    return;
  }
  if (auto m = compare(e, *h)) {
    issues.add("zip.central_local_mismatch", e.header_offset,
               "entry " + shown + ": the central directory says " + m->field + " " +
                   std::to_string(m->central) + ", the local header " + std::to_string(m->local));
    return;
  }
  e.data_offset = var_at + var;
  if (size - e.data_offset < e.compressed_size) {
    issues.add("zip.truncated", e.data_offset,
               "entry " + shown + " has " + std::to_string(e.compressed_size) +
                   " data bytes declared but the file ends " +
                   std::to_string(size - e.data_offset) + " bytes after its start");
    return;
  }
  uint64_t end = e.data_offset + e.compressed_size;
  if ((e.flags & kFlagDataDescriptor) != 0) {
    auto len = match_descriptor(src, e, end);
    if (!len) {
      issues.add("zip.central_local_mismatch", end,
                 "entry " + shown + " has no data descriptor matching the central directory "
                 "(crc32 " + hex32(e.crc32) + ")");
      return;
    }
    end += *len;
  }
  e.end_offset = end;
  e.data_readable = !exceeds_compression_ratio(e) && (e.flags & (kFlagEncrypted | kFlagStrongEncryption)) == 0 &&
                    (e.method == kMethodStored || e.method == kMethodDeflate) &&
                    (e.method != kMethodStored || e.compressed_size == e.uncompressed_size);
}

}  // namespace

void read_local_headers(const ByteSource& src, Directory& dir, Issues& issues) {
  for (Entry& e : dir.entries) read_local(src, e, issues);
}

}  // namespace modelseal::formats::zip::detail
