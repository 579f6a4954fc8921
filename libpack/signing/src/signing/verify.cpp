// verify_model_signature: who signed (trusted key or certificate chain), that
// the DSSE signature holds, that the statement is consistent, and that every
// file matches (specs/signature-v1.md, "Verification rules").
#include <algorithm>

#include "base/file_io.hpp"
#include "base/hex.hpp"
#include "crypto/content_digest.hpp"
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "modelseal/sealed.hpp"
#include "modelseal/signing.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "signing/bundle_ranges.hpp"
#include "signing/envelope_signer.hpp"
#include "signing/range_content.hpp"
#include "signing/signed_content.hpp"
#include "signing/signing_time.hpp"
#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

namespace modelseal {
namespace {

using signing::signature_rejected;

// A resource's algorithm: the hash_type itself, or in shards method
// "<hash_type>-sharded-<shard_size>" as model_signing names it (the OMS v1.0
// schema lists only the plain names: both are read).
bool algorithm_matches(const std::string& algorithm, const formats::OmsSerialization& s) {
  if (algorithm == s.hash_type) return true;
  return s.method == "shards" &&
         algorithm == s.hash_type + "-sharded-" + std::to_string(s.shard_size.value_or(0));
}

// The statement's own consistency: the subject is SHA-256 of the resource
// digests in listed order (whatever their algorithm), as model_signing checks it.
Status check_statement(const formats::OmsStatement& st, const std::filesystem::path& sig) {
  // OpenSSF Model Signing v1.0, section 6.1: a model contains at least one file.
  if (st.resources.empty()) return signature_rejected(sig, "the statement lists no file: a model contains at least one");
  if (st.predicate_kind == formats::PredicateKind::kLegacyDigestsV01) return {};
  const auto hash = crypto::content_hash_from_name(st.serialization.hash_type);
  if (!hash)
    return make_error(ErrorCode::kUnsupported,
                      sig.string() + ": hash_type '" + st.serialization.hash_type +
                          "' is not supported (sha256 and blake2b are)");
  MS_ASSIGN_OR_RETURN(Sha256 hasher, Sha256::create());
  for (const formats::OmsResource& r : st.resources) {
    if (!algorithm_matches(r.algorithm, st.serialization))
      return signature_rejected(sig, "resource '" + r.name + "' has algorithm '" + r.algorithm +
                               "', its serialization says " + st.serialization.hash_type);
    if (r.digest_hex.size() != 2 * crypto::content_hash_size(*hash))
      return signature_rejected(sig, "resource '" + r.name + "' is not a " + st.serialization.hash_type + " digest");
    auto digest = hex::decode(r.digest_hex);
    if (!digest) return signature_rejected(sig, "resource '" + r.name + "' is not lowercase hex");
    MS_TRY(hasher.update(*digest));
  }
  MS_ASSIGN_OR_RETURN(Sha256Digest root, hasher.finish());
  auto subject = Sha256Digest::from_hex(st.subjects.front().sha256_hex);
  if (!subject || !digests_equal(*subject, root))
    return signature_rejected(sig, "the statement is inconsistent: its subject digest is not the digest of its files");
  return {};
}

// Whole files hashed with SHA-256: what bundles, sealed bundles and folder digests hold.
bool lists_sha256_files(const formats::OmsStatement& st) {
  return st.serialization.method == "files" && st.serialization.hash_type == "sha256";
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

VerifiedSignature signer_fields(const std::filesystem::path& sig, const signing::EnvelopeSigner& signer,
                                const formats::OmsStatement& st) {
  VerifiedSignature v;
  v.signature = sig;
  v.method = signer.method;
  v.signer = signer.name;
  v.key_id = signer.key.key_id();
  v.key_type = signer.key.type();
  v.issuer = signer.issuer;
  if (auto at = st.extra.find("signed_at"); at != st.extra.end() && at->is_string())
    v.signed_at = signing::parse_utc(at->get<std::string>());
  v.predicate_type = std::string(st.predicate_type());
  return v;
}

// Shards, or BLAKE2b: the signature's byte ranges hashed in a folder, a file or a plain bundle.
Result<VerifiedSignature> verify_by_ranges(const SignatureVerifyOptions& o,
                                           const formats::OmsStatement& st,
                                           const std::filesystem::path& sig,
                                           const signing::EnvelopeSigner& signer,
                                           const std::vector<std::string>& ignore,
                                           bool target_is_bundle) {
  const std::string what = st.serialization.method == "shards"
                               ? "shard serialization"
                               : st.serialization.hash_type + " digests";
  if (is_sealed_bundle(o.target))
    return make_error(ErrorCode::kUnsupported,
                      sig.string() + ": a signature in " + what +
                          " is checked against the bundle's bytes, which a sealed bundle keeps "
                          "encrypted: `modelseal open` it, then verify the plain bundle");
  if (!o.only.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      sig.string() + ": --only is not supported for a signature in " + what +
                          ": verify the whole " + (target_is_bundle ? "bundle" : "folder"));
  signing::RangeVerified checked;
  if (target_is_bundle) {
    MS_TRY(signing::check_no_folder_options(o.ignore, o.allow_symlinks));
    MS_ASSIGN_OR_RETURN(checked, signing::verify_bundle_ranges(o.target, st, o.allow_unsigned_files, o.read));
  } else {
    MS_ASSIGN_OR_RETURN(checked, signing::verify_ranges({o.target, sig, ignore, o.allow_symlinks,
                                                         o.read.threads, o.read.progress},
                                                        st, o.allow_unsigned_files));
  }
  VerifiedSignature v = signer_fields(sig, signer, st);
  v.unsigned_files = std::move(checked.unsigned_files);
  v.content_digest = checked.content_root;
  // The root of what the signer listed, checked against the subject by check_statement.
  v.signed_digest = Sha256Digest::from_hex(st.subjects.front().sha256_hex).value_or(Sha256Digest{});
  v.file_count = checked.file_count;
  v.model_name = std::move(checked.model_name);
  v.model_version = std::move(checked.model_version);
  return v;
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
  if (!lists_sha256_files(st)) return verify_by_ranges(o, st, sig, signer, ignore, target_is_bundle);
  signing::TargetContent content;
  if (o.verified_bundle != nullptr && is_bundle_file(o.target) && o.ignore.empty() && !o.allow_symlinks) {
    content = signing::bundle_content(*o.verified_bundle);
  } else {
    MS_ASSIGN_OR_RETURN(content, signing::collect_content(o.target, ignore, sig, o.read, o.allow_symlinks));
  }
  std::vector<signing::SignedFile> signed_files;
  for (const formats::OmsResource& r : st.resources) signed_files.push_back({r.name, r.digest_hex});
  MS_ASSIGN_OR_RETURN(signing::ContentComparison compared,
                      signing::compare_content(signed_files, content.files, o.target.string(),
                                               o.allow_unsigned_files, only));

  VerifiedSignature v = signer_fields(sig, signer, st);
  v.unsigned_files = std::move(compared.unsigned_files);
  v.checked_files = std::move(compared.checked_files);
  v.absent_files = std::move(compared.absent_files);
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
