#include "trust_args.hpp"

namespace modelseal::cli {

void add_trust_options(CLI::App& app, TrustArgs& args) {
  app.add_option("--key", args.keys, "A trusted public key (PEM); repeatable")->allow_extra_args(false);
  app.add_option("--trusted-keys", args.trusted_keys, "A folder of trusted public keys (*.pub, *.pem)");
  app.add_option("--ca", args.cas, "A trusted root certificate (PEM); repeatable")->allow_extra_args(false);
  app.add_option("--certificate-identity", args.certificate_identity,
                 "Keyless Sigstore signatures: the signer's identity (certificate SAN), exact");
  app.add_option("--certificate-oidc-issuer", args.certificate_oidc_issuer,
                 "Keyless Sigstore signatures: the OIDC issuer in the certificate, exact");
  app.add_option("--trusted-root", args.trusted_root,
                 "Keyless: Sigstore trusted_root.json (default: the production root, built in)");
}

Status load_trust(const TrustArgs& args, SignatureVerifyOptions& options) {
  if (args.keyless()) {
    if (args.certificate_identity.empty() || args.certificate_oidc_issuer.empty())
      return make_error(ErrorCode::kInvalidArgument,
                        "keyless verification needs both --certificate-identity and "
                        "--certificate-oidc-issuer");
    options.certificate_identity = args.certificate_identity;
    options.certificate_oidc_issuer = args.certificate_oidc_issuer;
  } else if (!args.trusted_root.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--trusted-root is for keyless signatures: give --certificate-identity and "
                      "--certificate-oidc-issuer too");
  }
  if (!args.trusted_root.empty()) options.sigstore_trusted_root = args.trusted_root;
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
