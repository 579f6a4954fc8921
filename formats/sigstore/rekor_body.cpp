// parse_rekor_body: the Rekor body grammars in tlog_entry.hpp, normalized
// into RekorBody. Bodies are signed by the log, so fields this verifier does
// not read are ignored; every field it reads is type-checked and bounded.
#include <string>
#include <utility>

#include "base/hex.hpp"
#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/json_reader.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
namespace sj = json_reader;

constexpr std::string_view kBodyKind = "Rekor entry body";
constexpr size_t kMaxDigestBytes = 64;

Result<const json*> member_object(const json& object, std::string_view key, const std::string& path,
                                  const sj::Context& ctx) {
  return sj::get_object(object, key, path, ctx);
}

Result<std::vector<uint8_t>> get_bytes(const json& object, std::string_view key,
                                       const std::string& path, const sj::Context& ctx) {
  return sj::get_base64(object, key, path, false, ctx);
}

Result<std::vector<uint8_t>> decode_hex(std::string_view hex, const std::string& where,
                                        const sj::Context& ctx) {
  if (hex.empty() || hex.size() % 2 != 0 || hex.size() > 2 * kMaxDigestBytes)
    return ctx.corrupt(where, "must be lower-case hex of at most 64 bytes");
  auto out = modelseal::hex::decode(hex);
  if (!out) return ctx.corrupt(where, "must be lower-case hex");
  return std::move(*out);
}

Result<std::string> normalize_algorithm(std::string_view name, const std::string& where,
                                        const sj::Context& ctx) {
  if (name == "sha256" || name == "SHA2_256") return std::string("sha256");
  if (name == "sha384" || name == "SHA2_384") return std::string("sha384");
  if (name == "sha512" || name == "SHA2_512") return std::string("sha512");
  return ctx.error(ErrorCode::kUnsupported, where, "unsupported hash algorithm " + quote(name));
}

Status check_digest_size(const RekorDigest& d, const std::string& where, const sj::Context& ctx) {
  const size_t want = d.algorithm == "sha256" ? 32 : d.algorithm == "sha384" ? 48 : 64;
  if (d.value.size() != want)
    return ctx.corrupt(where, d.algorithm + " digest must be " + std::to_string(want) + " bytes");
  return {};
}

// Rekor v1: {"algorithm": "sha256", "value": "<hex>"}
Result<RekorDigest> parse_hex_hash(const json& parent, std::string_view key,
                                   const std::string& path, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* h, member_object(parent, key, path, ctx));
  const std::string where = sj::member_path(path, key);
  MS_ASSIGN_OR_RETURN(std::string alg,
                      sj::get_string(*h, "algorithm", where, kMaxTlogShortString, ctx));
  MS_ASSIGN_OR_RETURN(std::string hex,
                      sj::get_string(*h, "value", where, 2 * kMaxDigestBytes, ctx));
  RekorDigest d;
  MS_ASSIGN_OR_RETURN(d.algorithm, normalize_algorithm(alg, where + ".algorithm", ctx));
  MS_ASSIGN_OR_RETURN(d.value, decode_hex(hex, where + ".value", ctx));
  MS_TRY(check_digest_size(d, where + ".value", ctx));
  return d;
}

// Rekor v2: {"algorithm": "SHA2_256", "digest": "<base64>"}
Result<RekorDigest> parse_b64_hash(const json& parent, std::string_view key,
                                   const std::string& path, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* h, member_object(parent, key, path, ctx));
  const std::string where = sj::member_path(path, key);
  MS_ASSIGN_OR_RETURN(std::string alg,
                      sj::get_string(*h, "algorithm", where, kMaxTlogShortString, ctx));
  RekorDigest d;
  MS_ASSIGN_OR_RETURN(d.algorithm, normalize_algorithm(alg, where + ".algorithm", ctx));
  MS_ASSIGN_OR_RETURN(d.value, get_bytes(*h, "digest", where, ctx));
  MS_TRY(check_digest_size(d, where + ".digest", ctx));
  return d;
}

// One PEM block ("CERTIFICATE" or "PUBLIC KEY"), as Rekor v1 stores verifiers.
Result<RekorVerifier> pem_verifier(const std::vector<uint8_t>& pem_bytes, const std::string& where,
                                   const sj::Context& ctx) {
  std::string_view pem(reinterpret_cast<const char*>(pem_bytes.data()), pem_bytes.size());
  while (!pem.empty() && (pem.back() == '\n' || pem.back() == '\r')) pem.remove_suffix(1);
  constexpr std::string_view kBegin = "-----BEGIN ";
  constexpr std::string_view kDashes = "-----";
  if (pem.substr(0, kBegin.size()) != kBegin) return ctx.corrupt(where, "is not a PEM block");
  const size_t label_end = pem.find(kDashes, kBegin.size());
  if (label_end == std::string_view::npos) return ctx.corrupt(where, "is not a PEM block");
  const std::string_view label = pem.substr(kBegin.size(), label_end - kBegin.size());
  RekorVerifier out;
  if (label == "CERTIFICATE") {
    out.is_certificate = true;
  } else if (label == "PUBLIC KEY") {
    out.is_certificate = false;
  } else {
    return ctx.corrupt(where, "holds an unsupported PEM block " + quote(label));
  }
  const std::string end_line = "-----END " + std::string(label) + "-----";
  const size_t body_start = label_end + kDashes.size();
  if (pem.size() < body_start + end_line.size() ||
      pem.substr(pem.size() - end_line.size()) != end_line)
    return ctx.corrupt(where, "PEM block has no matching END line");
  const std::string_view body = pem.substr(body_start, pem.size() - end_line.size() - body_start);
  std::string b64;
  for (char c : body)
    if (c != '\n' && c != '\r') b64.push_back(c);
  auto der = base64_decode(b64);
  if (!der.ok() || der->empty()) return ctx.corrupt(where, "PEM block holds invalid base64");
  out.der = std::move(der).value();
  return out;
}

Result<RekorVerifier> base64_pem_verifier(const json& parent, std::string_view key,
                                          const std::string& path, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(auto pem, get_bytes(parent, key, path, ctx));
  return pem_verifier(pem, sj::member_path(path, key), ctx);
}

// Rekor v2 Signature: {"content": b64, "verifier": {"x509Certificate"|"publicKey": {"rawBytes"}}}
Result<RekorSignature> parse_v2_signature(const json& sig, const std::string& path,
                                          const sj::Context& ctx) {
  if (!sig.is_object()) return ctx.corrupt(path, "must be an object");
  RekorSignature out;
  MS_ASSIGN_OR_RETURN(out.signature, get_bytes(sig, "content", path, ctx));
  MS_ASSIGN_OR_RETURN(const json* verifier, member_object(sig, "verifier", path, ctx));
  const std::string vpath = path + ".verifier";
  const bool has_cert = verifier->contains("x509Certificate");
  if (has_cert == verifier->contains("publicKey"))
    return ctx.corrupt(vpath, "must hold exactly one of x509Certificate and publicKey");
  const std::string_view key = has_cert ? "x509Certificate" : "publicKey";
  MS_ASSIGN_OR_RETURN(const json* material, member_object(*verifier, key, vpath, ctx));
  MS_ASSIGN_OR_RETURN(out.verifier.der,
                      get_bytes(*material, "rawBytes", sj::member_path(vpath, key), ctx));
  out.verifier.is_certificate = has_cert;
  return out;
}

Result<const json*> get_signatures(const json& spec, const std::string& path,
                                   const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* sigs,
                      sj::get_array(spec, "signatures", path, kMaxRekorSignatures, ctx));
  if (sigs->empty()) return ctx.corrupt(path + ".signatures", "is empty");
  return sigs;
}

Status parse_hashedrekord_v001(const json& spec, RekorBody& out, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* data, member_object(spec, "data", "spec", ctx));
  MS_ASSIGN_OR_RETURN(out.artifact_digest, parse_hex_hash(*data, "hash", "spec.data", ctx));
  MS_ASSIGN_OR_RETURN(const json* sig, member_object(spec, "signature", "spec", ctx));
  RekorSignature s;
  MS_ASSIGN_OR_RETURN(s.signature, get_bytes(*sig, "content", "spec.signature", ctx));
  MS_ASSIGN_OR_RETURN(const json* key, member_object(*sig, "publicKey", "spec.signature", ctx));
  MS_ASSIGN_OR_RETURN(s.verifier,
                      base64_pem_verifier(*key, "content", "spec.signature.publicKey", ctx));
  out.signatures.push_back(std::move(s));
  return {};
}

Status parse_hashedrekord_v002(const json& spec, RekorBody& out, const sj::Context& ctx) {
  const std::string path = "spec.hashedRekordV002";
  MS_ASSIGN_OR_RETURN(const json* inner, member_object(spec, "hashedRekordV002", "spec", ctx));
  MS_ASSIGN_OR_RETURN(out.artifact_digest, parse_b64_hash(*inner, "data", path, ctx));
  MS_ASSIGN_OR_RETURN(const json* sig, member_object(*inner, "signature", path, ctx));
  MS_ASSIGN_OR_RETURN(auto s, parse_v2_signature(*sig, path + ".signature", ctx));
  out.signatures.push_back(std::move(s));
  return {};
}

Status parse_dsse_v001(const json& spec, RekorBody& out, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(out.payload_hash, parse_hex_hash(spec, "payloadHash", "spec", ctx));
  if (spec.contains("envelopeHash")) {
    MS_ASSIGN_OR_RETURN(out.envelope_hash, parse_hex_hash(spec, "envelopeHash", "spec", ctx));
  }
  MS_ASSIGN_OR_RETURN(const json* sigs, get_signatures(spec, "spec", ctx));
  for (size_t i = 0; i < sigs->size(); ++i) {
    const std::string path = sj::item_path("spec.signatures", i);
    const json& item = (*sigs)[i];
    if (!item.is_object()) return ctx.corrupt(path, "must be an object");
    RekorSignature s;
    MS_ASSIGN_OR_RETURN(s.signature, get_bytes(item, "signature", path, ctx));
    MS_ASSIGN_OR_RETURN(s.verifier, base64_pem_verifier(item, "verifier", path, ctx));
    out.signatures.push_back(std::move(s));
  }
  return {};
}

Status parse_dsse_v002(const json& spec, RekorBody& out, const sj::Context& ctx) {
  const std::string path = "spec.dsseV002";
  MS_ASSIGN_OR_RETURN(const json* inner, member_object(spec, "dsseV002", "spec", ctx));
  MS_ASSIGN_OR_RETURN(out.payload_hash, parse_b64_hash(*inner, "payloadHash", path, ctx));
  MS_ASSIGN_OR_RETURN(const json* sigs, get_signatures(*inner, path, ctx));
  for (size_t i = 0; i < sigs->size(); ++i) {
    MS_ASSIGN_OR_RETURN(
        auto s, parse_v2_signature((*sigs)[i], sj::item_path(path + ".signatures", i), ctx));
    out.signatures.push_back(std::move(s));
  }
  return {};
}

// The signature is base64 of the base64 text of the signature.
Status parse_intoto_v002(const json& spec, RekorBody& out, const sj::Context& ctx) {
  const std::string path = "spec.content";
  MS_ASSIGN_OR_RETURN(const json* content, member_object(spec, "content", "spec", ctx));
  MS_ASSIGN_OR_RETURN(out.payload_hash, parse_hex_hash(*content, "payloadHash", path, ctx));
  if (content->contains("hash")) {
    MS_ASSIGN_OR_RETURN(out.envelope_hash, parse_hex_hash(*content, "hash", path, ctx));
  }
  MS_ASSIGN_OR_RETURN(const json* envelope, member_object(*content, "envelope", path, ctx));
  MS_ASSIGN_OR_RETURN(const json* sigs, get_signatures(*envelope, path + ".envelope", ctx));
  for (size_t i = 0; i < sigs->size(); ++i) {
    const std::string spath = sj::item_path(path + ".envelope.signatures", i);
    const json& item = (*sigs)[i];
    if (!item.is_object()) return ctx.corrupt(spath, "must be an object");
    MS_ASSIGN_OR_RETURN(auto sig_text, get_bytes(item, "sig", spath, ctx));
    auto sig = base64_decode(
        std::string_view(reinterpret_cast<const char*>(sig_text.data()), sig_text.size()));
    if (!sig.ok() || sig->empty()) return ctx.corrupt(spath + ".sig", "must be base64 of base64");
    RekorSignature s;
    s.signature = std::move(sig).value();
    MS_ASSIGN_OR_RETURN(s.verifier, base64_pem_verifier(item, "publicKey", spath, ctx));
    out.signatures.push_back(std::move(s));
  }
  return {};
}

}  // namespace

Result<RekorBody> parse_rekor_body(std::string_view body, std::string_view source) {
  const sj::Context ctx(source, kBodyKind);
  MS_ASSIGN_OR_RETURN(json doc, sj::parse(body, kMaxRekorBodyBytes, kMaxRekorBodyDepth, ctx));
  if (!doc.is_object()) return ctx.corrupt("", "must be an object");
  RekorBody out;
  MS_ASSIGN_OR_RETURN(out.kind, sj::get_string(doc, "kind", "", kMaxTlogShortString, ctx));
  MS_ASSIGN_OR_RETURN(out.api_version,
                      sj::get_string(doc, "apiVersion", "", kMaxTlogShortString, ctx));
  MS_ASSIGN_OR_RETURN(const json* spec, sj::get_object(doc, "spec", "", ctx));
  const std::string kv = out.kind + " " + out.api_version;
  if (kv == "hashedrekord 0.0.1") {
    MS_TRY(parse_hashedrekord_v001(*spec, out, ctx));
  } else if (kv == "hashedrekord 0.0.2") {
    MS_TRY(parse_hashedrekord_v002(*spec, out, ctx));
  } else if (kv == "dsse 0.0.1") {
    MS_TRY(parse_dsse_v001(*spec, out, ctx));
  } else if (kv == "dsse 0.0.2") {
    MS_TRY(parse_dsse_v002(*spec, out, ctx));
  } else if (kv == "intoto 0.0.2") {
    MS_TRY(parse_intoto_v002(*spec, out, ctx));
  } else {
    return ctx.error(
        ErrorCode::kUnsupported, "kind",
        "unsupported Rekor entry " + quote(out.kind) + " version " + quote(out.api_version));
  }
  return out;
}

}  // namespace modelseal::formats
