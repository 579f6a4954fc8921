// Loading a private key named on the command line, asking for its
// passphrase only when the file is encrypted and no passphrase file is given.
#pragma once

#include <string>

#include "modelseal/keys.hpp"

namespace modelseal::cli {

Result<keys::PrivateKey> load_signing_key(const std::string& key_file, const std::string& passphrase_file);

}  // namespace modelseal::cli
