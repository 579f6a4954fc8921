// One archive read front to back in a single pass: zstd detection and
// decompression, then the tar walk, with every reader rule of specs/bundle-v1.md
// (sections 1 and 4) checked as the bytes pass. It is the only reader of bundle
// archives: `validate`'s audit and every command that reads a bundle use it.
//
// Problems become findings in the ArchiveAudit (archive.* and name.* ids,
// docs/findings-archive.md). A strict consumer stops at the first archive.*
// error; the audit goes on where it can to report more.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "formats/archive/archive_audit.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats {

// The archive file's bytes, front to back: a file, or a decrypting stream.
class ArchiveInput {
 public:
  virtual ~ArchiveInput() = default;
  // Up to `out.size()` bytes; 0 at the end. An error ends the read.
  virtual Result<size_t> read(std::span<uint8_t> out) = 0;
  // Whether skip() can move past bytes without reading them (a file, not a stream).
  virtual bool can_skip() const { return false; }
  // Moves `n` bytes ahead without reading them; only when can_skip().
  virtual Status skip(uint64_t /*n*/) {
    return make_error(ErrorCode::kInternal, "this archive input cannot skip");
  }
};

// Reads a ByteSource from its first byte on (the source must outlive it).
std::unique_ptr<ArchiveInput> source_input(const ByteSource& src);

class ArchiveStream {
 public:
  // `input` and `audit` must outlive the stream; `name` names the file in findings.
  ArchiveStream(ArchiveInput& input, std::string_view name, const ArchiveAuditOptions& options,
                ArchiveAudit& audit);
  ~ArchiveStream();
  ArchiveStream(const ArchiveStream&) = delete;
  ArchiveStream& operator=(const ArchiveStream&) = delete;

  // Skips what is left of the current entry, reads the next entry's headers and
  // appends it to audit.entries: true. False at a well-formed end of the archive
  // (audit.complete is then set) or once a fatal finding stopped the walk.
  bool next_entry();
  // Data of the current entry; 0 at its end, or once the walk stopped.
  size_t read(std::span<uint8_t> out);
  // For an uncompressed archive: the file offset of the current entry's next data byte.
  std::optional<uint64_t> data_file_offset() const;
  // Moves past the rest of the current entry's data without reading it, when the archive is
  // not compressed, the input can skip and nobody watches the tar bytes: true. False: nothing
  // was skipped (read the data instead). The padding and the next headers are still read.
  bool skip_data();
  // The input's own error (a failed read, a failed decryption), if it failed.
  const std::optional<Error>& input_error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace modelseal::formats
