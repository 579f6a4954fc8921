// The unencrypted front of a sealed bundle (specs/sealed-bundle-v1.md §1, §1.4 for v2):
//
//   sealed-bundle = magic header-length header payload
//   magic         = "modelseal.sealed/v2\n"            ; 20 bytes ("/v1" in version 1)
//   header-length = u32be(len(header))                  ; 1 .. 72 MiB
//   header        = canonical JSON object:
//     {"aead":"AES-256-GCM/STREAM-64KiB","bundle":{"sha256":"<hex>","size":N},
//      "bundle_toml":"<text>","content_digest":"sha256:<hex>","format":"modelseal.sealed/v2",
//      "key_id":"dk-<32 hex>","keystore_id":"ks-<32 hex>","manifest":{...},
//      "model":{"name":S,"version":S},"salt":"<64 hex>"}
//
// The manifest is embedded as a JSON object: its canonical dump followed by
// "\n" is byte for byte the bundle's .modelseal/manifest.json entry, so its
// SHA-256 can be recomputed. This parser checks syntax, the exact key set,
// canonical form, formats of ids and digests, and that content_digest and
// model equal the manifest's; validating the manifest itself (schema, root
// digest) needs libpack and happens there.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "modelseal/digest.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats {

// Version 2 is written; version 1 is still read. They differ only in the payload (the key
// derivation's label and the last chunk's AAD), not in the header's fields.
inline constexpr unsigned kSealedVersionWritten = 2;
inline constexpr std::string_view kSealedMagicV1{"modelseal.sealed/v1\n", 20};
inline constexpr std::string_view kSealedMagicV2{"modelseal.sealed/v2\n", 20};
inline constexpr size_t kSealedMagicBytes = 20;
inline constexpr size_t kSealedPrefixBytes = 24;  // magic + u32be length
inline constexpr uint32_t kSealedMaxHeaderBytes = 72u << 20;
inline constexpr std::string_view kSealedAead = "AES-256-GCM/STREAM-64KiB";
inline constexpr size_t kSealedSaltBytes = 32;
// Longest string value: a margin above bundle_toml, the longest, which
// bundle-toml-v1.md section 1 caps at 1 MiB (kMaxBundleTomlBytes).
inline constexpr size_t kSealedMaxStringBytes = 4u << 20;
// Where bundle.sha256's 64 hex digits lie in magic || length || header: a canonical header
// always starts {"aead":"AES-256-GCM/STREAM-64KiB","bundle":{"sha256":" (keys sorted).
inline constexpr size_t kSealedBundleSha256Offset = kSealedPrefixBytes + 55;
inline constexpr size_t kSealedBundleSha256HexBytes = 64;

struct SealedHeader {
  unsigned version = kSealedVersionWritten;  // 1 or 2: the magic's and "format"'s
  Sha256Digest bundle_sha256;
  uint64_t bundle_size = 0;
  std::string bundle_toml;
  Sha256Digest content_digest;
  std::string key_id;       // "dk-<32 hex>"
  std::string keystore_id;  // "ks-<32 hex>"
  std::string manifest_json;  // canonical manifest text WITH its final "\n"
  std::string model_name;
  std::string model_version;
  std::array<uint8_t, kSealedSaltBytes> salt{};

  std::string content_digest_text() const;  // "sha256:<hex>"
};

// "dk-" / "ks-" followed by 32 lowercase hex digits.
bool is_sealed_key_id(std::string_view id);
bool is_sealed_keystore_id(std::string_view id);

// "modelseal.sealed/v<version>" (the header's "format"; the magic is this and "\n").
std::string sealed_format_name(unsigned version);

// True for the magic of either version.
bool has_sealed_magic(std::span<const uint8_t> first_bytes);
// 1 or 2 from the magic; 0 when `first_bytes` does not start with one.
unsigned sealed_magic_version(std::span<const uint8_t> first_bytes);

// The header length from the first kSealedPrefixBytes bytes: kCorrupt without
// the magic or for a zero length, kLimitExceeded above kSealedMaxHeaderBytes.
Result<uint32_t> parse_sealed_prefix(std::span<const uint8_t> prefix);

// Strict parse of the header JSON (without magic and length); `version` from its "format".
Result<SealedHeader> parse_sealed_header(std::string_view header_json);

// magic || u32be(len) || canonical header. Fails (kInvalidArgument) when the
// result would not parse back to `header` (e.g. manifest_json not canonical).
Result<std::string> encode_sealed_prefix(const SealedHeader& header);

}  // namespace modelseal::formats
