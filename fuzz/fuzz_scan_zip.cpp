// Fuzzes the ZIP scanner (directory reader, inflating, member scanners): it
// must never crash; an accepted file must be recognised as a ZIP, and every
// readable entry's data must lie inside the file.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "formats/scan/zip_scan.hpp"
#include "formats/zip/zip_directory.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  const bool looks = looks_like_zip(src);
  const ScanReport report = scan_zip(src, "fuzz.zip");
  if (!report.rejected() && !looks) std::abort();
  const zip::Directory dir = zip::read_directory(src);
  for (const zip::Entry& e : dir.entries) {
    if (!e.data_readable) continue;
    if (e.data_offset > size || e.compressed_size > size - e.data_offset) std::abort();
    if (e.end_offset < e.data_offset + e.compressed_size || e.end_offset > size) std::abort();
  }
  if (dir.issues.empty() && !report.rejected() && dir.entries.empty() && !dir.found_end_record)
    std::abort();
  return 0;
}
