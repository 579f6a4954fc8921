// Verification of one Rekor transparency-log entry of a Sigstore bundle
// (docs: shared/design/sigstore-verification-notes.md steps 1 (SET), 3-6):
//   check_logged_body             the body records what the bundle carries
//   verify_signed_entry_timestamp the log promised inclusion at integratedTime (Rekor v1)
//   verify_log_inclusion          Merkle inclusion under a checkpoint the log signed
// A bundle's entry is trusted only when all that apply pass; each returns an
// error naming the field that failed (kTampered), or kCorrupt for a malformed
// or missing part.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "modelseal/result.hpp"

namespace modelseal::sigstore {

// What the bundle claims was logged.
struct LoggedContent {
  std::vector<uint8_t> signature;     // message signature, or the DSSE signature
  std::vector<uint8_t> verifier_der;  // leaf certificate DER (keyless) or SPKI DER (key)
  bool verifier_is_certificate = true;
  std::optional<std::array<uint8_t, 32>> artifact_sha256;  // message-signature bundles
  const formats::DsseEnvelope* dsse = nullptr;             // DSSE bundles
};

// The body's kind/version equal the entry's kindVersion, and its single
// signature, verifier and digests equal the bundle's: hashedrekord records the
// artifact's SHA-256 (or, over DSSE, SHA-256 of the PAE); dsse and intoto the
// SHA-256 of the DSSE payload. Keys are compared as canonical SPKI,
// certificates as DER. dsse 0.0.1 envelopeHash is not checked: Rekor hashes
// the envelope JSON as the client submitted it, which a verifier cannot
// reproduce in general (sigstore-js does not check it either).
// kTampered naming the field; kCorrupt / kUnsupported for the body itself;
// kInvalidArgument when `content` has neither artifact_sha256 nor dsse.
Status check_logged_body(const formats::TlogEntry& entry, const LoggedContent& content);

// SET: ECDSA over canonical JSON
// {"body":"<b64>","integratedTime":N,"logID":"<hex>","logIndex":N} with a tlog
// whose logId equals the entry's and whose validFor contains integratedTime
// (both ends inclusive). Returns integratedTime. kCorrupt without
// integratedTime or SET; kTampered if the log is unknown, the time is outside
// its validity, or no such log's key verifies the SET.
Result<std::chrono::system_clock::time_point> verify_signed_entry_timestamp(
    const formats::TlogEntry& entry, std::span<const formats::TransparencyLogInstance> tlogs);

// RFC 9162 inclusion of the leaf SHA-256(0x00 || canonicalizedBody) at
// inclusionProof.logIndex in a tree of treeSize leaves with root rootHash, and
// a checkpoint signed by the key of the tlog whose logId equals the entry's
// (signature name from its baseUrl) whose size and root equal the proof's.
// kCorrupt without an inclusion proof or checkpoint; kTampered otherwise.
Status verify_log_inclusion(const formats::TlogEntry& entry,
                            std::span<const formats::TransparencyLogInstance> tlogs);

inline Error log_entry_tampered(std::string_view what) {
  return make_error(ErrorCode::kTampered, "Rekor log entry: " + std::string(what));
}

}  // namespace modelseal::sigstore
