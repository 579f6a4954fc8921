// A bundle file verified and hashed whole in one read of one open file (verify_and_hash_bundle,
// seal): the archive reader and a SHA-256 on another thread see the same bytes, so the digest is
// of exactly the bytes verified, and a file that grows or shrinks meanwhile is refused.
#pragma once

#include <cstdint>
#include <filesystem>

#include "base/file_io.hpp"
#include "bundle/bundle_stream.hpp"

namespace modelseal::bundle {

// The bundle opened for reading: a regular file (a link the user named is followed; a FIFO,
// device or folder is refused), non-empty, and its size when opened.
struct OpenedBundleFile {
  fs::UniqueFd fd;
  uint64_t size = 0;
};
Result<OpenedBundleFile> open_bundle_file(const std::filesystem::path& path);

struct HashedStream {
  StreamResult stream;  // complete, with its metadata
  Sha256Digest sha256;  // of the file's `size` bytes
};

// Sees every byte of the file once, in order, as the read passes it (seal encrypts them there).
// An error it returns ends the read.
class ReadTap {
 public:
  virtual ~ReadTap() = default;
  virtual Status bytes_read(std::span<const uint8_t> bytes) = 0;
};

// Reads `file` from its start once: stream_bundle (every check of verify_bundle, `visitor`
// seeing the bytes as there) and the whole-file SHA-256 together. kTampered "the bundle changed
// while it was being read" when the bytes read are not the `size` bytes it had when opened; a
// sealed bundle is kInvalidArgument, naming `modelseal open`.
Result<HashedStream> verify_and_hash(const OpenedBundleFile& file, const std::filesystem::path& name,
                                     const ReadOptions& options, EntryVisitor& visitor,
                                     ReadTap* tap = nullptr);

}  // namespace modelseal::bundle
