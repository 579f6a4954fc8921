// Who signed a DSSE envelope in a Sigstore bundle: a trusted key (OMS key
// method) or a certificate chaining to a trusted root (certificate method).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/sigstore_verify.hpp"

namespace modelseal::signing {

struct KeylessTrust {
  sigstore::KeylessIdentity identity;
  const formats::TrustedRoot& trusted_root;
};

struct EnvelopeSigner {
  std::string method;  // "key", "certificate" or "keyless"
  std::string name;    // "key <key id>", the leaf certificate's subject, or the keyless identity
  keys::PublicKey key;
  std::string issuer;  // certificate method: the leaf's issuer; keyless: the OIDC issuer
};

struct SignerTrust {
  const std::vector<keys::PublicKey>& keys;
  const std::vector<keys::Certificate>& roots;
  std::optional<std::chrono::system_clock::time_point> at;  // certificates valid then (default now)
  // Keyless Sigstore signatures: who must have signed, and the trusted root.
  const KeylessTrust* keyless = nullptr;
};

// kTampered naming `sig` when no trusted signer's signature holds;
// kInvalidArgument when the trust the envelope needs was not given.
Result<EnvelopeSigner> check_envelope_signer(const formats::SigstoreBundle& bundle,
                                             const formats::DsseEnvelope& envelope,
                                             const SignerTrust& trust,
                                             const std::filesystem::path& sig);

// A signature file refused: "<sig>: <why>".
inline Error signature_rejected(const std::filesystem::path& sig, const std::string& why) {
  return make_error(ErrorCode::kTampered, sig.string() + ": " + why);
}

}  // namespace modelseal::signing
