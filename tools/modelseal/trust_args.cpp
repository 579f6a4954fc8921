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

TrustSources trust_sources(const TrustArgs& args) {
  TrustSources sources;
  sources.key_files.assign(args.keys.begin(), args.keys.end());
  sources.key_dir = args.trusted_keys;
  sources.ca_files.assign(args.cas.begin(), args.cas.end());
  sources.certificate_identity = args.certificate_identity;
  sources.certificate_oidc_issuer = args.certificate_oidc_issuer;
  sources.sigstore_trusted_root = args.trusted_root;
  return sources;
}

}  // namespace modelseal::cli
