// check_logged_body: the Rekor body records the bundle's signature, verifier
// and digests (notes step 4).
#include "sigstore/tlog_verify.hpp"

#include <span>
#include <string>
#include <string_view>

#include "formats/sigstore/dsse.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/keys.hpp"

namespace modelseal::sigstore {
namespace {

Result<std::array<uint8_t, 32>> sha256_bytes(std::span<const uint8_t> data) {
  MS_ASSIGN_OR_RETURN(Sha256Digest d, sha256_of(data));
  return d.bytes;
}

Status check_sha256(const std::optional<formats::RekorDigest>& recorded,
                    const std::array<uint8_t, 32>& expected, std::string_view field) {
  if (!recorded) return log_entry_tampered(std::string(field) + " is missing from the body");
  if (recorded->algorithm != "sha256" || !bytes_equal(recorded->value, expected))
    return log_entry_tampered(std::string(field) + " differs from the bundle's");
  return {};
}

// Keys are compared as canonical SPKI so that encodings of one key agree.
Status check_verifier(const formats::RekorVerifier& logged, const LoggedContent& content) {
  if (logged.is_certificate != content.verifier_is_certificate)
    return log_entry_tampered(logged.is_certificate ? "verifier is a certificate, the bundle has a key"
                                          : "verifier is a key, the bundle has a certificate");
  if (logged.is_certificate) {
    if (!bytes_equal(logged.der, content.verifier_der))
      return log_entry_tampered("verifier certificate differs from the bundle's");
    return {};
  }
  auto logged_key = keys::PublicKey::from_der(logged.der);
  if (!logged_key.ok()) return log_entry_tampered("verifier key is not a supported public key");
  auto bundle_key = keys::PublicKey::from_der(content.verifier_der);
  if (!bundle_key.ok()) return log_entry_tampered("the bundle's key is not a supported public key");
  if (logged_key->pem() != bundle_key->pem())
    return log_entry_tampered("verifier key differs from the bundle's");
  return {};
}

Status check_signature(const formats::RekorBody& body, const LoggedContent& content) {
  if (body.signatures.size() != 1)
    return log_entry_tampered("body records " + std::to_string(body.signatures.size()) +
                    " signatures, expected 1");
  const formats::RekorSignature& logged = body.signatures.front();
  if (!bytes_equal(logged.signature, content.signature))
    return log_entry_tampered("signature differs from the bundle's");
  return check_verifier(logged.verifier, content);
}

// hashedrekord signs a digest: the artifact's, or over DSSE the PAE's.
Status check_hashedrekord_digest(const formats::RekorBody& body, const LoggedContent& content) {
  if (content.dsse != nullptr) {
    const auto pae = formats::dsse_pae(content.dsse->payload_type, content.dsse->payload);
    MS_ASSIGN_OR_RETURN(auto pae_digest, sha256_bytes(pae));
    return check_sha256(body.artifact_digest, pae_digest, "digest (of the DSSE PAE)");
  }
  return check_sha256(body.artifact_digest, *content.artifact_sha256, "artifact digest");
}

Status check_payload_hash(const formats::RekorBody& body, const LoggedContent& content) {
  if (content.dsse == nullptr)
    return log_entry_tampered("a " + body.kind + " entry records a DSSE envelope, the bundle has none");
  MS_ASSIGN_OR_RETURN(auto payload_digest, sha256_bytes(content.dsse->payload));
  return check_sha256(body.payload_hash, payload_digest, "payloadHash");
}

}  // namespace

Status check_logged_body(const formats::TlogEntry& entry, const LoggedContent& content) {
  if (!content.artifact_sha256 && content.dsse == nullptr)
    return make_error(ErrorCode::kInvalidArgument,
                      "logged content needs an artifact digest or a DSSE envelope");
  const std::string_view text(reinterpret_cast<const char*>(entry.canonicalized_body.data()),
                              entry.canonicalized_body.size());
  MS_ASSIGN_OR_RETURN(formats::RekorBody body,
                      formats::parse_rekor_body(text, "tlog entry canonicalizedBody"));
  if (body.kind != entry.kind || body.api_version != entry.version)
    return log_entry_tampered("kindVersion " + entry.kind + " " + entry.version +
                    " differs from the body's " + body.kind + " " + body.api_version);
  MS_TRY(check_signature(body, content));
  if (body.kind == "hashedrekord") return check_hashedrekord_digest(body, content);
  return check_payload_hash(body, content);
}

}  // namespace modelseal::sigstore
