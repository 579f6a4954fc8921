// The policy.toml schema (docs/policy.md): its tables and keys, limits, hints
// and value checks. The walk is in policy_load.cpp, on the TOML schema module
// (formats/toml); the file handling shared with the other policies is policy_file.hpp.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/toml/table_reader.hpp"
#include "formats/toml/value_checks.hpp"
#include "modelseal/keys.hpp"

namespace modelseal::policy_internal {

using formats::toml_schema::is_one_of;
using formats::toml_schema::Problem;

inline constexpr std::string_view kSchemaId = "modelseal.policy/v1";
inline constexpr int64_t kMaxMinSignatures = 100;
inline constexpr int64_t kMaxAgeDays = 36500;
inline constexpr size_t kMaxSignerNameBytes = 64;

inline constexpr std::array<std::string_view, 4> kRootKeys{"schema", "trust", "signer", "require"};
inline constexpr std::array<std::string_view, 3> kTrustKeys{"keys", "key_dirs", "cas"};
inline constexpr std::array<std::string_view, 4> kSignerKeys{"name", "key_id", "subject",
                                                             "issuer"};
inline constexpr std::array<std::string_view, 5> kRequireKeys{
    "min_signatures", "signers", "algorithms", "allow_unsigned_files", "max_signature_age_days"};

inline constexpr std::string_view kKeysHint =
    "public key files (PEM), relative to the policy file's folder, e.g. [\"keys/release.pub\"]";
inline constexpr std::string_view kKeyDirsHint =
    "folders whose *.pub and *.pem public keys are all trusted, e.g. [\"trusted-keys\"]";
inline constexpr std::string_view kCasHint =
    "root certificate files (PEM) for certificate signatures, e.g. [\"pki/root.pem\"]";
inline constexpr std::string_view kNameHint =
    "a short name for the report and [require] signers: letters, digits, '.', '_' and '-', "
    "e.g. \"publisher\"";
inline constexpr std::string_view kKeyIdHint =
    "the key id `modelseal keygen` prints: 64 lower-case hex digits, the SHA-256 of the public "
    "key's PEM";
inline constexpr std::string_view kSubjectHint =
    "an RFC 2253 distinguished name where '*' matches any run of characters, e.g. "
    "\"CN=registry.example.org,O=Example\"";
inline constexpr std::string_view kKindHint =
    "a [[signer]] is a key, named by key_id, or a certificate, named by subject and optionally "
    "issuer";
inline constexpr std::string_view kMinHint = "how many distinct signers must have signed, 1 to 100";
inline constexpr std::string_view kSignersHint =
    "names of [[signer]] tables that must all have signed, e.g. [\"publisher\"]";
inline constexpr std::string_view kAlgorithmsHint =
    "key types to accept: ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519";
inline constexpr std::string_view kUnsignedHint =
    "true to accept files in the model that the signature does not cover";
inline constexpr std::string_view kAgeHint = "the oldest signature to accept, in days, 1 to 36500";

// Where a key written under the wrong header belongs, for the unknown-key hint.
inline std::string_view owner_of(std::string_view key) {
  if (is_one_of(kRootKeys, key)) return "the top level, before any [table] header";
  if (is_one_of(kTrustKeys, key)) return "[trust]";
  if (is_one_of(kSignerKeys, key)) return "[[signer]]";
  if (is_one_of(kRequireKeys, key)) return "[require]";
  return {};
}

inline Problem check_signer_name(std::string_view value) {
  if (value.size() > kMaxSignerNameBytes) return "is longer than 64 characters";
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return "may contain only letters, digits, '.', '_' and '-'";
  }
  return std::nullopt;
}

inline Problem check_key_id(std::string_view value) {
  if (value.size() != 64 || value.find_first_not_of("0123456789abcdef") != std::string_view::npos)
    return "is not 64 lower-case hex digits";
  return std::nullopt;
}

inline Problem check_algorithm(std::string_view value) {
  if (keys::parse_key_type(value).ok()) return std::nullopt;
  return "is not a supported algorithm";
}

}  // namespace modelseal::policy_internal
