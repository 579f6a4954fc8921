#include "archive/archive_reader.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <exception>
#include <limits>

namespace modelseal::archive {
namespace {

class FileInput : public ByteStream {
 public:
  FileInput(fs::UniqueFd fd, std::filesystem::path path)
      : fd_(std::move(fd)), path_(std::move(path)) {}
  Result<size_t> read(std::span<uint8_t> out) override {
    return fs::read_some(fd_.get(), out, path_);
  }
  bool can_skip() const override { return true; }
  Status skip(uint64_t n) override {
    if (n > static_cast<uint64_t>(std::numeric_limits<off_t>::max()) ||
        ::lseek(fd_.get(), static_cast<off_t>(n), SEEK_CUR) < 0)
      return fs::errno_error(path_, "seek", errno);
    return {};
  }
  int fd() const { return fd_.get(); }

 private:
  fs::UniqueFd fd_;
  std::filesystem::path path_;
};

// What the reader allows: the format's own limits, no compression-ratio limit
// (that is a registry's choice, `validate`), all checked as bytes stream by.
formats::ArchiveAuditOptions reading_options() {
  formats::ArchiveAuditOptions options;
  options.limits.max_compression_ratio = std::numeric_limits<double>::infinity();
  return options;
}

ErrorCode code_of(std::string_view id) {
  if (id == "archive.read_error") return ErrorCode::kIo;
  if (id == "archive.internal") return ErrorCode::kInternal;
  if (id == "archive.too_many_entries" || id == "archive.too_many_names" ||
      id == "archive.entry_too_large" || id == "archive.total_too_large" ||
      id == "archive.zstd_window_too_large")
    return ErrorCode::kLimitExceeded;
  return ErrorCode::kCorrupt;
}

}  // namespace

ArchiveReader::ArchiveReader(std::unique_ptr<ByteStream> owned, ByteStream& input,
                             std::filesystem::path name, formats::ArchiveAuditOptions options)
    : owned_input_(std::move(owned)), name_(std::move(name)), options_(std::move(options)) {
  stream_ = std::make_unique<formats::ArchiveStream>(input, name_.string(), options_, audit_);
}

ArchiveReader::~ArchiveReader() = default;

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(ByteStream& stream,
                                                           const std::filesystem::path& name) {
  return std::unique_ptr<ArchiveReader>(new ArchiveReader(nullptr, stream, name, reading_options()));
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(const std::filesystem::path& path) {
  return open(path, reading_options());
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(const std::filesystem::path& path,
                                                           formats::ArchiveAuditOptions options) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) return fs::errno_error(path, "stat", errno);
  auto input = std::make_unique<FileInput>(std::move(fd), path);
  FileInput& raw = *input;
  std::unique_ptr<ArchiveReader> reader(
      new ArchiveReader(std::move(input), raw, path, std::move(options)));
  reader->fd_ = raw.fd();
  reader->file_size_ = static_cast<uint64_t>(st.st_size);
  return reader;
}

// Name findings (portability, collisions) are the manifest's business: every
// entry must carry the next path the manifest lists, byte for byte. They are
// dropped, so they never pile up.
Status ArchiveReader::problem() {
  if (const auto& cause = stream_->input_error()) return *cause;
  for (const formats::Finding& f : audit_.findings)
    if (f.severity == formats::Severity::kError && f.id.starts_with("archive."))
      return make_error(code_of(f.id), name_.string() + ": " + f.message + " [" + f.id +
                                           " at offset " + std::to_string(f.offset) + "]");
  if (!audit_.findings.empty()) dropped_name_findings_ = true;
  audit_.findings.clear();
  return {};
}

Result<std::optional<ArchiveEntry>> ArchiveReader::next() {
  bool found = false;
  try {
    found = stream_->next_entry();
  } catch (const std::exception& e) {  // allocation failure
    return make_error(ErrorCode::kInternal, name_.string() + ": " + e.what());
  }
  MS_TRY(problem());
  if (!found) {
    if (!audit_.complete)
      return make_error(ErrorCode::kCorrupt, name_.string() + ": the archive ends abnormally");
    return std::optional<ArchiveEntry>{};
  }
  const formats::AuditedEntry& entry = audit_.entries.back();
  return std::optional<ArchiveEntry>{ArchiveEntry{entry.path, entry.size, entry.mtime}};
}

Result<size_t> ArchiveReader::read(std::span<uint8_t> buffer) {
  const size_t n = stream_->read(buffer);
  MS_TRY(problem());
  return n;
}

std::optional<uint64_t> ArchiveReader::data_offset_in_file(uint64_t size) const {
  if (!file_size_) return std::nullopt;
  const std::optional<uint64_t> offset = stream_->data_file_offset();
  if (!offset || *offset > *file_size_ || size > *file_size_ - *offset) return std::nullopt;
  return offset;
}

Status ArchiveReader::skip_data() {
  const bool skipped = stream_->skip_data();
  MS_TRY(problem());
  if (!skipped)
    return make_error(ErrorCode::kInternal, name_.string() + ": could not skip an entry's data");
  return {};
}

}  // namespace modelseal::archive
