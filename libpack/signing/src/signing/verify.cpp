// verify_model_signature: who signed (trusted key or certificate chain), that
// the DSSE signature holds, that the statement is consistent, and that every
// file matches (specs/signature-v1.md, "Verification rules").
#include <algorithm>

#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "base/file_io.hpp"
#include "modelseal/sealed.hpp"
#include "modelseal/signing.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "signing/envelope_signer.hpp"
#include "signing/signed_content.hpp"
#include "signing/signing_time.hpp"
#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

namespace modelseal {
namespace {

using signing::signature_rejected;

// The statement's own consistency: the subject is SHA-256 of the resource digests.
Status check_statement(const formats::OmsStatement& st, const std::filesystem::path& sig) {
  // OpenSSF Model Signing v1.0, section 6.1: a model contains at least one file.
  if (st.resources.empty()) return signature_rejected(sig, "the statement lists no file: a model contains at least one");
  if (st.predicate_kind == formats::PredicateKind::kLegacyDigestsV01) return {};
  if (st.serialization.method != "files" || st.serialization.hash_type != "sha256")
    return make_error(ErrorCode::kUnsupported,
                      sig.string() + ": serialization '" + st.serialization.method + "' with " +
                          st.serialization.hash_type + " is not supported (only files/sha256)");
  std::vector<Sha256Digest> digests;
  for (const formats::OmsResource& r : st.resources) {
    auto d = Sha256Digest::from_hex(r.digest_hex);
    if (r.algorithm != "sha256" || !d) return signature_rejected(sig, "resource '" + r.name + "' is not a sha256 digest");
    digests.push_back(*d);
  }
  MS_ASSIGN_OR_RETURN(Sha256Digest root, tree::root_digest(digests));
  auto subject = Sha256Digest::from_hex(st.subjects.front().sha256_hex);
  if (!subject || !digests_equal(*subject, root))
    return signature_rejected(sig, "the statement is inconsistent: its subject digest is not the digest of its files");
  return {};
}

// The root digest of the files the statement lists, in OMS order whatever order it lists them
// in: the content the signer vouched for, as a bundle's content digest would name it.
Result<Sha256Digest> signed_content_digest(const formats::OmsStatement& st,
                                           const std::filesystem::path& sig) {
  std::vector<const formats::OmsResource*> sorted;
  for (const formats::OmsResource& r : st.resources) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), [](const formats::OmsResource* a, const formats::OmsResource* b) {
    return tree::path_less(a->name, b->name);
  });
  std::vector<Sha256Digest> digests;
  for (const formats::OmsResource* r : sorted) {
    auto d = Sha256Digest::from_hex(r->digest_hex);
    if (!d) return signature_rejected(sig, "resource '" + r->name + "' is not a sha256 digest");
    digests.push_back(*d);
  }
  return tree::root_digest(digests);
}

}  // namespace

Result<VerifiedSignature> verify_model_signature(const SignatureVerifyOptions& o) {
  const std::filesystem::path sig =
      o.signature ? *o.signature : signing::default_signature_path(o.target);
  // model.sig or BUNDLE.sig found beside the target is never a link; --signature may be.
  MS_ASSIGN_OR_RETURN(std::string text,
                      fs::read_small_file(sig, formats::kMaxSigstoreBundleBytes,
                                          o.signature ? fs::Links::kFollow : fs::Links::kRefuse));
  auto parsed = formats::parse_sigstore_bundle(text, sig.string());
  if (!parsed.ok())
    return make_error(is_rejection(parsed.error().code) ? parsed.error().code : ErrorCode::kCorrupt,
                      parsed.error().detail);
  const formats::DsseEnvelope* env = parsed->dsse();
  if (!env) return make_error(ErrorCode::kUnsupported, sig.string() + ": not a DSSE signature");
  if (env->payload_type != formats::kInTotoPayloadType)
    return signature_rejected(sig, "payload type '" + env->payload_type + "' is not an in-toto statement");

  std::optional<formats::TrustedRoot> sigstore_root;
  std::optional<signing::KeylessTrust> keyless;
  if (o.certificate_identity && o.certificate_oidc_issuer) {
    MS_ASSIGN_OR_RETURN(sigstore_root, sigstore::load_trusted_root(o.sigstore_trusted_root));
    keyless.emplace(signing::KeylessTrust{{*o.certificate_identity, *o.certificate_oidc_issuer}, *sigstore_root});
  }
  MS_ASSIGN_OR_RETURN(signing::EnvelopeSigner signer,
                      signing::check_envelope_signer(*parsed, *env,
                                                     {o.trusted_keys, o.trusted_roots, o.at,
                                                      keyless ? &*keyless : nullptr},
                                                     sig));
  MS_ASSIGN_OR_RETURN(formats::OmsStatement st, formats::parse_oms_statement(env->payload, sig.string()));
  MS_TRY(check_statement(st, sig));

  std::vector<std::string> ignore = o.ignore;
  bool target_is_bundle = is_bundle_file(o.target) || is_sealed_bundle(o.target);
  MS_ASSIGN_OR_RETURN(tree::FileSelection only, signing::parse_only(o.only, o.target));
  if (!target_is_bundle && st.serialization.ignore_paths)
    for (const std::string& p : *st.serialization.ignore_paths)
      if (tree::validate_relative_path(p).ok()) ignore.push_back(p);
  MS_ASSIGN_OR_RETURN(signing::TargetContent content,
                      signing::collect_content(o.target, ignore, sig, o.read, o.allow_symlinks));
  std::vector<signing::SignedFile> signed_files;
  for (const formats::OmsResource& r : st.resources) signed_files.push_back({r.name, r.digest_hex});
  MS_ASSIGN_OR_RETURN(signing::ContentComparison compared,
                      signing::compare_content(signed_files, content.files, o.target.string(),
                                               o.allow_unsigned_files, only));

  VerifiedSignature v;
  v.signature = sig;
  v.method = signer.method;
  v.signer = signer.name;
  v.key_id = signer.key.key_id();
  v.key_type = signer.key.type();
  v.issuer = signer.issuer;
  v.unsigned_files = std::move(compared.unsigned_files);
  v.checked_files = std::move(compared.checked_files);
  v.absent_files = std::move(compared.absent_files);
  if (auto at = st.extra.find("signed_at"); at != st.extra.end() && at->is_string())
    v.signed_at = signing::parse_utc(at->get<std::string>());
  v.predicate_type = std::string(st.predicate_type());
  v.content_digest = content.root;
  MS_ASSIGN_OR_RETURN(v.signed_digest, signed_content_digest(st, sig));
  if (content.is_bundle) {
    v.model_name = content.subject_name;
    v.model_version = content.model_version;
  }
  v.file_count = content.files.size();
  v.sealed = content.is_sealed;
  return v;
}

}  // namespace modelseal
