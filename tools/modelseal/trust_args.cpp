#include "trust_args.hpp"

namespace modelseal::cli {

void add_trust_options(CLI::App& app, TrustArgs& args) {
  app.add_option("--key", args.keys, "A trusted public key (PEM); repeatable")->allow_extra_args(false);
  app.add_option("--trusted-keys", args.trusted_keys, "A folder of trusted public keys (*.pub, *.pem)");
  app.add_option("--ca", args.cas, "A trusted root certificate (PEM); repeatable")->allow_extra_args(false);
}

Status load_trust(const TrustArgs& args, SignatureVerifyOptions& options) {
  for (const std::string& k : args.keys) {
    MS_ASSIGN_OR_RETURN(keys::PublicKey key, keys::load_public_key(k));
    options.trusted_keys.push_back(std::move(key));
  }
  if (!args.trusted_keys.empty()) {
    MS_ASSIGN_OR_RETURN(auto dir_keys, keys::load_trusted_keys(args.trusted_keys));
    options.trusted_keys.insert(options.trusted_keys.end(), dir_keys.begin(), dir_keys.end());
  }
  for (const std::string& ca : args.cas) {
    MS_ASSIGN_OR_RETURN(auto roots, keys::Certificate::from_pem_file(ca));
    options.trusted_roots.insert(options.trusted_roots.end(), roots.begin(), roots.end());
  }
  return {};
}

}  // namespace modelseal::cli
