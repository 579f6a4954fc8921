// serialize_sigstore_bundle: compact JSON in the field order model_signing 1.1 writes.
#include "formats/json/strict_json.hpp"
#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"

namespace modelseal::formats {
namespace {

using ojson = nlohmann::ordered_json;

ojson material_json(const VerificationMaterial& m) {
  ojson out = ojson::object();
  switch (m.kind) {
    case MaterialKind::kPublicKey: {
      ojson pk = ojson::object();
      if (m.public_key.hint) pk["hint"] = *m.public_key.hint;
      if (m.public_key.legacy_raw_bytes)
        pk["rawBytes"] = base64_encode(*m.public_key.legacy_raw_bytes);
      if (m.public_key.legacy_key_details) pk["keyDetails"] = *m.public_key.legacy_key_details;
      out["publicKey"] = std::move(pk);
      break;
    }
    case MaterialKind::kX509CertificateChain: {
      ojson certs = ojson::array();
      for (const auto& der : m.certificates) certs.push_back({{"rawBytes", base64_encode(der)}});
      out["x509CertificateChain"] = {{"certificates", std::move(certs)}};
      break;
    }
    case MaterialKind::kCertificate:
      out["certificate"] = {
          {"rawBytes", base64_encode(m.certificates.empty() ? std::vector<uint8_t>{}
                                                            : m.certificates.front())}};
      break;
  }
  if (m.tlog_entries) out["tlogEntries"] = ojson(*m.tlog_entries);
  if (m.timestamp_verification_data)
    out["timestampVerificationData"] = ojson(*m.timestamp_verification_data);
  return out;
}

ojson envelope_json(const DsseEnvelope& e) {
  ojson sigs = ojson::array();
  for (const DsseSignature& s : e.signatures) {
    ojson sig = {{"sig", base64_encode(s.sig)}};
    if (s.keyid_form == KeyIdForm::kString) sig["keyid"] = s.keyid;
    if (s.keyid_form == KeyIdForm::kNull) sig["keyid"] = nullptr;
    sigs.push_back(std::move(sig));
  }
  ojson out = ojson::object();
  out["payload"] = base64_encode(e.payload);
  out["payloadType"] = e.payload_type;
  out["signatures"] = std::move(sigs);
  return out;
}

ojson message_json(const MessageSignature& m) {
  ojson out = ojson::object();
  if (m.message_digest)
    out["messageDigest"] = {{"algorithm", m.message_digest->algorithm},
                            {"digest", base64_encode(m.message_digest->digest)}};
  out["signature"] = base64_encode(m.signature);
  return out;
}

}  // namespace

std::string serialize_sigstore_bundle(const SigstoreBundle& bundle) {
  ojson doc = ojson::object();
  doc["mediaType"] = bundle.media_type;
  doc["verificationMaterial"] = material_json(bundle.verification_material);
  if (const DsseEnvelope* e = bundle.dsse()) doc["dsseEnvelope"] = envelope_json(*e);
  if (const MessageSignature* m = bundle.message_signature())
    doc["messageSignature"] = message_json(*m);
  return strict_json::dump(doc);
}

}  // namespace modelseal::formats
