#include "formats/archive/archive_audit.hpp"

#include <algorithm>
#include <array>
#include <exception>

#include "formats/archive/archive_stream.hpp"
#include "formats/archive/audit_out.hpp"
#include "formats/archive/byte_stream.hpp"
#include "formats/archive/tar_header.hpp"

namespace modelseal::formats {
namespace {

using namespace archive_detail;

// Keeps up to `limit` bytes of the current entry's data.
void capture_head(ArchiveStream& stream, size_t limit, std::string& out) {
  std::array<uint8_t, 64 * 1024> chunk;
  while (out.size() < limit) {
    const size_t n = stream.read(std::span(chunk).first(std::min(chunk.size(), limit - out.size())));
    if (n == 0) return;
    out.append(reinterpret_cast<const char*>(chunk.data()), n);
  }
}

void run(const ByteSource& src, std::string_view name, const ArchiveAuditOptions& options,
         ArchiveAudit& audit) {
  const auto input = source_input(src);
  ArchiveStream stream(*input, name, options, audit);
  for (bool first = true; stream.next_entry(); first = false)
    if (first) capture_head(stream, options.capture_first_entry, audit.first_entry_data);
}

}  // namespace

bool ArchiveAudit::rejected() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding& f) { return f.severity == Severity::kError; });
}

bool looks_like_archive(const ByteSource& src) {
  Block block{};
  const Result<size_t> got = src.read_at(0, block);
  if (!got.ok()) return false;
  if (starts_with_zstd_magic(std::span(block).first(*got))) return true;
  return *got == block.size() && has_ustar_magic(block) && checksum_matches(block);
}

ArchiveAudit audit_archive(const ByteSource& src, std::string_view name,
                           const ArchiveAuditOptions& options) {
  ArchiveAudit audit;
  audit.compression = "none";
  try {
    run(src, name, options, audit);
  } catch (const std::exception& e) {  // allocation failure, or thrown by on_tar_bytes
    AuditOut(audit, name).fatal_in_file("archive.internal", audit.compressed_bytes,
                                        std::string("audit failed: ") + e.what());
    audit.complete = false;
  }
  return audit;
}

}  // namespace modelseal::formats
