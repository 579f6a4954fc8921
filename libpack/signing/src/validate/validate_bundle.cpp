#include "validate/validate_bundle.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <optional>

#include <fmt/format.h>

#include "archive/archive_reader.hpp"
#include "base/file_io.hpp"
#include "bundle/bundle_stream.hpp"
#include "bundle/manifest.hpp"
#include "bundle/payload.hpp"
#include "formats/archive/archive_audit.hpp"
#include "formats/bundle_toml/model_card.hpp"
#include "formats/scan/subrange_source.hpp"
#include "formats/text/printable.hpp"
#include "fs/temp_dir.hpp"
#include "validate/canonical_stream.hpp"
#include "validate/scan_files.hpp"
#include "validate/streamed_file.hpp"

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

// A private copy of one file a scanner must seek in: created in the private work folder with
// mode 0600 and unlinked at once, so it goes away with its descriptor whatever happens.
class Spool {
 public:
  static Result<Spool> create(const stdfs::path& folder, size_t index) {
    const stdfs::path path = folder / ("file-" + std::to_string(index));
    fs::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
    if (!fd.valid()) return fs::errno_error(path, "create", errno);
    if (::unlink(path.c_str()) != 0) return fs::errno_error(path, "remove", errno);
    return Spool(std::move(fd), path);
  }
  Status write(std::span<const uint8_t> bytes) { return fs::write_all(fd_.get(), bytes, path_); }
  // The copy, to scan; the spool is used up.
  Result<std::unique_ptr<formats::ByteSource>> source() {
    return formats::file_source(fd_.release(), path_.string());
  }

 private:
  Spool(fs::UniqueFd fd, stdfs::path path) : fd_(std::move(fd)), path_(std::move(path)) {}
  fs::UniqueFd fd_;
  stdfs::path path_;
};

// The private folder of the Spools, made when the first one is (a bundle no scanner needs to
// seek in is validated without touching the disk, a read-only temporary folder included).
class WorkFolder {
 public:
  explicit WorkFolder(std::optional<stdfs::path> base) : base_(std::move(base)) {}

  Result<stdfs::path> path() {
    if (!made_) {
      std::error_code ec;
      const stdfs::path base = base_ ? *base_ : stdfs::temp_directory_path(ec);
      if (ec) {
        const char* tmpdir = std::getenv("TMPDIR");
        return make_error(ErrorCode::kIo, std::string(tmpdir ? tmpdir : "/tmp") +
                                              ": no temporary folder for the copies a scanner "
                                              "seeks in (" + ec.message() + "): set TMPDIR or --work-dir");
      }
      MS_ASSIGN_OR_RETURN(fs::TempDir made, fs::TempDir::create(base, "modelseal-validate-"));
      made_.emplace(std::move(made));
    }
    return made_->path();
  }

 private:
  std::optional<stdfs::path> base_;
  std::optional<fs::TempDir> made_;
};

// A ZIP's directory is at its end and its members anywhere (the trial, before the end came,
// saw no directory); an HDF5 file's objects anywhere.
bool reads_its_end(std::string_view format) {
  static constexpr std::array<std::string_view, 7> kFormats{
      "zip", "pytorch-zip", "torchscript", "npz", "keras", "hdf5", "keras-h5"};
  return std::find(kFormats.begin(), kFormats.end(), format) != kFormats.end();
}

// Scans each file of the bundle as stream_bundle passes its bytes, checked: a file's scan
// counts once its digest matched (end_file). A file no larger than StreamedFile::kPrefixBytes is
// scanned from memory; a larger one is first scanned on trial from what is kept of it (its
// prefix), and copied to a Spool when that scan needs more or found a format that does. A final scan that still misses
// bytes (only when bytes kept after the prefix lead the scanner elsewhere, e.g. an HDF5
// superblock far into the file) leaves the file to a second read (`missed()`).
class StreamScan final : public bundle::EntryVisitor {
 public:
  StreamScan(const RegistryPolicy& policy, WorkFolder& work, const stdfs::path& target,
             const archive::ArchiveReader* reader, CanonicalStream* canonical)
      : policy_(policy), work_(work), target_(target), reader_(reader), canonical_(canonical) {}
  // A second read: copies and scans only the files `first` missed, with its scanner.
  StreamScan(StreamScan& first, WorkFolder& work)
      : policy_(first.policy_), work_(work), target_(first.target_), reader_(nullptr), canonical_(nullptr),
        only_(&first.missed_), shared_(&first) {}

  Status manifest_read(const bundle::Manifest& manifest) override {
    if (shared_ != nullptr) {
      scanner_ = shared_->scanner_;
      return {};
    }
    for (const FileRecord& r : manifest.files) files_.push_back({r.path, {}, r.size});
    own_scanner_.emplace(files_, policy_);
    scanner_ = &*own_scanner_;
    reports_.resize(files_.size());
    // An uncompressed archive read from its file, no canonical check watching its bytes: each
    // file is scanned where it lies in the archive, and the digests are free to be computed
    // on every core straight from the file (stream_bundle's positional reads).
    if (reader_ != nullptr && canonical_ == nullptr && reader_->file_descriptor() >= 0 &&
        reader_->data_offset_in_file(0)) {
      const int fd = ::dup(reader_->file_descriptor());
      if (fd < 0) return fs::errno_error(target_, "duplicate the descriptor of", errno);
      MS_ASSIGN_OR_RETURN(archive_, formats::file_source(fd, target_.string()));
      offsets_.assign(files_.size(), std::nullopt);
    }
    if (canonical_ != nullptr && reader_ != nullptr && reader_->current_entry() != nullptr) {
      const std::string text = bundle::serialize_manifest(manifest);
      canonical_->entry(kManifestPath, text.size(), reader_->current_entry()->mtime, &text);
    }
    return {};
  }

  bool needs_bytes() const override { return archive_ == nullptr; }

  Status begin_file(const FileRecord& record) override {
    if (canonical_ != nullptr && reader_ != nullptr)
      canonical_->entry(record.path, record.size, 0);
    const size_t index = next_++;
    if (archive_) {
      offsets_[index] = reader_->data_offset_in_file(record.size);
      return {};
    }
    current_ = index;
    streamed_.reset();
    spool_.reset();
    wanted_ = only_ == nullptr || std::find(only_->begin(), only_->end(), index) != only_->end();
    if (!wanted_) return {};
    if (only_ != nullptr) return start_spool(nullptr);
    streamed_.emplace(record.size);
    trial_done_ = streamed_->held_whole();
    return {};
  }

  Status file_data(std::span<const uint8_t> bytes) override {
    if (archive_ || !wanted_) return {};
    if (spool_) return spool_->write(bytes);
    if (!trial_done_) {
      // The bytes up to the end of the prefix, then a trial scan of the prefix.
      const uint64_t room = StreamedFile::kPrefixBytes - streamed_->received();
      const size_t head = static_cast<size_t>(std::min<uint64_t>(room, bytes.size()));
      streamed_->add(bytes.first(head));
      bytes = bytes.subspan(head);
      if (!streamed_->prefix_done()) return {};
      trial_done_ = true;
      const auto trial = scanner_->scan(current_, *streamed_, /*trial=*/true);
      if (streamed_->missed() || (trial && reads_its_end(trial->format))) {
        MS_TRY(start_spool(&*streamed_));
        streamed_.reset();
        return spool_->write(bytes);
      }
    }
    streamed_->add(bytes);
    return {};
  }

  Status end_file(const FileRecord& record) override {
    if (archive_) {
      // Deferred: end_file comes in file order, possibly after later files began.
      const size_t index = ended_++;
      if (!offsets_[index])
        missed_.push_back(index);  // not wholly inside the file: copied on a second read
      else
        reports_[index] = scanner_->scan(index, formats::SubrangeSource(*archive_, *offsets_[index], record.size));
      return {};
    }
    if (!wanted_) return {};
    if (spool_) {
      MS_ASSIGN_OR_RETURN(auto source, spool_->source());
      spool_.reset();
      report_for(current_) = scanner_->scan(current_, *source);
      return {};
    }
    streamed_->clear_missed();
    auto report = scanner_->scan(current_, *streamed_);
    if (streamed_->missed())
      missed_.push_back(current_);
    else
      reports_[current_] = std::move(report);
    streamed_.reset();
    return {};
  }

  const std::vector<size_t>& missed() const { return missed_; }
  // Every file and finding, in file order, then the files no scanner knows.
  void record(std::vector<ValidatedFile>& scanned, Findings& findings) {
    for (size_t i = 0; i < files_.size(); ++i) scanner_->record(i, std::move(reports_[i]), scanned, findings);
    scanner_->finish(scanned, findings);
  }

 private:
  std::optional<formats::ScanReport>& report_for(size_t index) {
    return shared_ != nullptr ? shared_->reports_[index] : reports_[index];
  }

  // A copy of the file from its first byte: those kept so far, then the rest as it comes.
  Status start_spool(const StreamedFile* kept) {
    MS_ASSIGN_OR_RETURN(stdfs::path folder, work_.path());
    MS_ASSIGN_OR_RETURN(Spool spool, Spool::create(folder, current_));
    spool_.emplace(std::move(spool));
    if (kept == nullptr) return {};
    std::array<uint8_t, 64 * 1024> chunk;
    for (uint64_t at = 0; at < kept->received();) {
      const size_t n = static_cast<size_t>(std::min<uint64_t>(chunk.size(), kept->received() - at));
      MS_ASSIGN_OR_RETURN(size_t got, kept->read_at(at, std::span(chunk).first(n)));
      MS_TRY(spool_->write(std::span(chunk).first(got)));
      at += got;
    }
    return {};
  }

  const RegistryPolicy& policy_;
  WorkFolder& work_;
  const stdfs::path& target_;
  const archive::ArchiveReader* reader_;
  CanonicalStream* canonical_;
  const std::vector<size_t>* only_ = nullptr;
  StreamScan* shared_ = nullptr;
  std::vector<FileToScan> files_;
  std::optional<FileScanner> own_scanner_;
  FileScanner* scanner_ = nullptr;
  std::vector<std::optional<formats::ScanReport>> reports_;
  std::vector<size_t> missed_;
  size_t next_ = 0;
  size_t current_ = 0;
  bool wanted_ = false;
  bool trial_done_ = false;
  std::unique_ptr<formats::ByteSource> archive_;      // the archive file, when scanned in place
  std::vector<std::optional<uint64_t>> offsets_;      // each file's data in it
  size_t ended_ = 0;
  std::optional<StreamedFile> streamed_;
  std::optional<Spool> spool_;
};

// Today's reading of a bundle that failed the streamed check, finding by finding: the audit of
// the whole archive (every archive.* and name.* problem, not just the first), the manifest, the
// entries against it; when none of these finds anything, `failure` (the streamed read's error).
// True when it found something (always, given a `failure`).
bool explain_failure(const ValidateOptions& options, const std::string& file,
                     const std::optional<Error>& failure, Findings& findings) {
  const RegistryPolicy& policy = options.policy;
  auto fd = fs::open_for_reading(options.target);
  std::unique_ptr<formats::ByteSource> source;
  if (fd.ok()) {
    auto opened = formats::file_source(fd->release(), options.target.string());
    if (opened.ok()) source = std::move(*opened);
  }
  if (source) {
    formats::ArchiveAuditOptions audit_options;
    audit_options.limits = audit_limits(policy);
    audit_options.capture_first_entry = policy.max_manifest_bytes;
    formats::ArchiveAudit audit = formats::audit_archive(*source, file, audit_options);
    findings.add_all(std::move(audit.findings));
    if (findings.any_error()) return true;
    if (!audit.complete) {
      if (failure) findings.error(finding_for(failure->code), file, failure->detail,
                                  "the bundle does not match its manifest: rebuild it from the model folder");
      return failure.has_value();
    }
    if (audit.entries.empty() || audit.entries.front().path != kManifestPath) {
      findings.error("bundle.manifest_not_first", file,
                     fmt::format("the first entry must be {}", kManifestPath),
                     "this is not a modelseal bundle, or it was repacked by another tool");
      return true;
    }
    auto manifest = bundle::parse_manifest(audit.first_entry_data, file + ":" + kManifestPath,
                                           read_limits(policy));
    if (!manifest.ok()) {
      findings.error("bundle.manifest_invalid", file, manifest.error().detail,
                     "rebuild the bundle with 'modelseal build'");
      return true;
    }
    compare_entries(audit.entries, *manifest, file, findings);
    if (findings.any_error()) return true;
  }
  if (!failure) return false;
  findings.error(finding_for(failure->code), file, failure->detail,
                 "the bundle does not match its manifest: rebuild it from the model folder");
  return true;
}

// What a build of the bundle's own files decides besides the archive bytes CanonicalStream
// compares: the same payload (none a build would leave out) and the model card it renders.
bool rebuilds_the_same(const bundle::StreamResult& streamed) {
  const BundleMetadata& metadata = *streamed.metadata;
  for (const FileRecord& f : streamed.manifest.files)
    if (!bundle::is_metadata_path(f.path) && !bundle::payload_takes(f.path, metadata.payload))
      return false;
  return formats::render_model_card_markdown(metadata) == streamed.model_card_markdown;
}

void not_canonical(const std::string& file, Findings& findings) {
  findings.error("bundle.not_canonical", file,
                 "the archive's bytes differ from what 'modelseal build' writes for the same "
                 "files (entry headers, order, padding or trailing data)",
                 "rebuild the bundle with 'modelseal build'");
}

}  // namespace

Status validate_bundle(const ValidateOptions& options, ValidationReport& report,
                       Findings& findings) {
  const RegistryPolicy& policy = options.policy;
  const std::string& file = report.target;
  report.kind = "bundle";

  // A folder named on the command line is checked now (a typo is told at once); the private
  // folder inside it, or in the temporary folder, is made only for a first copy.
  if (options.work_dir) {
    std::error_code ec;
    if (!stdfs::is_directory(*options.work_dir, ec) || ::access(options.work_dir->c_str(), W_OK | X_OK) != 0)
      return make_error(ErrorCode::kNotFound,
                        options.work_dir->string() + ": not a folder this process can write in (--work-dir)");
  }
  WorkFolder work(options.work_dir);

  // One read: the registry's archive limits, the manifest, every digest (the reader and checks
  // verify uses), each file scanned as it passes, the canonical bytes compared as they pass.
  CanonicalStream canonical;
  formats::ArchiveAuditOptions archive_options;
  archive_options.limits = audit_limits(policy);
  if (policy.require_canonical)
    archive_options.on_tar_bytes = [&](std::span<const uint8_t> bytes) { canonical.tar_bytes(bytes); };
  ReadOptions read;
  read.limits = read_limits(policy);
  read.threads = options.threads;
  read.progress = options.progress;
  MS_ASSIGN_OR_RETURN(auto reader, archive::ArchiveReader::open(options.target, std::move(archive_options)));
  StreamScan scan(policy, work, options.target, reader.get(),
                  policy.require_canonical ? &canonical : nullptr);
  auto streamed = bundle::stream_bundle(*reader, options.target, read, scan);
  if (!streamed.ok()) {
    if (!is_rejection(streamed.error().code)) return streamed.error();
    explain_failure(options, file, streamed.error(), findings);
    return {};
  }
  // Names the strict read leaves to the manifest (portability, collisions): the audit's findings.
  if (reader->dropped_name_findings() && explain_failure(options, file, std::nullopt, findings))
    return {};
  reader.reset();
  if (!scan.missed().empty()) {
    // The files whose scan needs bytes the first read did not keep, copied in a second read,
    // checked against the manifest again.
    MS_ASSIGN_OR_RETURN(auto again, archive::ArchiveReader::open(options.target));
    StreamScan copies(scan, work);
    auto reread = bundle::stream_bundle(*again, options.target, read, copies);
    if (!reread.ok()) {
      if (!is_rejection(reread.error().code)) return reread.error();
      findings.error(finding_for(reread.error().code), file, reread.error().detail,
                     "the bundle changed while it was validated: upload it again");
      return {};
    }
  }
  VerifiedContent content = bundle::verified_content(streamed->manifest, *streamed->metadata);
  report.model_name = content.name;
  report.model_version = content.version;
  report.content_digest = content.content_digest.prefixed();
  report.content = std::move(content);
  scan.record(report.files, findings);

  if (policy.require_canonical && !(canonical.finish() && rebuilds_the_same(*streamed)))
    not_canonical(file, findings);
  return {};
}

}  // namespace modelseal::validate
