// Loading a private key named on the command line, asking for its
// passphrase only when the file is encrypted and no passphrase file is given,
// and the certificates that go with it.
#pragma once

#include <string>
#include <vector>

#include "modelseal/keys.hpp"
#include "secret_args.hpp"

namespace modelseal::cli {

Result<keys::PrivateKey> load_signing_key(const std::string& key_file, const SecretArgs& passphrase);

// --cert and then --cert-chain (leaf first); empty without --cert.
Result<std::vector<keys::Certificate>> load_certificate_chain(const std::string& cert,
                                                             const std::string& cert_chain);

}  // namespace modelseal::cli
