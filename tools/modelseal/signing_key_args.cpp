#include "signing_key_args.hpp"

namespace modelseal::cli {

Result<keys::PrivateKey> load_signing_key(const std::string& key_file, const std::string& passphrase_file) {
  if (!passphrase_file.empty()) {
    MS_ASSIGN_OR_RETURN(SecretBytes passphrase, keys::read_passphrase_file(passphrase_file));
    return keys::load_private_key(key_file, &passphrase);
  }
  auto plain = keys::load_private_key(key_file, nullptr);
  if (plain.ok() || plain.error().detail.find("passphrase") == std::string::npos) return plain;
  MS_ASSIGN_OR_RETURN(SecretBytes passphrase,
                      keys::prompt_passphrase("passphrase for " + key_file + ": ", false));
  return keys::load_private_key(key_file, &passphrase);
}

}  // namespace modelseal::cli
