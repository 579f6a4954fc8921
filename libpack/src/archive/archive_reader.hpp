// Streaming reader of untrusted bundle archives (zstd-compressed or plain
// tar) over libarchive. Yields only regular-file entries with valid relative
// paths; links, devices, folders, sparse entries and undecodable names are
// errors. Memory stays bounded whatever the archive's size.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "fs/file_io.hpp"
#include "modelseal/result.hpp"

struct archive;

namespace modelseal::archive {

// Archive bytes that do not come straight from a file (a decrypting reader).
// An error it returns ends the read and is reported as it is, not as a
// corrupt archive.
class ByteStream {
 public:
  virtual ~ByteStream() = default;
  // Up to `buffer.size()` bytes; 0 at the end.
  virtual Result<size_t> read(std::span<uint8_t> buffer) = 0;
};

struct ArchiveEntry {
  std::string path;
  uint64_t size = 0;
};

class ArchiveReader {
 public:
  static Result<std::unique_ptr<ArchiveReader>> open(const std::filesystem::path& path);
  // Reads from `stream` (which must outlive the reader); `name` names it in messages.
  static Result<std::unique_ptr<ArchiveReader>> open(ByteStream& stream,
                                                     const std::filesystem::path& name);
  ~ArchiveReader();
  ArchiveReader(const ArchiveReader&) = delete;
  ArchiveReader& operator=(const ArchiveReader&) = delete;

  // The next entry, or nullopt at the end of the archive.
  Result<std::optional<ArchiveEntry>> next();
  // Reads data of the current entry; 0 at its end.
  Result<size_t> read(std::span<uint8_t> buffer);

 private:
  ArchiveReader(struct ::archive* a, fs::UniqueFd fd, std::filesystem::path path)
      : a_(a), fd_(std::move(fd)), path_(std::move(path)) {}
  Error failure(std::string_view what) const;
  friend struct StreamCallbacks;  // libarchive pulls stream bytes through it

  struct ::archive* a_;
  fs::UniqueFd fd_;
  std::filesystem::path path_;
  ByteStream* stream_ = nullptr;
  std::vector<uint8_t> block_;
  std::optional<Error> stream_error_;
};

}  // namespace modelseal::archive
