// The tar layer of the audit: walks headers and data of the decompressed tar.
#pragma once

#include "formats/archive/audit_out.hpp"
#include "formats/archive/byte_stream.hpp"

namespace modelseal::formats::archive_detail {

// Reads the whole tar from `stream`, filling audit.entries, first_entry_data and
// tar_bytes. True when it reached a well-formed end (nothing fatal on the way);
// a stream failure is left for the caller to report.
bool walk_tar(ByteStream& stream, const ArchiveAuditOptions& options, ArchiveAudit& audit,
              AuditOut& out);

}  // namespace modelseal::formats::archive_detail
