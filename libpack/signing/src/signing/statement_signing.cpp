#include "signing/statement_signing.hpp"

#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"

namespace modelseal::signing {
namespace {

Result<formats::VerificationMaterial> material_for(const keys::Signer& signer,
                                                   const std::vector<keys::Certificate>& chain) {
  formats::VerificationMaterial m;
  m.tlog_entries = nlohmann::json::array();
  if (chain.empty()) {
    m.kind = formats::MaterialKind::kPublicKey;
    m.public_key.hint = signer.public_key().key_id();
    return m;
  }
  MS_ASSIGN_OR_RETURN(keys::PublicKey leaf_key, chain.front().public_key());
  if (leaf_key.key_id() != signer.public_key().key_id())
    return make_error(ErrorCode::kInvalidArgument,
                      "the signing certificate (" + chain.front().subject() +
                          ") does not certify the signing key");
  m.kind = formats::MaterialKind::kX509CertificateChain;
  for (const keys::Certificate& c : chain) m.certificates.push_back(c.der());
  return m;
}

}  // namespace

Result<std::string> sign_statement(std::string_view statement, const keys::Signer& signer,
                                   const std::vector<keys::Certificate>& chain) {
  MS_ASSIGN_OR_RETURN(formats::VerificationMaterial material, material_for(signer, chain));
  std::span<const uint8_t> payload(reinterpret_cast<const uint8_t*>(statement.data()), statement.size());
  std::vector<uint8_t> pae = formats::dsse_pae(formats::kInTotoPayloadType, payload);
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> signature, signer.sign(pae));
  MS_TRY(signer.public_key().verify(pae, signature));

  formats::SigstoreBundle bundle;
  bundle.verification_material = std::move(material);
  bundle.content = formats::DsseEnvelope{{payload.begin(), payload.end()},
                                         std::string(formats::kInTotoPayloadType),
                                         {{std::move(signature), formats::KeyIdForm::kString, ""}}};
  return formats::serialize_sigstore_bundle(bundle);
}

}  // namespace modelseal::signing
