// STREAM chunked AEAD of sealed bundles (specs/sealed-bundle-v1.md §1.2, §1.4):
//
//   payload_key = HKDF-SHA256(IKM = data_key, salt, info = "modelseal.sealed/vN payload", L = 32)
//   chunk_i     = AES-256-GCM(payload_key, nonce = u88be(i) || last_i, aad = A_i, P_i) || tag
//   A_i         = H for the last chunk; for the others H (version 1) or H0 (version 2)
//
// Every chunk but the last holds exactly kChunkBytes of plaintext; the last
// 1..kChunkBytes. Both ends count chunks themselves, so a chunk can only be
// opened at the index and with the last flag it was sealed with.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "modelseal/digest.hpp"
#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::crypto {

inline constexpr size_t kChunkBytes = 65536;
inline constexpr size_t kTagBytes = 16;
inline constexpr size_t kSealedChunkBytes = kChunkBytes + kTagBytes;
inline constexpr size_t kDataKeyBytes = 32;
inline constexpr size_t kStreamSaltBytes = 32;

using StreamSalt = std::array<uint8_t, kStreamSaltBytes>;

// Fresh salt from the operating system's CSPRNG.
Result<StreamSalt> random_stream_salt();

// Fresh data key (kDataKeyBytes) from the CSPRNG.
Result<SecretBytes> random_data_key();

// What a stream is bound to: the format version (the key derivation's label) and the AADs.
struct StreamBinding {
  unsigned version = 2;
  Sha256Digest chunk_aad;                // every chunk but the last
  std::optional<Sha256Digest> last_aad;  // the last chunk: none seals or opens without it
};

struct StreamCipherState;

class ChunkSealer {
 public:
  static Result<ChunkSealer> create(const SecretBytes& data_key, const StreamSalt& salt,
                                    const StreamBinding& binding);
  ChunkSealer(ChunkSealer&&) noexcept;
  ChunkSealer& operator=(ChunkSealer&&) noexcept;
  ~ChunkSealer();

  // Ciphertext || tag of the next chunk. `plain` must be kChunkBytes unless
  // `last`, then 1..kChunkBytes; nothing can be sealed after the last chunk.
  Result<std::vector<uint8_t>> seal(std::span<const uint8_t> plain, bool last);
  // The same into `out` (plain.size() + kTagBytes bytes), for a caller reusing its buffer.
  Status seal_into(std::span<const uint8_t> plain, bool last, std::span<uint8_t> out);
  // Sets the last chunk's AAD once it is known (version 2 learns H only at the end).
  void bind_last_chunk(const Sha256Digest& last_aad);

 private:
  explicit ChunkSealer(std::unique_ptr<StreamCipherState> state);
  std::unique_ptr<StreamCipherState> state_;
};

class ChunkOpener {
 public:
  static Result<ChunkOpener> create(const SecretBytes& data_key, const StreamSalt& salt,
                                    const StreamBinding& binding);
  ChunkOpener(ChunkOpener&&) noexcept;
  ChunkOpener& operator=(ChunkOpener&&) noexcept;
  ~ChunkOpener();

  // The plaintext of the next chunk, or kTampered when its tag does not verify
  // (the plaintext is wiped, never returned). After any failure every later
  // call fails: a stream cannot resume past a bad chunk.
  Result<std::vector<uint8_t>> open(std::span<const uint8_t> sealed_chunk, bool last);

  uint64_t next_index() const;

 private:
  explicit ChunkOpener(std::unique_ptr<StreamCipherState> state);
  std::unique_ptr<StreamCipherState> state_;
};

}  // namespace modelseal::crypto
