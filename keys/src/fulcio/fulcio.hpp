// Fulcio (Sigstore keyless) signing certificates: who the certificate names,
// whether it chains to a trusted Fulcio CA at a given time, and whether its
// embedded Signed Certificate Timestamps (RFC 6962) come from a trusted CT log.
//
// Fulcio leaf extensions read here:
//   subjectAltName                      rfc822Name / URI / otherName 1.3.6.1.4.1.57264.1.7
//                                       (UTF8String): the signer's identity
//   1.3.6.1.4.1.57264.1.8               DER UTF8String: the OIDC issuer
//   1.3.6.1.4.1.57264.1.1 (legacy)      raw bytes: the OIDC issuer
//   1.3.6.1.4.1.11129.2.4.2             OCTET STRING { SignedCertificateTimestampList }
//
//   SignedCertificateTimestampList = uint16 length, 1*(uint16 length, SCT)
//   SCT = version(1) = 0, log_id(32), timestamp(uint64 ms), uint16-prefixed extensions,
//         hash_alg(1), signature_alg(1), uint16-prefixed signature
#pragma once

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "formats/sigstore/trusted_root.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr size_t kMaxFulcioIdentities = 64;
inline constexpr size_t kMaxFulcioIdentityBytes = 4096;
inline constexpr size_t kMaxFulcioChainCertificates = 10;
inline constexpr size_t kMaxEmbeddedScts = 64;

struct FulcioIdentity {
  // SAN: rfc822Name emails, URIs, otherName 1.3.6.1.4.1.57264.1.7 (UTF8String), in order.
  std::vector<std::string> identities;
  // The one SAN Sigstore compares with the expected identity: the first URI,
  // else the first email, else the Fulcio otherName (sigstore-go
  // SummarizeCertificate; sigstore-js X509Certificate.subjectAltName, URI then
  // email). nullopt when the certificate has none of them.
  std::optional<std::string> signer_identity;
  // Ext 1.3.6.1.4.1.57264.1.8 (DER UTF8String), else legacy 1.3.6.1.4.1.57264.1.1 (raw bytes).
  std::optional<std::string> oidc_issuer;
};

// kCorrupt on malformed or duplicated extensions and names containing NUL.
Result<FulcioIdentity> fulcio_identity(const Certificate& leaf);

// Chain from `leaf` (+ untrusted `intermediates` from a v0.1/v0.2 bundle chain,
// may be empty) to the certChain of one of `authorities` whose validFor
// contains `at`: every certificate of the path valid at `at` (both ends
// inclusive), partial chains allowed (the anchor may be any certificate of an
// authority's chain); the leaf itself must not be an anchor and needs KeyUsage
// digitalSignature and ExtendedKeyUsage codeSigning. Returns the verified path,
// leaf first (path[1] is the issuer). kTampered naming the reason (expired at
// T, untrusted, no authority valid at T, usage); kCorrupt for an unreadable
// authority certificate.
Result<std::vector<Certificate>> verify_fulcio_chain(
    const Certificate& leaf, const std::vector<Certificate>& intermediates,
    std::span<const formats::CertificateAuthority> authorities,
    std::chrono::system_clock::time_point at);

// Embedded SCTs (ext 1.3.6.1.4.1.11129.2.4.2): at least one SCT must verify
// (RFC 6962 s3.2 precert entry: TBS = leaf TBS without the SCT extension,
// issuer_key_hash = SHA-256 of the issuer's SPKI) with a log in `ctlogs` whose
// logId equals the SCT's log id and whose validFor contains the SCT timestamp.
// kTampered when none verifies or the extension is missing; kCorrupt if malformed.
Status verify_embedded_sct(const Certificate& leaf, const Certificate& issuer,
                           std::span<const formats::TransparencyLogInstance> ctlogs);

}  // namespace modelseal::keys
