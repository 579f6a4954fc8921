#include "signing_key_args.hpp"

namespace modelseal::cli {

Result<keys::PrivateKey> load_signing_key(const std::string& key_file, const SecretArgs& passphrase_args) {
  MS_ASSIGN_OR_RETURN(std::optional<SecretBytes> given, read_secret(passphrase_args));
  if (given) return keys::load_private_key(key_file, &*given);
  MS_ASSIGN_OR_RETURN(bool encrypted, keys::private_key_file_is_encrypted(key_file));
  if (!encrypted) return keys::load_private_key(key_file, nullptr);
  MS_ASSIGN_OR_RETURN(SecretBytes passphrase,
                      keys::prompt_passphrase("passphrase for " + key_file + ": ", false));
  return keys::load_private_key(key_file, &passphrase);
}

Result<std::vector<keys::Certificate>> load_certificate_chain(const std::string& cert,
                                                             const std::string& cert_chain) {
  std::vector<keys::Certificate> chain;
  if (cert.empty()) return chain;
  MS_ASSIGN_OR_RETURN(chain, keys::Certificate::from_pem_file(cert));
  if (!cert_chain.empty()) {
    MS_ASSIGN_OR_RETURN(auto rest, keys::Certificate::from_pem_file(cert_chain));
    chain.insert(chain.end(), rest.begin(), rest.end());
  }
  return chain;
}

}  // namespace modelseal::cli
