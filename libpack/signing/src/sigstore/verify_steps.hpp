// The steps of verify_bundle_signature, one file each, so each can be tested
// against a mutated bundle on its own.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "fulcio/fulcio.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/sigstore_verify.hpp"

namespace modelseal::sigstore {

// What signed the content, as the bundle and the caller's expectation decide.
struct SigningMaterial {
  keys::PublicKey key;
  std::vector<uint8_t> verifier_der;             // leaf certificate DER, or SPKI DER
  std::optional<keys::Certificate> leaf;         // keyless
  std::vector<keys::Certificate> intermediates;  // v0.1/v0.2 chains, after the leaf
};

// Step 0: media type rules, one DSSE signature, certificates well-formed and
// no root certificate in the chain, at least one log entry.
Status check_bundle_structure(const formats::SigstoreBundle& bundle);

// The signing key: the caller's key for key-based bundles, the leaf's for
// keyless ones. kInvalidArgument when `signer` does not fit the bundle.
Result<SigningMaterial> signing_material(const formats::SigstoreBundle& bundle,
                                         const Signer& signer);

// Steps 1 and 4-6: every log entry consistent with the bundle, included in a
// trusted log under a verified checkpoint; the times its SETs and the RFC 3161
// timestamps vouch for. kTampered when no time is verified.
Result<std::vector<TimePoint>> verified_times(const formats::SigstoreBundle& bundle,
                                              const SigningMaterial& material,
                                              const BundleCheck& check,
                                              std::vector<std::string>& evidence);

// Step 2: the Fulcio chain at every verified time, the embedded SCT, and the
// identity and issuer. Returns the matched identity (one) and the issuer.
Result<keys::FulcioIdentity> verify_keyless_certificate(const SigningMaterial& material,
                                               const KeylessIdentity& expected,
                                               const formats::TrustedRoot& root,
                                               const std::vector<TimePoint>& times,
                                               std::vector<std::string>& evidence);

// Step 7 (signature part): the DSSE signature over PAE, or the message
// signature over the artifact's SHA-256 (and messageDigest equal to it).
Status verify_content_signature(const formats::SigstoreBundle& bundle, const keys::PublicKey& key,
                                const std::optional<Sha256Digest>& artifact);

inline Error bundle_rejected(const std::string& why) {
  return make_error(ErrorCode::kTampered, "Sigstore bundle: " + why);
}

}  // namespace modelseal::sigstore
