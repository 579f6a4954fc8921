#include "formats/archive/audit_out.hpp"

#include <array>
#include <utility>

namespace modelseal::formats::archive_detail {

std::string_view archive_hint(std::string_view id) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 38> kHints{{
      {"archive.not_an_archive",
       "the file is neither a tar nor a zstd-compressed tar; rebuild the bundle"},
      {"archive.read_error", "the file could not be read; check the storage and retry"},
      {"archive.truncated", "the archive ends early; the upload or copy is incomplete"},
      {"archive.trailing_data", "remove what follows the end of the archive; it may hide data"},
      {"archive.bad_checksum", "a tar header is damaged; rebuild the bundle"},
      {"archive.malformed_header",
       "a tar header breaks the ustar format; rebuild the bundle with modelseal"},
      {"archive.malformed_pax",
       "a pax extended header is malformed or ambiguous; rebuild the bundle"},
      {"archive.pax_key",
       "bundles' pax headers hold only 'path' and 'size' records; rebuild the bundle"},
      {"archive.global_header",
       "pax global headers change later entries differently in each tar; rebuild the bundle"},
      {"archive.gnu_long_name",
       "GNU long-name headers are not part of the bundle format; rebuild the bundle"},
      {"archive.nonzero_padding", "the padding after an entry must be zeros; it may hide data"},
      {"archive.absolute_path", "entry names must be relative paths"},
      {"archive.parent_reference",
       "entry names must not contain '..'; it escapes the extraction folder"},
      {"archive.non_canonical_path",
       "entry names must not have empty or '.' components or a trailing '/'"},
      {"archive.non_utf8_name", "entry names must be valid UTF-8"},
      {"archive.non_nfc_name",
       "entry names must be in Unicode NFC: bsdtar normalizes them, GNU tar does not"},
      {"archive.symlink",
       "bundles hold regular files only; replace the link by the file it points to"},
      {"archive.hardlink", "bundles hold regular files only; store the file's content instead"},
      {"archive.special_file", "bundles hold regular files only; remove devices and fifos"},
      {"archive.directory_entry",
       "bundles hold regular files only; folders are implied by file paths"},
      {"archive.sparse_entry", "sparse entries are not accepted; store the file densely"},
      {"archive.unknown_type", "bundles hold regular files only (typeflag '0')"},
      {"archive.duplicate_name", "each path may appear once; readers disagree on which copy wins"},
      {"archive.too_many_entries", "the archive holds more entries than allowed; split the model"},
      {"archive.too_many_names",
       "the entry names together exceed the limit; shorten or merge files"},
      {"archive.entry_too_large", "a single entry exceeds the size limit"},
      {"archive.total_too_large", "the entries together exceed the size limit"},
      {"archive.compression_ratio",
       "the data expands far more than real models do (a zstd bomb); refused"},
      {"archive.zstd_window_too_large",
       "recompress with a smaller window (zstd without --long, or --long=27)"},
      {"archive.zstd_skippable_frame",
       "skippable zstd frames can hide data; recompress the tar plainly"},
      {"archive.zstd_no_checksum",
       "the zstd frame must carry its content checksum; rebuild with modelseal"},
      {"archive.zstd_extra_frame",
       "a bundle is one zstd frame; a second frame can hold another archive"},
      {"archive.zstd_corrupt", "the zstd data is corrupt; rebuild or re-upload the bundle"},
      {"archive.too_many_findings", "fix the listed problems first; the archive is badly broken"},
      {"name.case_collision",
       "rename one of the files: case-insensitive filesystems (macOS, Windows) hold only one"},
      {"name.unicode_collision",
       "rename one of the files: macOS treats these Unicode spellings as one name"},
      {"name.path_too_long", "shorten the path to at most 4096 bytes"},
      {"archive.internal", "report this as a modelseal bug"},
  }};
  for (const auto& [k, v] : kHints)
    if (k == id) return v;
  return "";
}

void AuditOut::add(std::string_view id, uint64_t offset, std::string message, std::string hint) {
  if (stopped_) return;
  if (audit_.findings.size() + 1 >= kArchiveMaxFindings) {
    audit_.findings.push_back(
        {"archive.too_many_findings", Severity::kError, file_, offset,
         "more than " + std::to_string(kArchiveMaxFindings) + " findings; the audit stopped here",
         std::string(archive_hint("archive.too_many_findings"))});
    stopped_ = true;
    return;
  }
  if (audit_.compression == "zstd") message += " (offset in the decompressed tar)";
  audit_.findings.push_back(
      {std::string(id), Severity::kError, file_, offset, std::move(message), std::move(hint)});
}

void AuditOut::error(std::string_view id, uint64_t offset, std::string message) {
  add(id, offset, std::move(message), std::string(archive_hint(id)));
}

void AuditOut::error(std::string_view id, uint64_t offset, std::string message, std::string hint) {
  add(id, offset, std::move(message), std::move(hint));
}

void AuditOut::fatal(std::string_view id, uint64_t offset, std::string message) {
  error(id, offset, std::move(message));
  stopped_ = true;
}

void AuditOut::fatal_in_file(std::string_view id, uint64_t offset, std::string message) {
  if (stopped_) return;
  audit_.findings.push_back({std::string(id), Severity::kError, file_, offset,
                             std::move(message) + " (offset in the file)",
                             std::string(archive_hint(id))});
  stopped_ = true;
}

}  // namespace modelseal::formats::archive_detail
