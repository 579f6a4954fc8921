// Sealed bundles (specs/sealed-bundle-v1.md §1): a bundle encrypted under its
// own data key with chunked AES-256-GCM (STREAM), behind a plaintext header
// that carries the manifest and bundle.toml so a sealed bundle can be
// inspected, and its signatures verified, without the key.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>

#include "formats/sealed/sealed_header.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/progress.hpp"
#include "modelseal/metadata.hpp"
#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal {

inline constexpr size_t kSealedDataKeyBytes = 32;

// A sealed file's header, checked without the key: the manifest is valid
// (bundle-v1 §3, root digest recomputed), content digest and model agree with
// it, bundle_toml is the manifest's bundle.toml entry and parses, and the file
// has exactly the payload length bundle.size implies.
struct SealedInfo {
  formats::SealedHeader header;
  Sha256Digest header_digest;  // H = SHA-256(magic || header-length || header): the last chunk's AAD
  Sha256Digest chunk_digest;   // every other chunk's AAD: H in version 1, H0 in version 2
  BundleMetadata metadata;     // header.bundle_toml, parsed
  std::filesystem::path path;
};

// True when the file starts with the sealed magic (the name does not matter).
bool is_sealed_bundle(const std::filesystem::path& path);

// Parses and checks a sealed file's header (no key needed).
// Errors: kCorrupt, kInvalidMetadata, kTampered, kLimitExceeded, kUnsupported, kIo.
Result<SealedInfo> read_sealed_info(const std::filesystem::path& sealed);

struct SealOptions {
  std::filesystem::path bundle;
  std::filesystem::path output;
  const SecretBytes* data_key = nullptr;  // kSealedDataKeyBytes
  std::string key_id;       // "dk-<32 hex>"
  std::string keystore_id;  // "ks-<32 hex>"
  bool overwrite = false;
  ProgressFn progress = {};  // "sealing": the one read, which verifies, hashes and encrypts
  unsigned threads = 0;      // hashing threads, 0: one per core
};

// Verifies the plain bundle (as verify_bundle), hashes it and encrypts it in
// one read (flat memory), into `output` atomically (mode 0644) under a fresh
// salt, in the current format (version 2). Nothing is written when a check
// fails; kTampered when the bundle changed during the read.
Result<SealedInfo> seal_bundle(const SealOptions& options);

// Streaming decryptor: read() yields only authenticated plaintext. Before the
// last chunk's bytes are released it checks that the file ends there, the
// length is bundle.size and the SHA-256 is bundle.sha256. Any failure is
// kTampered naming the chunk index and the file, and sticks.
class SealedReader {
 public:
  static Result<std::unique_ptr<SealedReader>> open(const std::filesystem::path& sealed,
                                                    const SecretBytes& data_key);
  ~SealedReader();
  SealedReader(const SealedReader&) = delete;
  SealedReader& operator=(const SealedReader&) = delete;

  const SealedInfo& info() const;
  // Fills `out` with up to out.size() bytes; 0 = end, after all end checks passed.
  Result<size_t> read(std::span<uint8_t> out);

 private:
  struct State;
  explicit SealedReader(std::unique_ptr<State> state);
  std::unique_ptr<State> state_;
};

// Decrypts to a plain .mbundle file atomically (mode 0600: it holds what the
// sealing protected); nothing is left on failure.
Result<SealedInfo> unseal_to_file(const std::filesystem::path& sealed, const SecretBytes& data_key,
                                  const std::filesystem::path& output, bool overwrite);

}  // namespace modelseal
