// RFC 3161 timestamps as Sigstore bundles carry them
// (verificationMaterial.timestampVerificationData.rfc3161Timestamps[].signedTimestamp):
//
//   TimeStampResp  = SEQUENCE { status PKIStatusInfo, timeStampToken ContentInfo OPTIONAL }
//   PKIStatusInfo  = SEQUENCE { status INTEGER (0 granted, 1 grantedWithMods, 2.. refused), ... }
//   timeStampToken = CMS SignedData (RFC 5652), eContentType id-ct-TSTInfo, exactly one
//                    SignerInfo whose signed attributes include messageDigest and the ESS
//                    signingCertificate(V2) naming the TSA certificate
//   TSTInfo        = SEQUENCE { version 1, policy, messageImprint { hashAlgorithm, hashedMessage },
//                               serialNumber, genTime GeneralizedTime, accuracy?, ordering?,
//                               nonce?, tsa [0]?, extensions [1]? }
//
// Input must be DER: it has to re-encode to the same bytes (no malleability).
// The timestamped data is the bundle's signature bytes (message signature, or
// the DSSE envelope's `sig`).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

#include "formats/sigstore/trusted_root.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr size_t kMaxTimestampBytes = 64 << 10;
// genTime and certificate times outside these years are rejected (they would
// not fit a nanosecond time_point anyway).
inline constexpr int kMinTimestampYear = 1970;
inline constexpr int kMaxTimestampYear = 2200;

struct VerifiedTimestamp {
  std::chrono::system_clock::time_point gen_time;
  std::string tsa;  // the TSA authority's uri or subject, for messages
};

// `signed_timestamp`: DER TimeStampResp (status granted or grantedWithMods).
// Verifies, for one of `authorities` (certChain[0] = the TSA signing leaf, the
// rest its CAs, all trusted as anchors):
//  - the SignerInfo names the authority's leaf (issuer and serial); a
//    certificate embedded in the token is never used in its place;
//  - the CMS signature with that leaf's key, the messageDigest attribute over
//    TSTInfo, and the ESS signingCertificate(V2) attribute naming the leaf;
//  - the leaf's ExtendedKeyUsage is critical and exactly timeStamping;
//  - the leaf chains to the authority's CAs, every certificate of the path and
//    of the authority's chain valid at genTime (inclusive);
//  - genTime inside the authority's validFor (inclusive);
//  - messageImprint = SHA-256/384/512 (as the token says) of `signed_data`.
// No nonce or policy is required. Authorities whose certificates do not parse
// are skipped. The SignerInfo must identify its signer by issuerAndSerialNumber
// (a subjectKeyIdentifier sid does not decode: kCorrupt). kTampered naming the reason; kCorrupt for
// malformed DER; kUnsupported for other imprint hashes; kLimitExceeded over
// kMaxTimestampBytes.
Result<VerifiedTimestamp> verify_rfc3161_timestamp(
    std::span<const uint8_t> signed_timestamp, std::span<const uint8_t> signed_data,
    std::span<const formats::CertificateAuthority> authorities);

}  // namespace modelseal::keys
