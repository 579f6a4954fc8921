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

namespace modelseal::signing {

struct EnvelopeSigner {
  std::string method;  // "key" or "certificate"
  std::string name;    // "key <key id>", or the leaf certificate's subject
  keys::PublicKey key;
  std::string issuer;  // certificate method: the leaf's issuer
};

struct SignerTrust {
  const std::vector<keys::PublicKey>& keys;
  const std::vector<keys::Certificate>& roots;
  std::optional<std::chrono::system_clock::time_point> at;  // certificates valid then (default now)
};

// kTampered naming `sig` when no trusted signer's signature holds;
// kInvalidArgument when the trust the envelope needs was not given.
Result<EnvelopeSigner> check_envelope_signer(const formats::SigstoreBundle& bundle,
                                             const formats::DsseEnvelope& envelope,
                                             const SignerTrust& trust,
                                             const std::filesystem::path& sig);

}  // namespace modelseal::signing
