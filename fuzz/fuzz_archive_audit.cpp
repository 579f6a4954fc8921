// Fuzzes the archive auditor: it must never crash or hang, must pass every tar
// byte it read to on_tar_bytes, and must leave a well-formed report.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "formats/archive/archive_audit.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  ArchiveAuditOptions options;
  options.limits.max_entries = 256;
  options.limits.max_pax_bytes = 64 * 1024;
  options.capture_first_entry = 4096;
  uint64_t seen = 0;
  options.on_tar_bytes = [&](std::span<const uint8_t> bytes) { seen += bytes.size(); };
  (void)looks_like_archive(src);
  const ArchiveAudit audit = audit_archive(src, "fuzz.mbundle", options);
  if (seen != audit.tar_bytes) std::abort();
  if (audit.compression != "zstd" && audit.compressed_bytes != audit.tar_bytes) std::abort();
  if (audit.compressed_bytes > size) std::abort();
  if (audit.entries.size() > options.limits.max_entries) std::abort();
  if (audit.first_entry_data.size() > options.capture_first_entry) std::abort();
  if (audit.findings.size() > kArchiveMaxFindings) std::abort();
  for (const Finding& f : audit.findings)
    if (f.hint.empty() || f.message.empty() || f.file != "fuzz.mbundle") std::abort();
  if (audit.complete && audit.tar_bytes < 1024) std::abort();
  return 0;
}
