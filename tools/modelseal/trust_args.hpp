// Whom to trust when verifying signatures: the --key, --trusted-keys, --ca and
// keyless (--certificate-identity, --certificate-oidc-issuer, --trusted-root)
// options shared by `verify` and `report`.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "modelseal/signing.hpp"

namespace modelseal::cli {

struct TrustArgs {
  std::vector<std::string> keys;  // public key files
  std::string trusted_keys;       // a folder of public keys
  std::vector<std::string> cas;   // root certificate files
  std::string certificate_identity, certificate_oidc_issuer;  // keyless Sigstore signers
  std::string trusted_root;                                   // Sigstore trusted_root.json
};

void add_trust_options(CLI::App& app, TrustArgs& args);

// The files named, for the library (load_trust_sources loads them).
TrustSources trust_sources(const TrustArgs& args);

}  // namespace modelseal::cli
