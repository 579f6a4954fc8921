// load_trust_sources: the keys, roots and keyless identity named by files, for verify_model and
// the compliance report's signature evidence.
#include "modelseal/signing.hpp"

namespace modelseal {

Status load_trust_sources(const TrustSources& sources, SignatureVerifyOptions& options) {
  if (sources.keyless()) {
    if (sources.certificate_identity.empty() || sources.certificate_oidc_issuer.empty())
      return make_error(ErrorCode::kInvalidArgument,
                        "keyless verification needs both --certificate-identity and "
                        "--certificate-oidc-issuer");
    options.certificate_identity = sources.certificate_identity;
    options.certificate_oidc_issuer = sources.certificate_oidc_issuer;
  } else if (!sources.sigstore_trusted_root.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "--trusted-root is for keyless signatures: give --certificate-identity and "
                      "--certificate-oidc-issuer too");
  }
  if (!sources.sigstore_trusted_root.empty()) options.sigstore_trusted_root = sources.sigstore_trusted_root;
  // The keys and roots are configuration: a malformed one is kInvalidConfig (exit 2).
  for (const std::filesystem::path& file : sources.key_files) {
    auto key = keys::load_public_key(file);
    if (!key.ok()) return as_config_error(key.error());
    options.trusted_keys.push_back(std::move(*key));
  }
  if (!sources.key_dir.empty()) {
    auto dir_keys = keys::load_trusted_keys(sources.key_dir);
    if (!dir_keys.ok()) return as_config_error(dir_keys.error());
    options.trusted_keys.insert(options.trusted_keys.end(), dir_keys->begin(), dir_keys->end());
  }
  for (const std::filesystem::path& file : sources.ca_files) {
    auto roots = keys::Certificate::from_pem_file(file);
    if (!roots.ok()) return as_config_error(roots.error());
    options.trusted_roots.insert(options.trusted_roots.end(), roots->begin(), roots->end());
  }
  return {};
}

}  // namespace modelseal
