// Whom to trust when verifying signatures: the --key, --trusted-keys and --ca
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

  bool empty() const { return keys.empty() && trusted_keys.empty() && cas.empty(); }
};

void add_trust_options(CLI::App& app, TrustArgs& args);

// Loads every key and root named and appends them to `options`.
Status load_trust(const TrustArgs& args, SignatureVerifyOptions& options);

}  // namespace modelseal::cli
