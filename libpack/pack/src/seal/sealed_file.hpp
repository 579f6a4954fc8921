// Private to libpack/pack/src/seal: opening a sealed file and checking its header
// against the manifest it carries; the internal sealing entry point that
// takes the salt (test vectors), which the CLI cannot reach.
#pragma once

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

#include "crypto/stream_aead.hpp"
#include "base/file_io.hpp"
#include "modelseal/sealed.hpp"

namespace modelseal::seal {

// A sealed file whose header passed every keyless check; `fd` is positioned
// at the first payload byte.
struct OpenedSealed {
  fs::UniqueFd fd;
  SealedInfo info;
  uint64_t payload_bytes = 0;
};

Result<OpenedSealed> open_sealed_file(const std::filesystem::path& path);

// bundle.size + one tag per chunk; kCorrupt when it overflows.
Result<uint64_t> payload_bytes_for(uint64_t bundle_size, std::string_view source);

// The AAD of every chunk but the last (specs/sealed-bundle-v1.md §1.4): in version 1 the header
// digest H, in version 2 H0, the digest of `prefix` with bundle.sha256's hex digits all '0'.
Result<Sha256Digest> chunk_digest_of(std::span<const uint8_t> prefix, unsigned version);

// Checks the text after the magic and length (`prefix` is magic+length+header)
// against the embedded manifest; fills everything of SealedInfo but the path.
Result<SealedInfo> check_sealed_prefix(std::span<const uint8_t> prefix, std::string_view source);

// seal_bundle with a caller-chosen salt. Only for test vectors: reusing a
// salt with the same data key reuses the payload key.
Result<SealedInfo> seal_bundle_with_salt(const SealOptions& options, const crypto::StreamSalt& salt);

}  // namespace modelseal::seal
