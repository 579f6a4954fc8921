// verify_bundle_signature: the order of the checks, each in its own file
// (verify_steps.hpp).
#include "modelseal/sigstore_verify.hpp"

#include "formats/json/strict_json.hpp"
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/in_toto_subject.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "sigstore/verify_steps.hpp"

namespace modelseal::sigstore {

Result<VerifiedSignature> verify_bundle_signature(const formats::SigstoreBundle& bundle,
                                                  const BundleCheck& check) {
  MS_TRY(check_bundle_structure(bundle));
  MS_ASSIGN_OR_RETURN(SigningMaterial material, signing_material(bundle, check.signer));
  VerifiedSignature result;
  MS_ASSIGN_OR_RETURN(result.verified_times, verified_times(bundle, material, check, result.evidence));
  if (const auto* expected = std::get_if<KeylessIdentity>(&check.signer)) {
    MS_ASSIGN_OR_RETURN(keys::FulcioIdentity who,
                        verify_keyless_certificate(material, *expected, check.trusted_root,
                                                   result.verified_times, result.evidence));
    result.method = "keyless";
    result.identity = who.identities.front();
    result.oidc_issuer = who.oidc_issuer.value_or("");
  } else {
    result.method = "key";
    result.identity = "key " + material.key.key_id();
  }
  MS_TRY(verify_content_signature(bundle, material.key, check.artifact_sha256));
  result.evidence.push_back(bundle.dsse() ? "DSSE signature verified"
                                          : "message signature over the artifact verified");
  return result;
}

Status verify_statement_subject(const formats::DsseEnvelope& envelope, const Sha256Digest& artifact) {
  auto rejected = [](const std::string& why) {
    return make_error(ErrorCode::kTampered, "Sigstore bundle: " + why);
  };
  if (envelope.payload_type != formats::kInTotoPayloadType)
    return rejected("DSSE payloadType '" + envelope.payload_type + "' is not " +
                    std::string(formats::kInTotoPayloadType));
  using namespace formats::strict_json;
  StrictJson st = parse_strict_json(
      std::string_view(reinterpret_cast<const char*>(envelope.payload.data()), envelope.payload.size()),
      JsonLimits{size_t{4} << 20, 32, 200000, 1 << 16});
  if (st.problem) return rejected("the in-toto statement is not valid JSON: " + st.problem->message);
  const nlohmann::json& s = st.document;
  auto type = s.is_object() ? s.find("_type") : s.end();
  if (!s.is_object() || type == s.end() || *type != formats::kInTotoStatementV1)
    return rejected("the DSSE payload is not an in-toto Statement v1");
  if (formats::has_subject_sha256(s, artifact.hex())) return {};
  return rejected("the artifact's sha256 " + artifact.hex() + " is not among the statement's subjects");
}

}  // namespace modelseal::sigstore
