// The bundle archive reader every command uses (zstd-compressed or plain tar):
// formats/archive's one streaming reader, strict. Any archive.* problem (an
// entry that is not a regular file, a header another tar would read otherwise,
// bytes after the end, a second zstd frame...) ends the read with an error
// naming the file; only regular files with valid relative paths come out.
// Memory stays bounded whatever the archive's size.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>

#include "formats/archive/archive_stream.hpp"
#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::archive {

// Archive bytes that do not come straight from a file (a decrypting reader).
// An error it returns ends the read and is reported as it is, not as a
// corrupt archive.
using ByteStream = formats::ArchiveInput;

struct ArchiveEntry {
  std::string path;
  uint64_t size = 0;
  int64_t mtime = 0;
};

class ArchiveReader {
 public:
  static Result<std::unique_ptr<ArchiveReader>> open(const std::filesystem::path& path);
  // The same with the caller's limits (a registry's, compression ratio included) and
  // `on_tar_bytes`, which sees every tar byte as the walk consumes it: an entry's headers
  // during next(), its data during read() (skip_data() then never skips).
  static Result<std::unique_ptr<ArchiveReader>> open(const std::filesystem::path& path,
                                                     formats::ArchiveAuditOptions options);
  // Reads from `stream` (which must outlive the reader); `name` names it in messages.
  static Result<std::unique_ptr<ArchiveReader>> open(ByteStream& stream,
                                                     const std::filesystem::path& name);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // The next entry, or nullopt at the end of the archive (the exact
  // end-of-archive marker, then nothing).
  Result<std::optional<ArchiveEntry>> next();
  // Reads data of the current entry; 0 at its end.
  Result<size_t> read(std::span<uint8_t> buffer);

  // Positional reads, so that other threads hash entries while this one reads on: when the
  // archive is an uncompressed tar read from a file (not a stream) and the `size` bytes of the
  // current entry's data, none of it read yet, lie wholly inside the file, their offset in it.
  std::optional<uint64_t> data_offset_in_file(uint64_t size) const;
  // The archive file, for pread() at data_offset_in_file() (-1 when reading a stream).
  int file_descriptor() const { return fd_; }
  // Moves past the current entry's data without reading it (after data_offset_in_file()).
  Status skip_data();

  // The entry next() returned last (its header offset and mtime too).
  const formats::AuditedEntry* current_entry() const {
    return audit_.entries.empty() ? nullptr : &audit_.entries.back();
  }

  // Whether a name.* problem (portability, collision) was met and dropped: the strict read
  // leaves names to the manifest, a registry's audit reports them.
  bool dropped_name_findings() const { return dropped_name_findings_; }

 private:
  ArchiveReader(std::unique_ptr<ByteStream> owned, ByteStream& input, std::filesystem::path name,
                formats::ArchiveAuditOptions options);
  // The first problem found so far, as an error.
  Status problem();

  std::unique_ptr<ByteStream> owned_input_;
  std::filesystem::path name_;
  formats::ArchiveAuditOptions options_;
  formats::ArchiveAudit audit_;
  std::unique_ptr<formats::ArchiveStream> stream_;
  int fd_ = -1;                          // the file's, when reading one
  std::optional<uint64_t> file_size_;    // its size when opened
  bool dropped_name_findings_ = false;
};

}  // namespace modelseal::archive
