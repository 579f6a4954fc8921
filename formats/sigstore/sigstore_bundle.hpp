// Sigstore bundle JSON, as OpenSSF Model Signing (OMS) writes `model.sig`
// (specs/signature-v1.md). Parsing and writing only: no cryptography here.
//
//   bundle       = {"mediaType": MEDIA, "verificationMaterial": material,
//                   ("dsseEnvelope": envelope | "messageSignature": message)}
//   MEDIA        = "application/vnd.dev.sigstore.bundle+json;version=0.1"
//                / "application/vnd.dev.sigstore.bundle+json;version=0.2"
//                / "application/vnd.dev.sigstore.bundle+json;version=0.3"
//                / "application/vnd.dev.sigstore.bundle.v0.3+json"
//   material     = {KEYMAT [, "tlogEntries": [object...]]
//                         [, "timestampVerificationData": object]}
//   KEYMAT       = exactly one of
//                  "publicKey": {["hint": str] [, "rawBytes": b64] [, "keyDetails": str]}
//                  "x509CertificateChain": {"certificates": [{"rawBytes": b64}, ...1..N]}
//                  "certificate": {"rawBytes": b64}       ; Sigstore keyless: needs tlogEntries
//   envelope     = {"payload": b64, "payloadType": str,
//                   "signatures": [{"sig": b64 [, "keyid": str / null]}, ...1..N]}
//   message      = {["messageDigest": {"algorithm": str, "digest": b64},] "signature": b64}
//   b64          = strict standard base64 (formats/sigstore/base64.hpp)
//
// Unknown fields are rejected at every level modelled here (the OMS reader is
// strict); tlogEntries and timestampVerificationData are kept as opaque JSON,
// bounded in size, for the Sigstore verifier. Duplicate keys, a BOM, trailing
// bytes and deep nesting are rejected.
//
// serialize_sigstore_bundle writes compact JSON in OMS's own field order (as
// model_signing 1.1 writes it), e.g. for the key method:
//   {"mediaType":"application/vnd.dev.sigstore.bundle.v0.3+json",
//    "verificationMaterial":{"publicKey":{"hint":"<hex>"},"tlogEntries":[]},
//    "dsseEnvelope":{"payload":"<b64>","payloadType":"application/vnd.in-toto+json",
//                    "signatures":[{"sig":"<b64>","keyid":""}]}}
// (one line, no trailing newline).
#pragma once

#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::formats {

// Limits on untrusted bundles, checked before allocating.
inline constexpr size_t kMaxSigstoreBundleBytes = size_t{16} << 20;
inline constexpr size_t kMaxSigstoreJsonDepth = 16;
inline constexpr size_t kMaxDsseSignatures = 8;
inline constexpr size_t kMaxChainCertificates = 10;
inline constexpr size_t kMaxTlogEntries = 16;
inline constexpr size_t kMaxOpaqueJsonBytes = size_t{4} << 20;  // tlogEntries, timestamps, each
inline constexpr size_t kMaxBundleShortString = 4096;           // media type, hint, payloadType...

inline constexpr std::string_view kBundleMediaTypeV01 =
    "application/vnd.dev.sigstore.bundle+json;version=0.1";
inline constexpr std::string_view kBundleMediaTypeV02 =
    "application/vnd.dev.sigstore.bundle+json;version=0.2";
inline constexpr std::string_view kBundleMediaTypeV03Alt =
    "application/vnd.dev.sigstore.bundle+json;version=0.3";
// The one OMS writes and its key/certificate verifiers require.
inline constexpr std::string_view kBundleMediaTypeV03 =
    "application/vnd.dev.sigstore.bundle.v0.3+json";

enum class BundleVersion { kV0_1, kV0_2, kV0_3 };

enum class MaterialKind {
  kPublicKey,             // OMS key method: the key comes from the user
  kX509CertificateChain,  // OMS certificate method (leaf first), or v0.1/v0.2 keyless
  kCertificate,           // Sigstore keyless (v0.3): one Fulcio leaf
};

struct PublicKeyIdentifier {
  // OMS >= 1.1: hex SHA-256 of the canonical PEM public key; may be absent.
  std::optional<std::string> hint;
  // OMS 0.3.1-1.0.x wrote the PEM key here. Kept only to re-serialize: it is
  // never key material (the verifier's key always comes from the user).
  std::optional<std::vector<uint8_t>> legacy_raw_bytes;
  std::optional<std::string> legacy_key_details;
};

struct VerificationMaterial {
  MaterialKind kind = MaterialKind::kPublicKey;
  PublicKeyIdentifier public_key;                  // kind == kPublicKey
  std::vector<std::vector<uint8_t>> certificates;  // DER; chain leaf first, or the single one
  // Opaque, for the Sigstore verifier; nullopt when the field is absent.
  std::optional<nlohmann::json> tlog_entries;                 // an array of objects
  std::optional<nlohmann::json> timestamp_verification_data;  // an object
};

// keyid is optional in DSSE and OMS writers used all three forms.
enum class KeyIdForm { kAbsent, kNull, kString };

struct DsseSignature {
  std::vector<uint8_t> sig;  // DER ECDSA for OMS; never empty
  KeyIdForm keyid_form = KeyIdForm::kString;
  std::string keyid;  // kString only; OMS writes ""
};

struct DsseEnvelope {
  std::vector<uint8_t> payload;           // the in-toto statement bytes; never empty
  std::string payload_type;               // OMS: kInTotoPayloadType (checked by the verifier)
  std::vector<DsseSignature> signatures;  // 1..kMaxDsseSignatures
};

struct MessageDigest {
  std::string algorithm;  // e.g. "SHA2_256"
  std::vector<uint8_t> digest;
};

// Sigstore "hashedrekord" signatures over a blob; accepted and kept, not used by OMS.
struct MessageSignature {
  std::optional<MessageDigest> message_digest;
  std::vector<uint8_t> signature;
};

struct SigstoreBundle {
  std::string media_type = std::string(kBundleMediaTypeV03);  // as read
  BundleVersion version = BundleVersion::kV0_3;
  VerificationMaterial verification_material;
  std::variant<DsseEnvelope, MessageSignature> content;

  const DsseEnvelope* dsse() const { return std::get_if<DsseEnvelope>(&content); }
  const MessageSignature* message_signature() const {
    return std::get_if<MessageSignature>(&content);
  }
};

// `source` names the input in errors. Errors: kCorrupt "<source>: invalid
// Sigstore bundle: <json path>: <what>", kLimitExceeded for a bound,
// kUnsupported for an unknown media type.
Result<SigstoreBundle> parse_sigstore_bundle(std::string_view json, std::string_view source);

// Compact JSON in OMS's field order (see above). Absent optional fields stay
// absent; opaque members are written as stored (keys sorted). For a bundle
// modelseal creates, set tlog_entries to an empty array and keyid to "" to get
// exactly what model_signing 1.1 writes.
std::string serialize_sigstore_bundle(const SigstoreBundle& bundle);

}  // namespace modelseal::formats
