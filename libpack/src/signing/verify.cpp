// verify_model_signature: who signed (trusted key or certificate chain), that
// the DSSE signature holds, that the statement is consistent, and that every
// file matches (specs/signature-v1.md, "Verification rules").
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "fs/file_io.hpp"
#include "modelseal/signing.hpp"
#include "signing/signed_content.hpp"
#include "signing/signing_time.hpp"
#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

namespace modelseal {
namespace {

struct Signer {
  std::string method;
  std::string name;
  keys::PublicKey key;
  std::string issuer;
};

Error rejected(const std::filesystem::path& sig, const std::string& why) {
  return make_error(ErrorCode::kTampered, sig.string() + ": " + why);
}

// Checks `sig` over the envelope with `key`: the DSSE encoding, then (for
// model_signing v0.2.0 signatures) its legacy encoding hashed with SHA-256.
bool signature_holds(const keys::PublicKey& key, const formats::DsseEnvelope& env,
                     const std::vector<uint8_t>& sig) {
  auto pae = formats::dsse_pae(env.payload_type, env.payload);
  if (key.verify(pae, sig).ok()) return true;
  auto legacy = formats::dsse_pae_legacy_v020(env.payload_type, env.payload);
  return key.verify_with_hash(legacy, sig, "sha256").ok();
}

Result<Signer> check_key_signer(const formats::SigstoreBundle& b, const formats::DsseEnvelope& env,
                                const SignatureVerifyOptions& o, const std::filesystem::path& sig) {
  if (o.trusted_keys.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      sig.string() + ": signed with a key: give the trusted public key (--key or --trusted-keys)");
  const auto& hint = b.verification_material.public_key.hint;
  bool hinted_key_trusted = false;
  for (const keys::PublicKey& key : o.trusted_keys) {
    if (hint && !hint->empty() && *hint != key.key_id()) continue;
    hinted_key_trusted = true;
    for (const formats::DsseSignature& s : env.signatures)
      if (signature_holds(key, env, s.sig)) return Signer{"key", "key " + key.key_id(), key, ""};
  }
  if (!hinted_key_trusted) return rejected(sig, "signed by key " + *hint + ", which is not a trusted key");
  return rejected(sig, "the signature does not verify with the trusted key (wrong key or altered signature)");
}

Result<Signer> check_certificate_signer(const formats::SigstoreBundle& b,
                                        const formats::DsseEnvelope& env,
                                        const SignatureVerifyOptions& o,
                                        const std::filesystem::path& sig) {
  if (o.trusted_roots.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      sig.string() + ": signed with a certificate: give the trusted root (--ca)");
  std::vector<keys::Certificate> chain;
  for (const auto& der : b.verification_material.certificates) {
    auto cert = keys::Certificate::from_der(der);
    if (!cert.ok()) return rejected(sig, "undecodable certificate: " + cert.error().detail);
    chain.push_back(std::move(*cert));
  }
  if (chain.empty()) return rejected(sig, "no certificate");
  std::vector<keys::Certificate> intermediates(chain.begin() + 1, chain.end());
  keys::ChainCheck check;
  if (o.at) check.at = *o.at;
  if (auto trusted = keys::verify_chain(chain.front(), intermediates, o.trusted_roots, check); !trusted.ok())
    return rejected(sig, trusted.error().detail);
  MS_ASSIGN_OR_RETURN(keys::PublicKey key, chain.front().public_key());
  for (const formats::DsseSignature& s : env.signatures)
    if (signature_holds(key, env, s.sig))
      return Signer{"certificate", chain.front().subject(), key, chain.front().issuer()};
  return rejected(sig, "the signature does not verify with the certificate's key");
}

Result<Signer> check_signer(const formats::SigstoreBundle& b, const formats::DsseEnvelope& env,
                            const SignatureVerifyOptions& o, const std::filesystem::path& sig) {
  switch (b.verification_material.kind) {
    case formats::MaterialKind::kPublicKey:
      return check_key_signer(b, env, o, sig);
    case formats::MaterialKind::kX509CertificateChain:
      return check_certificate_signer(b, env, o, sig);
    case formats::MaterialKind::kCertificate:
      break;
  }
  return make_error(ErrorCode::kUnsupported,
                    sig.string() + ": a keyless Sigstore signature: verifying those (Fulcio "
                                   "certificate, Rekor entry) is not supported by this version");
}

// The statement's own consistency: the subject is SHA-256 of the resource digests.
Status check_statement(const formats::OmsStatement& st, const std::filesystem::path& sig) {
  if (st.predicate_kind == formats::PredicateKind::kLegacyDigestsV01) return {};
  if (st.serialization.method != "files" || st.serialization.hash_type != "sha256")
    return make_error(ErrorCode::kUnsupported,
                      sig.string() + ": serialization '" + st.serialization.method + "' with " +
                          st.serialization.hash_type + " is not supported (only files/sha256)");
  std::vector<Sha256Digest> digests;
  for (const formats::OmsResource& r : st.resources) {
    auto d = Sha256Digest::from_hex(r.digest_hex);
    if (r.algorithm != "sha256" || !d) return rejected(sig, "resource '" + r.name + "' is not a sha256 digest");
    digests.push_back(*d);
  }
  MS_ASSIGN_OR_RETURN(Sha256Digest root, tree::root_digest(digests));
  auto subject = Sha256Digest::from_hex(st.subjects.front().sha256_hex);
  if (!subject || !digests_equal(*subject, root))
    return rejected(sig, "the statement is inconsistent: its subject digest is not the digest of its files");
  return {};
}

}  // namespace

Result<VerifiedSignature> verify_model_signature(const SignatureVerifyOptions& o) {
  const std::filesystem::path sig =
      o.signature ? *o.signature : signing::default_signature_path(o.target);
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(sig, formats::kMaxSigstoreBundleBytes));
  auto parsed = formats::parse_sigstore_bundle(text, sig.string());
  if (!parsed.ok())
    return make_error(is_rejection(parsed.error().code) ? parsed.error().code : ErrorCode::kCorrupt,
                      parsed.error().detail);
  const formats::DsseEnvelope* env = parsed->dsse();
  if (!env) return make_error(ErrorCode::kUnsupported, sig.string() + ": not a DSSE signature");
  if (env->payload_type != formats::kInTotoPayloadType)
    return rejected(sig, "payload type '" + env->payload_type + "' is not an in-toto statement");

  MS_ASSIGN_OR_RETURN(Signer signer, check_signer(*parsed, *env, o, sig));
  MS_ASSIGN_OR_RETURN(formats::OmsStatement st, formats::parse_oms_statement(env->payload, sig.string()));
  MS_TRY(check_statement(st, sig));

  std::vector<std::string> ignore = o.ignore;
  bool target_is_bundle = is_bundle_file(o.target);
  if (!target_is_bundle && st.serialization.ignore_paths)
    for (const std::string& p : *st.serialization.ignore_paths)
      if (tree::validate_relative_path(p).ok()) ignore.push_back(p);
  MS_ASSIGN_OR_RETURN(signing::TargetContent content,
                      signing::collect_content(o.target, ignore, sig, o.read));
  std::vector<signing::SignedFile> signed_files;
  for (const formats::OmsResource& r : st.resources) signed_files.push_back({r.name, r.digest_hex});
  MS_ASSIGN_OR_RETURN(auto unsigned_files, signing::compare_content(signed_files, content.files,
                                                                    o.target.string(),
                                                                    o.allow_unsigned_files));

  VerifiedSignature v;
  v.signature = sig;
  v.method = signer.method;
  v.signer = signer.name;
  v.key_id = signer.key.key_id();
  v.key_type = signer.key.type();
  v.issuer = signer.issuer;
  v.unsigned_files = std::move(unsigned_files);
  if (auto at = st.extra.find("signed_at"); at != st.extra.end() && at->is_string())
    v.signed_at = signing::parse_utc(at->get<std::string>());
  v.predicate_type = std::string(st.predicate_type());
  v.content_digest = content.root;
  if (content.is_bundle) {
    v.model_name = content.subject_name;
    v.model_version = content.model_version;
  }
  v.file_count = content.files.size();
  return v;
}

}  // namespace modelseal
