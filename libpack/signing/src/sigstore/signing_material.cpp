#include "sigstore/verify_steps.hpp"

namespace modelseal::sigstore {

Result<SigningMaterial> signing_material(const formats::SigstoreBundle& bundle,
                                         const Signer& signer) {
  const formats::VerificationMaterial& m = bundle.verification_material;
  if (const keys::PublicKey* key = std::get_if<keys::PublicKey>(&signer)) {
    if (m.kind != formats::MaterialKind::kPublicKey)
      return make_error(ErrorCode::kInvalidArgument,
                        "the bundle is signed keyless (a certificate): give --certificate-identity "
                        "and --certificate-oidc-issuer, not --key");
    std::vector<uint8_t> der = key->der();
    if (der.empty()) return make_error(ErrorCode::kInternal, "cannot encode the public key as DER");
    return SigningMaterial{*key, std::move(der), std::nullopt, {}};
  }
  if (m.kind == formats::MaterialKind::kPublicKey)
    return make_error(ErrorCode::kInvalidArgument,
                      "the bundle is signed with a key: give the public key (--key)");
  std::vector<keys::Certificate> chain;
  for (const auto& der : m.certificates) {
    MS_ASSIGN_OR_RETURN(keys::Certificate cert, keys::Certificate::from_der(der));
    chain.push_back(std::move(cert));
  }
  MS_ASSIGN_OR_RETURN(keys::PublicKey key, chain.front().public_key());
  std::vector<keys::Certificate> intermediates(chain.begin() + 1, chain.end());
  return SigningMaterial{std::move(key), m.certificates.front(), chain.front(),
                         std::move(intermediates)};
}

}  // namespace modelseal::sigstore
