#include "validate/validate_bundle.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "bundle/manifest.hpp"
#include "base/file_io.hpp"
#include "fs/temp_dir.hpp"
#include "formats/archive/archive_audit.hpp"
#include "formats/text/printable.hpp"
#include "modelseal/digest.hpp"
#include "tree/parallel_hash.hpp"
#include "validate/scan_files.hpp"

namespace modelseal::validate {
namespace {

namespace stdfs = std::filesystem;

formats::ArchiveAuditLimits audit_limits(const RegistryPolicy& policy) {
  formats::ArchiveAuditLimits limits;
  limits.max_entries = policy.max_files + 1;  // the manifest is an entry too
  limits.max_entry_bytes = policy.max_file_bytes;
  limits.max_total_bytes = policy.max_total_bytes;
  limits.max_compression_ratio = static_cast<double>(policy.max_compression_ratio);
  return limits;
}

ReadLimits read_limits(const RegistryPolicy& policy) {
  ReadLimits limits;
  limits.max_manifest_bytes = policy.max_manifest_bytes;
  limits.max_files = policy.max_files;
  limits.max_file_bytes = policy.max_file_bytes;
  limits.max_total_bytes = policy.max_total_bytes;
  return limits;
}

// The archive's entries after the manifest must be the manifest's files, in
// its order and with its sizes (specs/bundle-v1.md, "Reading").
void compare_entries(const std::vector<formats::AuditedEntry>& entries,
                     const bundle::Manifest& manifest, const std::string& file,
                     Findings& findings) {
  std::map<std::string_view, uint64_t> listed;
  for (const FileRecord& r : manifest.files) listed.emplace(r.path, r.size);
  std::map<std::string_view, uint64_t> present;
  for (size_t i = 1; i < entries.size(); ++i) {
    const formats::AuditedEntry& e = entries[i];
    present.emplace(e.path, e.size);
    auto it = listed.find(e.path);
    if (it == listed.end())
      findings.error("bundle.unlisted_entry", file,
                     fmt::format("entry {} is not listed in the manifest", formats::printable_name(e.path)),
                     "rebuild the bundle with 'modelseal build'", e.header_offset);
    else if (it->second != e.size)
      findings.error("bundle.size_mismatch", file,
                     fmt::format("entry {} is {} bytes, its manifest entry says {}",
                                 formats::printable_name(e.path), e.size, it->second),
                     "the bundle was altered after it was built: rebuild it", e.header_offset);
  }
  for (const FileRecord& r : manifest.files)
    if (!present.count(r.path))
      findings.error("bundle.missing_entry", file,
                     fmt::format("the manifest lists {} but the archive has no such entry",
                                 formats::printable_name(r.path)),
                     "the bundle was truncated or altered: rebuild it");
  if (findings.any_error()) return;
  for (size_t i = 1; i < entries.size(); ++i)
    if (entries[i].path != manifest.files[i - 1].path) {
      findings.error("bundle.entry_order", file,
                     fmt::format("entry {} is out of the manifest's order (expected {})",
                                 formats::printable_name(entries[i].path),
                                 formats::printable_name(manifest.files[i - 1].path)),
                     "rebuild the bundle with 'modelseal build'", entries[i].header_offset);
      return;
    }
}

std::string finding_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::kTampered: return "bundle.content_mismatch";
    case ErrorCode::kInvalidMetadata: return "bundle.metadata_invalid";
    case ErrorCode::kLimitExceeded: return "bundle.limit_exceeded";
    case ErrorCode::kUnsupported: return "bundle.unsupported";
    default: return "bundle.invalid";
  }
}

// Rebuilds the extracted content as an uncompressed bundle with the upload's
// entry time and compares its bytes with the upload's tar stream.
Status check_canonical(const stdfs::path& content, const stdfs::path& rebuilt, int64_t mtime,
                       const Sha256Digest& tar_digest, const std::string& file,
                       unsigned threads, Findings& findings) {
  BuildOptions build;
  build.model_dir = content;
  build.output = rebuilt;
  build.compression = {CompressionKind::kNone, 0};
  build.threads = threads;
  build.source_date_epoch = mtime;
  auto built = build_bundle(build);
  if (!built.ok()) {
    if (!is_rejection(built.error().code)) return built.error();
    findings.error("bundle.not_canonical", file,
                   "the extracted content does not rebuild: " + built.error().detail,
                   "rebuild the bundle with 'modelseal build'");
    return {};
  }
  MS_ASSIGN_OR_RETURN(Sha256Digest again, tree::hash_file(rebuilt, built->archive_bytes));
  if (!digests_equal(again, tar_digest))
    findings.error("bundle.not_canonical", file,
                   "rebuilding the extracted content gives different archive bytes (entry "
                   "headers, order, padding or trailing data differ from what 'modelseal build' "
                   "writes)",
                   "rebuild the bundle with 'modelseal build'");
  return {};
}

}  // namespace

Status validate_bundle(const ValidateOptions& options, ValidationReport& report,
                       Findings& findings) {
  const RegistryPolicy& policy = options.policy;
  const std::string& file = report.target;
  report.kind = "bundle";
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(options.target));
  MS_ASSIGN_OR_RETURN(auto source, formats::file_source(fd.release(), options.target.string()));

  MS_ASSIGN_OR_RETURN(Sha256 tar_hash, Sha256::create());
  Status hashing;
  formats::ArchiveAuditOptions audit_options;
  audit_options.limits = audit_limits(policy);
  audit_options.capture_first_entry = policy.max_manifest_bytes;
  audit_options.on_tar_bytes = [&](std::span<const uint8_t> bytes) {
    if (hashing.ok()) hashing = tar_hash.update(bytes);
  };
  formats::ArchiveAudit audit = formats::audit_archive(*source, file, audit_options);
  MS_TRY(hashing);
  findings.add_all(std::move(audit.findings));
  if (findings.any_error() || !audit.complete) return {};
  if (audit.entries.empty() || audit.entries.front().path != kManifestPath) {
    findings.error("bundle.manifest_not_first", file,
                   fmt::format("the first entry must be {}", kManifestPath),
                   "this is not a modelseal bundle, or it was repacked by another tool");
    return {};
  }
  auto manifest = bundle::parse_manifest(audit.first_entry_data, file + ":" + kManifestPath,
                                         read_limits(policy));
  if (!manifest.ok()) {
    findings.error("bundle.manifest_invalid", file, manifest.error().detail,
                   "rebuild the bundle with 'modelseal build'");
    return {};
  }
  compare_entries(audit.entries, *manifest, file, findings);
  if (findings.any_error()) return {};

  std::error_code ec;
  const stdfs::path base = options.work_dir ? *options.work_dir : stdfs::temp_directory_path(ec);
  if (ec) return make_error(ErrorCode::kIo, "no temporary folder to extract into: " + ec.message());
  MS_ASSIGN_OR_RETURN(fs::TempDir work, fs::TempDir::create(base, "modelseal-validate-"));
  const stdfs::path content = work.path() / "content";
  ReadOptions read;
  read.limits = read_limits(policy);
  read.threads = options.threads;
  auto verified = extract_bundle(options.target, content, read);
  if (!verified.ok()) {
    if (!is_rejection(verified.error().code)) return verified.error();
    findings.error(finding_for(verified.error().code), file, verified.error().detail,
                   "the bundle does not match its manifest: rebuild it from the model folder");
    return {};
  }
  report.model_name = verified->name;
  report.model_version = verified->version;
  report.content_digest = verified->content_digest.prefixed();

  std::vector<FileToScan> files;
  for (const FileRecord& r : verified->files) files.push_back({r.path, content / r.path, r.size});
  MS_TRY(scan_files(files, policy, report.files, findings));

  if (policy.require_canonical) {
    MS_ASSIGN_OR_RETURN(Sha256Digest tar_digest, tar_hash.finish());
    MS_TRY(check_canonical(content, work.path() / "rebuilt.tar", audit.entries.front().mtime,
                           tar_digest, file, options.threads, findings));
  }
  return {};
}

}  // namespace modelseal::validate
