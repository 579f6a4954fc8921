// Rekor transparency-log entries of Sigstore bundles (verificationMaterial.
// tlogEntries[], protobuf-specs TransparencyLogEntry, JSON mapping) and the
// Rekor entry bodies they carry. Parsing only: no cryptography here (the
// verifier is libpack/signing/src/sigstore/tlog_verify.hpp).
//
//   entry    = {"logIndex": INT, "logId": {"keyId": b64},
//               "kindVersion": {"kind": str, "version": str},
//               ["integratedTime": INT,]
//               ["inclusionPromise": {"signedEntryTimestamp": b64},]
//               ["inclusionProof": proof,]
//               "canonicalizedBody": b64}
//   proof    = {"logIndex": INT, "rootHash": b64(32 bytes), "treeSize": INT,
//               "hashes": [b64(32 bytes)...0..64] [, "checkpoint": {"envelope": str}]}
//   INT      = decimal string (protobuf int64 JSON) or JSON integer, 0..2^63-1
//
// Unknown fields of the entry are rejected. Rekor bodies (canonicalizedBody,
// decoded), normalized into RekorBody; unknown body fields are ignored, known
// ones are type-checked:
//   hashedrekord 0.0.1: {"kind","apiVersion","spec":{"data":{"hash":{"algorithm","value":hex}},
//                        "signature":{"content":b64,"publicKey":{"content":b64(PEM)}}}}
//   hashedrekord 0.0.2: {"kind","apiVersion","spec":{"hashedRekordV002":{"data":{"algorithm",
//                        "digest":b64},"signature":V2SIG}}}
//   dsse 0.0.1:         {"kind","apiVersion","spec":{"envelopeHash":HEXHASH,"payloadHash":HEXHASH,
//                        "signatures":[{"signature":b64,"verifier":b64(PEM)}...]}}
//   dsse 0.0.2:         {"kind","apiVersion","spec":{"dsseV002":{"payloadHash":{"algorithm",
//                        "digest":b64},"signatures":[V2SIG...]}}}
//   intoto 0.0.2:       {"kind","apiVersion","spec":{"content":{"envelope":{"signatures":
//                        [{"sig":b64(b64(sig)),"publicKey":b64(PEM)}...]},
//                        ["hash":HEXHASH,] "payloadHash":HEXHASH}}}
//   V2SIG   = {"content":b64,"verifier":{("x509Certificate"|"publicKey"):{"rawBytes":b64},
//              ["keyDetails":str]}}
//   HEXHASH = {"algorithm":"sha256"/"sha384"/"sha512","value":lower-case hex}
//   PEM     = one "CERTIFICATE" or "PUBLIC KEY" block
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::formats {

inline constexpr size_t kMaxTlogProofHashes = 64;  // a tree of < 2^64 leaves
inline constexpr size_t kMaxRekorBodyBytes = size_t{4} << 20;
inline constexpr size_t kMaxTlogEntryJsonBytes = size_t{8} << 20;
inline constexpr size_t kMaxCheckpointEnvelopeBytes = size_t{64} << 10;
inline constexpr size_t kMaxTlogShortString = 256;  // kind, version, algorithm names
inline constexpr size_t kMaxLogIdBytes = 64;
inline constexpr size_t kMaxRekorSignatures = 8;
inline constexpr size_t kMaxRekorBodyDepth = 16;
// Seconds since the epoch; keeps a time_point of nanoseconds from overflowing.
inline constexpr int64_t kMaxIntegratedTime = int64_t{1} << 33;

using Sha256Bytes = std::array<uint8_t, 32>;

struct TlogInclusionProof {
  uint64_t log_index = 0;  // index in the log shard the tree covers
  Sha256Bytes root_hash{};
  uint64_t tree_size = 0;
  std::vector<Sha256Bytes> hashes;
  std::optional<std::string> checkpoint;  // the signed note (checkpoint.envelope)
};

struct TlogEntry {
  uint64_t log_index = 0;  // the log's global index (signed by the SET)
  std::vector<uint8_t> log_id;
  std::string kind;
  std::string version;
  std::optional<int64_t> integrated_time;                      // Rekor v1 only
  std::optional<std::vector<uint8_t>> signed_entry_timestamp;  // inclusionPromise
  std::optional<TlogInclusionProof> inclusion_proof;
  std::vector<uint8_t> canonicalized_body;
};

// The material that verified the logged signature.
struct RekorVerifier {
  std::vector<uint8_t> der;  // certificate DER, or SPKI DER
  bool is_certificate = true;
};

struct RekorSignature {
  std::vector<uint8_t> signature;  // raw (intoto's double base64 undone)
  RekorVerifier verifier;
};

struct RekorDigest {
  std::string algorithm;  // normalized: "sha256", "sha384", "sha512"
  std::vector<uint8_t> value;
};

struct RekorBody {
  std::string kind;                            // "hashedrekord", "dsse", "intoto"
  std::string api_version;                     // "0.0.1", "0.0.2"
  std::vector<RekorSignature> signatures;      // hashedrekord: exactly one
  std::optional<RekorDigest> artifact_digest;  // hashedrekord: the signed digest
  std::optional<RekorDigest> payload_hash;     // dsse, intoto: hash of the DSSE payload
  std::optional<RekorDigest> envelope_hash;    // dsse 0.0.1 envelopeHash, intoto hash
};

// One element of tlogEntries (already parsed JSON). `source` names the input
// in errors: kCorrupt "<source>: invalid Rekor log entry: <path>: <what>",
// kLimitExceeded for a bound above.
Result<TlogEntry> parse_tlog_entry(const nlohmann::json& entry, std::string_view source);
// The same from JSON text (strict JSON: formats/json/strict_json.hpp).
Result<TlogEntry> parse_tlog_entry_text(std::string_view json, std::string_view source);

// A canonicalized Rekor body. kUnsupported for another kind or version,
// kCorrupt (naming the JSON path) / kLimitExceeded otherwise.
Result<RekorBody> parse_rekor_body(std::string_view body, std::string_view source);

}  // namespace modelseal::formats
