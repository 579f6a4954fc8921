// parse_sigstore_bundle: the grammar in sigstore_bundle.hpp, field by field.
#include <utility>

#include "formats/sigstore/json_reader.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
namespace sj = json_reader;

Result<BundleVersion> parse_media_type(const json& doc, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(std::string media,
                      sj::get_string(doc, "mediaType", "", kMaxBundleShortString, ctx));
  if (media == kBundleMediaTypeV01) return BundleVersion::kV0_1;
  if (media == kBundleMediaTypeV02) return BundleVersion::kV0_2;
  if (media == kBundleMediaTypeV03 || media == kBundleMediaTypeV03Alt) return BundleVersion::kV0_3;
  return ctx.error(
      ErrorCode::kUnsupported, "mediaType",
      "unsupported media type " + quote(media) + " (expected a Sigstore bundle v0.1 to v0.3)");
}

Result<PublicKeyIdentifier> parse_public_key(const json& vm, const sj::Context& ctx) {
  const std::string path = "verificationMaterial.publicKey";
  const json& pk = vm.at("publicKey");
  MS_TRY(sj::check_object(pk, {"hint", "rawBytes", "keyDetails"}, path, ctx));
  PublicKeyIdentifier id;
  if (pk.contains("hint")) {
    MS_ASSIGN_OR_RETURN(id.hint, sj::get_string(pk, "hint", path, kMaxBundleShortString, ctx));
  }
  if (pk.contains("rawBytes")) {
    MS_ASSIGN_OR_RETURN(id.legacy_raw_bytes, sj::get_base64(pk, "rawBytes", path, false, ctx));
  }
  if (pk.contains("keyDetails")) {
    MS_ASSIGN_OR_RETURN(id.legacy_key_details,
                        sj::get_string(pk, "keyDetails", path, kMaxBundleShortString, ctx));
  }
  return id;
}

Result<std::vector<uint8_t>> parse_certificate(const json& cert, const std::string& path,
                                               const sj::Context& ctx) {
  MS_TRY(sj::check_object(cert, {"rawBytes"}, path, ctx));
  return sj::get_base64(cert, "rawBytes", path, false, ctx);
}

Result<std::vector<std::vector<uint8_t>>> parse_chain(const json& vm, const sj::Context& ctx) {
  const std::string path = "verificationMaterial.x509CertificateChain";
  const json& chain = vm.at("x509CertificateChain");
  MS_TRY(sj::check_object(chain, {"certificates"}, path, ctx));
  MS_ASSIGN_OR_RETURN(const json* certs,
                      sj::get_array(chain, "certificates", path, kMaxChainCertificates, ctx));
  if (certs->empty()) return ctx.corrupt(path + ".certificates", "is empty");
  std::vector<std::vector<uint8_t>> out;
  for (size_t i = 0; i < certs->size(); ++i) {
    MS_ASSIGN_OR_RETURN(
        auto der, parse_certificate((*certs)[i], sj::item_path(path + ".certificates", i), ctx));
    out.push_back(std::move(der));
  }
  return out;
}

// Kept opaque for the Sigstore verifier, but typed and bounded.
Result<json> parse_opaque(const json& vm, std::string_view key, const sj::Context& ctx) {
  const std::string path = sj::member_path("verificationMaterial", key);
  const json& value = vm.at(key);
  if (key == "tlogEntries") {
    if (!value.is_array()) return ctx.corrupt(path, "must be an array");
    if (value.size() > kMaxTlogEntries)
      return ctx.limit(path, "has more than " + std::to_string(kMaxTlogEntries) + " entries");
    for (size_t i = 0; i < value.size(); ++i)
      if (!value[i].is_object()) return ctx.corrupt(sj::item_path(path, i), "must be an object");
  } else if (!value.is_object()) {
    return ctx.corrupt(path, "must be an object");
  }
  if (sj::dump(value).size() > kMaxOpaqueJsonBytes)
    return ctx.limit(path, "is larger than " + std::to_string(kMaxOpaqueJsonBytes) + " bytes");
  return value;
}

Result<VerificationMaterial> parse_material(const json& doc, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* vm_ptr, sj::get_object(doc, "verificationMaterial", "", ctx));
  const json& vm = *vm_ptr;
  const std::string path = "verificationMaterial";
  MS_TRY(sj::check_object(vm,
                          {"publicKey", "x509CertificateChain", "certificate", "tlogEntries",
                           "timestampVerificationData"},
                          path, ctx));
  const int kinds = int{vm.contains("publicKey")} + int{vm.contains("x509CertificateChain")} +
                    int{vm.contains("certificate")};
  if (kinds != 1)
    return ctx.corrupt(path, kinds == 0 ? "has no publicKey, x509CertificateChain or certificate"
                                        : "has more than one of publicKey, x509CertificateChain "
                                          "and certificate");
  VerificationMaterial m;
  if (vm.contains("publicKey")) {
    m.kind = MaterialKind::kPublicKey;
    MS_ASSIGN_OR_RETURN(m.public_key, parse_public_key(vm, ctx));
  } else if (vm.contains("x509CertificateChain")) {
    m.kind = MaterialKind::kX509CertificateChain;
    MS_ASSIGN_OR_RETURN(m.certificates, parse_chain(vm, ctx));
  } else {
    m.kind = MaterialKind::kCertificate;
    MS_ASSIGN_OR_RETURN(auto der,
                        parse_certificate(vm.at("certificate"), path + ".certificate", ctx));
    m.certificates.push_back(std::move(der));
  }
  if (vm.contains("tlogEntries")) {
    MS_ASSIGN_OR_RETURN(m.tlog_entries, parse_opaque(vm, "tlogEntries", ctx));
  }
  if (vm.contains("timestampVerificationData")) {
    MS_ASSIGN_OR_RETURN(m.timestamp_verification_data,
                        parse_opaque(vm, "timestampVerificationData", ctx));
  }
  // A keyless certificate proves nothing without its transparency-log entry.
  if (m.kind == MaterialKind::kCertificate && (!m.tlog_entries || m.tlog_entries->empty()))
    return ctx.corrupt(path + ".tlogEntries",
                       "is missing or empty, but a Sigstore certificate needs a log entry");
  return m;
}

Result<DsseSignature> parse_signature(const json& value, const std::string& path,
                                      const sj::Context& ctx) {
  MS_TRY(sj::check_object(value, {"sig", "keyid"}, path, ctx));
  DsseSignature s;
  MS_ASSIGN_OR_RETURN(s.sig, sj::get_base64(value, "sig", path, false, ctx));
  const auto keyid = value.find("keyid");
  if (keyid == value.end()) {
    s.keyid_form = KeyIdForm::kAbsent;
  } else if (keyid->is_null()) {
    s.keyid_form = KeyIdForm::kNull;
  } else {
    s.keyid_form = KeyIdForm::kString;
    MS_ASSIGN_OR_RETURN(s.keyid, sj::get_string(value, "keyid", path, kMaxBundleShortString, ctx));
  }
  return s;
}

Result<DsseEnvelope> parse_envelope(const json& doc, const sj::Context& ctx) {
  const std::string path = "dsseEnvelope";
  const json& env = doc.at("dsseEnvelope");
  MS_TRY(sj::check_object(env, {"payload", "payloadType", "signatures"}, path, ctx));
  DsseEnvelope e;
  MS_ASSIGN_OR_RETURN(e.payload, sj::get_base64(env, "payload", path, false, ctx));
  MS_ASSIGN_OR_RETURN(e.payload_type,
                      sj::get_string(env, "payloadType", path, kMaxBundleShortString, ctx));
  if (e.payload_type.empty()) return ctx.corrupt(path + ".payloadType", "is empty");
  MS_ASSIGN_OR_RETURN(const json* sigs,
                      sj::get_array(env, "signatures", path, kMaxDsseSignatures, ctx));
  if (sigs->empty()) return ctx.corrupt(path + ".signatures", "is empty: no signature");
  for (size_t i = 0; i < sigs->size(); ++i) {
    MS_ASSIGN_OR_RETURN(DsseSignature s,
                        parse_signature((*sigs)[i], sj::item_path(path + ".signatures", i), ctx));
    e.signatures.push_back(std::move(s));
  }
  return e;
}

Result<MessageSignature> parse_message_signature(const json& doc, const sj::Context& ctx) {
  const std::string path = "messageSignature";
  const json& msg = doc.at("messageSignature");
  MS_TRY(sj::check_object(msg, {"messageDigest", "signature"}, path, ctx));
  MessageSignature m;
  if (msg.contains("messageDigest")) {
    const std::string dpath = path + ".messageDigest";
    const json& d = msg.at("messageDigest");
    MS_TRY(sj::check_object(d, {"algorithm", "digest"}, dpath, ctx));
    MessageDigest md;
    MS_ASSIGN_OR_RETURN(md.algorithm,
                        sj::get_string(d, "algorithm", dpath, kMaxBundleShortString, ctx));
    MS_ASSIGN_OR_RETURN(md.digest, sj::get_base64(d, "digest", dpath, false, ctx));
    m.message_digest = std::move(md);
  }
  MS_ASSIGN_OR_RETURN(m.signature, sj::get_base64(msg, "signature", path, false, ctx));
  return m;
}

Result<SigstoreBundle> parse_bundle(std::string_view text, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(json doc,
                      sj::parse(text, kMaxSigstoreBundleBytes, kMaxSigstoreJsonDepth, ctx));
  MS_TRY(sj::check_object(
      doc, {"mediaType", "verificationMaterial", "dsseEnvelope", "messageSignature"}, "", ctx));
  SigstoreBundle bundle;
  MS_ASSIGN_OR_RETURN(bundle.version, parse_media_type(doc, ctx));
  bundle.media_type = doc.at("mediaType").get<std::string>();
  MS_ASSIGN_OR_RETURN(bundle.verification_material, parse_material(doc, ctx));
  const bool has_dsse = doc.contains("dsseEnvelope");
  const bool has_message = doc.contains("messageSignature");
  if (has_dsse == has_message)
    return ctx.corrupt("", has_dsse ? "has both dsseEnvelope and messageSignature"
                                    : "has neither dsseEnvelope nor messageSignature");
  if (has_dsse) {
    MS_ASSIGN_OR_RETURN(bundle.content, parse_envelope(doc, ctx));
  } else {
    MS_ASSIGN_OR_RETURN(bundle.content, parse_message_signature(doc, ctx));
  }
  return bundle;
}

}  // namespace

Result<SigstoreBundle> parse_sigstore_bundle(std::string_view text, std::string_view source) {
  const sj::Context ctx(source, "Sigstore bundle");
  try {
    return parse_bundle(text, ctx);
  } catch (const std::exception& e) {  // allocation failure: every access is checked
    return make_error(ErrorCode::kInternal, std::string(source) + ": " + e.what());
  }
}

}  // namespace modelseal::formats
