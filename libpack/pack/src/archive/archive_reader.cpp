#include "archive/archive_reader.hpp"

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
                             std::filesystem::path name)
    : owned_input_(std::move(owned)), name_(std::move(name)) {
  static const formats::ArchiveAuditOptions kOptions = reading_options();
  stream_ = std::make_unique<formats::ArchiveStream>(input, name_.string(), kOptions, audit_);
}

ArchiveReader::~ArchiveReader() = default;

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(ByteStream& stream,
                                                           const std::filesystem::path& name) {
  return std::unique_ptr<ArchiveReader>(new ArchiveReader(nullptr, stream, name));
}

Result<std::unique_ptr<ArchiveReader>> ArchiveReader::open(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(fs::UniqueFd fd, fs::open_for_reading(path));
  auto input = std::make_unique<FileInput>(std::move(fd), path);
  ByteStream& raw = *input;
  return std::unique_ptr<ArchiveReader>(new ArchiveReader(std::move(input), raw, path));
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
  return std::optional<ArchiveEntry>{ArchiveEntry{entry.path, entry.size}};
}

Result<size_t> ArchiveReader::read(std::span<uint8_t> buffer) {
  const size_t n = stream_->read(buffer);
  MS_TRY(problem());
  return n;
}

}  // namespace modelseal::archive
