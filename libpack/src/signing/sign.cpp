// sign_model: statement over the target's files, DSSE signature, Sigstore
// bundle written atomically (specs/signature-v1.md, "Signing").
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "fs/file_io.hpp"
#include "modelseal/signing.hpp"
#include "signing/model_card_facts.hpp"
#include "signing/signed_content.hpp"
#include "signing/signing_time.hpp"

namespace modelseal {
namespace {

formats::OmsStatement make_statement(const signing::TargetContent& content) {
  formats::OmsStatement st;
  st.subjects = {{content.subject_name, content.root.hex()}};
  st.serialization.ignore_paths = content.ignored;
  for (const FileRecord& f : content.files) st.resources.push_back({f.path, "sha256", f.sha256.hex()});
  if (content.metadata) st.extra["model_card"] = signing::model_card_facts(*content.metadata);
  st.extra["signed_at"] = signing::format_utc(std::chrono::system_clock::now());
  return st;
}

Result<formats::VerificationMaterial> material_for(const SignOptions& o) {
  formats::VerificationMaterial m;
  m.tlog_entries = nlohmann::json::array();
  if (o.certificate_chain.empty()) {
    m.kind = formats::MaterialKind::kPublicKey;
    m.public_key.hint = o.signer->public_key().key_id();
    return m;
  }
  MS_ASSIGN_OR_RETURN(keys::PublicKey leaf_key, o.certificate_chain.front().public_key());
  if (leaf_key.key_id() != o.signer->public_key().key_id())
    return make_error(ErrorCode::kInvalidArgument,
                      "the signing certificate (" + o.certificate_chain.front().subject() +
                          ") does not certify the signing key");
  m.kind = formats::MaterialKind::kX509CertificateChain;
  for (const keys::Certificate& c : o.certificate_chain) m.certificates.push_back(c.der());
  return m;
}

}  // namespace

Result<SignResult> sign_model(const SignOptions& o) {
  if (!o.signer) return make_error(ErrorCode::kInvalidArgument, "sign_model: no signer");
  const std::filesystem::path sig_path =
      o.signature ? *o.signature : signing::default_signature_path(o.target);
  MS_ASSIGN_OR_RETURN(formats::VerificationMaterial material, material_for(o));
  MS_ASSIGN_OR_RETURN(signing::TargetContent content,
                      signing::collect_content(o.target, o.ignore, sig_path,
                                               ReadOptions{{}, o.threads, o.progress}));

  std::string statement = formats::serialize_oms_statement(make_statement(content));
  std::span<const uint8_t> payload(reinterpret_cast<const uint8_t*>(statement.data()), statement.size());
  std::vector<uint8_t> pae = formats::dsse_pae(formats::kInTotoPayloadType, payload);
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> signature, o.signer->sign(pae));
  MS_TRY(o.signer->public_key().verify(pae, signature));

  formats::SigstoreBundle bundle;
  bundle.verification_material = std::move(material);
  bundle.content = formats::DsseEnvelope{{payload.begin(), payload.end()},
                                         std::string(formats::kInTotoPayloadType),
                                         {{std::move(signature), formats::KeyIdForm::kString, ""}}};
  std::string text = formats::serialize_sigstore_bundle(bundle);
  MS_TRY(fs::write_file_atomically(
      sig_path, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, o.overwrite));

  std::string signer = o.certificate_chain.empty() ? "key " + o.signer->public_key().key_id()
                                                   : o.certificate_chain.front().subject();
  return SignResult{sig_path, content.root, signer, content.files.size()};
}

}  // namespace modelseal
