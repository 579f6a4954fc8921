#include "formats/zip/zip_directory.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <exception>

#include "formats/zip/zip_internal.hpp"
#include "formats/zip/zip_names.hpp"
#include "formats/zip/zip_records.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::zip {
namespace detail {

void Issues::add(std::string id, uint64_t offset, std::string message) {
  if (out_.size() > kMaxIssues) return;
  if (out_.size() == kMaxIssues) {
    out_.push_back({"zip.too_many_findings", offset,
                    "more than " + std::to_string(kMaxIssues) + " problems; listing stopped"});
    return;
  }
  out_.push_back({std::move(id), offset, std::move(message)});
}

std::optional<std::vector<uint8_t>> read_exact(const ByteSource& src, uint64_t offset, uint64_t n) {
  std::vector<uint8_t> out(static_cast<size_t>(n));
  if (n == 0) return out;
  auto got = src.read_at(offset, out);
  if (!got.ok() || *got != n) return std::nullopt;
  return out;
}

std::string hex32(uint32_t v) {
  char buf[11];
  std::snprintf(buf, sizeof buf, "0x%08x", v);
  return buf;
}

}  // namespace detail

bool exceeds_compression_ratio(const Entry& e) {
  return e.method == kMethodDeflate && e.uncompressed_size > kRatioCheckMinBytes &&
         e.uncompressed_size / kMaxCompressionRatio > e.compressed_size;
}

namespace detail {

void check_tiling(const Directory& dir, const EndInfo& end, uint64_t file_size, Issues& issues) {
  struct Range {
    uint64_t start, end;
    std::string what;
  };
  std::vector<Range> ranges;
  ranges.reserve(dir.entries.size() + 2);
  // An entry whose local header failed was reported already; without its
  // extent, gaps cannot be told from it, so only overlaps are checked then.
  bool all_located = true;
  for (const Entry& e : dir.entries) {
    if (e.end_offset == 0) all_located = false;
    else ranges.push_back({e.header_offset, e.end_offset, "entry '" + printable_name(e.name) + "'"});
  }
  ranges.push_back({end.directory_offset, end.directory_offset + end.directory_size, "the central directory"});
  ranges.push_back({end.records_offset, end.archive_end, "the end records"});
  std::stable_sort(ranges.begin(), ranges.end(),
                   [](const Range& a, const Range& b) { return a.start < b.start; });
  uint64_t covered = 0;
  const Range* last = nullptr;
  for (const Range& r : ranges) {
    if (r.start < covered && last != nullptr)
      issues.add("zip.overlapping_entries", r.start, r.what + " overlaps " + last->what);
    else if (r.start > covered && all_located && last == nullptr)
      issues.add("zip.prepended_data", 0, std::to_string(r.start) + " bytes precede " + r.what);
    else if (r.start > covered && all_located)
      issues.add("zip.gap_data", covered, std::to_string(r.start - covered) +
                                              " bytes belong to nothing before " + r.what);
    if (r.end > covered) {
      covered = r.end;
      last = &r;
    }
  }
  if (end.archive_end < file_size)
    issues.add("zip.trailing_data", end.archive_end,
               std::to_string(file_size - end.archive_end) + " bytes follow the end record");
}

}  // namespace detail

Directory read_directory(const ByteSource& src) {
  Directory dir;
  detail::Issues issues(dir.issues);
  try {
    auto end = detail::locate_end(src, issues);
    if (!end) return dir;
    dir.found_end_record = true;
    if (!detail::read_central_directory(src, *end, dir, issues)) return dir;
    detail::read_local_headers(src, dir, issues);
    detail::check_tiling(dir, *end, src.size(), issues);
  } catch (const std::exception& e) {  // allocation failure
    issues.add("zip.read_error", 0, std::string("reading the directory failed: ") + e.what());
    for (Entry& e2 : dir.entries) e2.data_readable = false;
  }
  return dir;
}

bool looks_like_zip_directory(const ByteSource& src) {
  std::array<uint8_t, 4> head{};
  auto got = src.read_at(0, head);
  if (!got.ok()) return false;
  if (*got == head.size() && head == std::array<uint8_t, 4>{'P', 'K', 3, 4}) return true;
  const uint64_t size = src.size();
  if (size < kEndRecordBytes) return false;
  const uint64_t tail_len = std::min(size, kMaxEndRecordSearchBytes);
  try {
    auto tail = detail::read_exact(src, size - tail_len, tail_len);
    return tail && detail::find_end_signature(*tail, true).has_value();
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace modelseal::formats::zip
