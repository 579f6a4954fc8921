// Sigstore trusted root (trusted_root.json; protobuf-specs TrustedRoot, JSON
// mapping), the keys and certificates offline Sigstore verification trusts.
// Parsing only: keys and certificates are kept as DER for the verifier.
//
//   root      = {"mediaType": MEDIA, "tlogs": [log...], "ctlogs": [log...],
//                "certificateAuthorities": [authority...],
//                "timestampAuthorities": [authority...]}          ; lists optional
//   MEDIA     = "application/vnd.dev.sigstore.trustedroot+json;version=0.1"
//             / "application/vnd.dev.sigstore.trustedroot+json;version=0.2"
//   log       = {"baseUrl": str, "hashAlgorithm": str,
//                "publicKey": {"rawBytes": b64 (DER SPKI), "keyDetails": str,
//                              "validFor": range},
//                "logId": {"keyId": b64}}
//   authority = {"subject": {["organization": str] ["commonName": str]},
//                "uri": str, "certChain": {"certificates": [{"rawBytes": b64}...1..N]},
//                "validFor": range}
//   range     = {"start": TIME [, "end": TIME]}                    ; both ends inclusive
//   TIME      = RFC 3339 "YYYY-MM-DDThh:mm:ss[.fraction](Z / +hh:mm / -hh:mm)"
//
// Unknown fields are ignored (the format evolves) and JSON null counts as
// absent; a known field of the wrong type is rejected, as is a range without
// a start. Duplicate keys, a BOM, deep nesting and the limits below are rejected.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/text/rfc3339.hpp"
#include "modelseal/result.hpp"

namespace modelseal::formats {

inline constexpr size_t kMaxTrustedRootBytes = size_t{1} << 20;
inline constexpr size_t kMaxTrustedRootJsonDepth = 12;
inline constexpr size_t kMaxTrustedRootEntries = 64;  // per list
inline constexpr size_t kMaxTrustedRootChainCertificates = 10;
inline constexpr size_t kMaxTrustedRootString = 4096;

inline constexpr std::string_view kTrustedRootMediaTypeV01 =
    "application/vnd.dev.sigstore.trustedroot+json;version=0.1";
inline constexpr std::string_view kTrustedRootMediaTypeV02 =
    "application/vnd.dev.sigstore.trustedroot+json;version=0.2";

using TimePoint = std::chrono::system_clock::time_point;

struct ValidityWindow {
  TimePoint start;
  std::optional<TimePoint> end;  // absent: still valid

  bool contains(TimePoint t) const { return t >= start && (!end || t <= *end); }
};

struct TransparencyLogInstance {
  std::string base_url;
  std::string hash_algorithm;  // e.g. "SHA2_256"
  std::vector<uint8_t> public_key_der;
  std::string key_details;  // e.g. "PKIX_ECDSA_P256_SHA_256", "PKIX_ED25519"
  ValidityWindow valid_for;
  std::vector<uint8_t> log_id;  // logId.keyId
};

struct CertificateAuthority {
  std::string organization;  // subject; empty when absent
  std::string common_name;
  std::string uri;
  std::vector<std::vector<uint8_t>> cert_chain;  // DER, leaf (or TSA signer) first
  ValidityWindow valid_for;
};

struct TrustedRoot {
  std::string media_type;
  std::vector<TransparencyLogInstance> tlogs;
  std::vector<TransparencyLogInstance> ctlogs;
  std::vector<CertificateAuthority> certificate_authorities;
  std::vector<CertificateAuthority> timestamp_authorities;
};

// Errors name `source` and the JSON path: kCorrupt, kLimitExceeded,
// kUnsupported (unknown media type).
Result<TrustedRoot> parse_trusted_root(std::string_view json, std::string_view source);


}  // namespace modelseal::formats
