#include "formats/archive/archive_audit.hpp"

#include <algorithm>
#include <array>
#include <exception>

#include "formats/archive/audit_out.hpp"
#include "formats/archive/byte_stream.hpp"
#include "formats/archive/tar_header.hpp"
#include "formats/archive/tar_walk.hpp"

namespace modelseal::formats {
namespace {

using namespace archive_detail;

bool starts_with_zstd_magic(std::span<const uint8_t> head) {
  return head.size() >= 4 && (static_cast<uint32_t>(head[0]) | static_cast<uint32_t>(head[1]) << 8 |
                              static_cast<uint32_t>(head[2]) << 16 |
                              static_cast<uint32_t>(head[3]) << 24) == kZstdMagic;
}

void run(const ByteSource& src, const ArchiveAuditOptions& options, ArchiveAudit& audit,
         AuditOut& out) {
  std::array<uint8_t, 4> head{};
  const Result<size_t> got = src.read_at(0, head);
  if (!got.ok()) return out.fatal_in_file("archive.read_error", 0, got.error().detail);
  const bool zstd = starts_with_zstd_magic(std::span(head).first(*got));
  audit.compression = zstd ? "zstd" : "none";
  const auto stream = zstd ? make_zstd_stream(src, options.limits) : make_plain_stream(src);
  const bool ended = walk_tar(*stream, options, audit, out);
  audit.compressed_bytes = stream->file_bytes_read();
  if (const auto& failure = stream->failure())
    out.fatal_in_file(failure->id, failure->file_offset, failure->message);
  audit.complete = ended && !out.stopped();
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
  AuditOut out(audit, name);
  try {
    run(src, options, audit, out);
  } catch (const std::exception& e) {  // allocation failure, or thrown by on_tar_bytes
    out.fatal_in_file("archive.internal", audit.compressed_bytes,
                      std::string("audit failed: ") + e.what());
    audit.complete = false;
  }
  return audit;
}

}  // namespace modelseal::formats
