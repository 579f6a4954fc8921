// The encrypting half of sealing's one read (specs/sealed-bundle-v1.md §1.3-1.4): it sees every
// byte of the bundle once, in order, in pieces of any size (bundle::ReadTap), seals each 64 KiB
// chunk but the last as soon as it is whole and hands it to the writer's thread; the last chunk
// (at most 64 KiB) is held until finish() is given its AAD, the header digest, which covers the
// whole file's SHA-256.
#pragma once

#include <filesystem>
#include <optional>
#include <span>
#include <vector>

#include "archive/background_writer.hpp"
#include "bundle/hashed_read.hpp"
#include "crypto/stream_aead.hpp"

namespace modelseal::seal {

// kTampered "<bundle>: the bundle changed while it was being sealed".
Error bundle_changed_while_sealed(const std::filesystem::path& bundle);

class EncryptingTap final : public bundle::ReadTap {
 public:
  static constexpr size_t kChunksPerWrite = 16;
  static constexpr size_t kWriteBytes = kChunksPerWrite * crypto::kSealedChunkBytes;

  // `size`: the bundle's bytes (at least 1); more or fewer is "changed while being sealed".
  EncryptingTap(uint64_t size, const std::filesystem::path& input, crypto::ChunkSealer& sealer,
                archive::BackgroundWriter& out);

  Status bytes_read(std::span<const uint8_t> bytes) override;
  // Why the read stopped, when it was here rather than in the archive.
  const std::optional<Error>& failure() const { return failure_; }
  // Seals and writes the last chunk, then waits for every write.
  Status finish(const Sha256Digest& header_digest);

 private:
  Status take(std::span<const uint8_t> bytes);
  Status seal_chunk(std::span<const uint8_t> plain);
  Status submit_buffer();

  const uint64_t size_;
  const uint64_t last_start_;  // where the last chunk begins
  const std::filesystem::path input_;
  crypto::ChunkSealer& sealer_;
  archive::BackgroundWriter& out_;
  uint64_t seen_ = 0;
  std::vector<uint8_t> partial_;  // a chunk being assembled across pieces
  std::vector<uint8_t> last_;     // the last chunk's plaintext
  std::span<uint8_t> buffer_;     // acquired from the writer, being filled with sealed chunks
  size_t used_ = 0;
  std::optional<Error> failure_;
};

}  // namespace modelseal::seal
