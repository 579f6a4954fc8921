// verify_model: integrity or signatures, then the trust policy, then the revocation list, each
// step recorded in the verdict in the order `modelseal verify` reports it.
#include "modelseal/verify_model.hpp"

#include <set>
#include <string_view>
#include <system_error>

#include <fmt/format.h>

#include "bundle/bundle_stream.hpp"
#include "signing/signed_content.hpp"
#include "signing/verify_arguments.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

void refuse(ModelVerdict& verdict, Error error) {
  verdict.accepted = false;
  verdict.failure = std::move(error);
}

// Looks the digests up in the revocation folder; refuses the model, naming the record, when one
// names its content. `trusted_keys` verify the records, with the request's revocation keys.
void check_revocations(const VerifyRequest& request, std::vector<Sha256Digest> digests,
                       std::vector<keys::PublicKey> trusted_keys, ModelVerdict& verdict) {
  if (!request.revocations) return;
  for (const stdfs::path& file : request.revocation_keys) {
    auto key = keys::load_public_key(file);
    if (!key.ok()) return refuse(verdict, key.error());
    trusted_keys.push_back(std::move(*key));
  }
  auto found = find_revocation(*request.revocations, digests, trusted_keys);
  if (!found.ok()) return refuse(verdict, found.error());
  verdict.revocations = RevocationCheck{*request.revocations, std::move(digests), *found};
  if (!*found) return;
  const Revocation& r = **found;
  const std::string signer = r.signature_problem.empty()
                                 ? "signed by " + r.record.signer
                                 : "record signature NOT verified: " + r.signature_problem;
  refuse(verdict,
         make_error(ErrorCode::kRevoked,
                    fmt::format("{}: refused: {} {} ({}) was disposed of at {} ({}; reason: {}); record {}, {}",
                                request.target.string(), r.record.name, r.record.version,
                                r.record.content_digest, r.record.effective_at, r.record.method,
                                r.record.reason, r.record.path.string(), signer)));
}

// The union of what each verified signature checked and found absent, in first-seen order.
SelectionCheck selection_of(const VerifyRequest& request, const std::vector<VerifiedSignature>& verified) {
  SelectionCheck selection{request.only, {}, {}};
  std::set<std::string_view> checked, absent;
  for (const VerifiedSignature& v : verified) {
    for (const std::string& f : v.checked_files)
      if (checked.insert(f).second) selection.checked.push_back(f);
    for (const std::string& f : v.absent_files)
      if (absent.insert(f).second) selection.absent.push_back(f);
  }
  return selection;
}

// A folder's check matched the globs against its manifest already; a bundle archive's did not.
Status check_globs_match(const VerifyRequest& request, const std::vector<FileRecord>& files) {
  if (request.only.empty()) return {};
  MS_ASSIGN_OR_RETURN(tree::FileSelection only, tree::FileSelection::parse(request.only, "--only"));
  return bundle::check_every_glob_matches(only, files, request.target.string(), "--only");
}

ModelVerdict verify_integrity(const VerifyRequest& request) {
  ModelVerdict verdict;
  verdict.target = request.target;
  verdict.integrity_only = true;
  Sha256Digest digest;
  if (is_sealed_bundle(request.target)) {
    auto info = read_sealed_info(request.target);
    if (!info.ok()) {
      refuse(verdict, info.error());
      return verdict;
    }
    digest = info->header.content_digest;
    verdict.sealed = std::move(*info);
  } else {
    std::error_code ec;
    auto checked = stdfs::is_directory(request.target, ec)
                       ? verify_bundle_folder(request.target, request.read, request.only)
                       : verify_bundle(request.target, request.read);
    if (!checked.ok()) {
      refuse(verdict, checked.error());
      return verdict;
    }
    digest = checked->content_digest;
    if (auto unmatched = check_globs_match(request, checked->files); !unmatched.ok()) {
      refuse(verdict, unmatched.error());
      return verdict;
    }
    if (!request.only.empty()) {
      SelectionCheck selection{request.only, {}, checked->absent_files};
      const std::set<std::string_view> absent(selection.absent.begin(), selection.absent.end());
      for (const FileRecord& f : checked->files)
        if (!absent.count(f.path)) selection.checked.push_back(f.path);
      verdict.selection = std::move(selection);
    }
    verdict.content = std::move(*checked);
  }
  verdict.accepted = true;
  check_revocations(request, {digest}, {}, verdict);
  return verdict;
}

// The options every signature is verified with: the policy's trust, or the request's.
Result<SignatureVerifyOptions> verify_options(const VerifyRequest& request,
                                              std::optional<TrustPolicy>& policy) {
  SignatureVerifyOptions options;
  options.target = request.target;
  options.ignore = request.ignore;
  options.only = request.only;
  options.allow_symlinks = request.allow_symlinks;
  options.read = request.read;
  options.at = request.at;
  if (request.policy) {
    if (!request.trust.empty() || !request.trust.sigstore_trusted_root.empty())
      return make_error(
          ErrorCode::kInvalidArgument,
          "--policy is the only source of trust: its [trust] keys, key_dirs and cas verify the "
          "signatures; drop --key, --trusted-keys, --ca, --certificate-identity, "
          "--certificate-oidc-issuer and --trusted-root, or add those keys and roots to the policy");
    MS_ASSIGN_OR_RETURN(policy, load_policy(*request.policy));
    options.trusted_keys = policy->trusted_keys;
    options.trusted_roots = policy->trusted_roots;
    options.allow_unsigned_files = policy->allow_unsigned_files;
  }
  MS_TRY(load_trust_sources(request.trust, options));
  if (options.trusted_keys.empty() && options.trusted_roots.empty() && !options.certificate_identity)
    return make_error(
        ErrorCode::kInvalidArgument,
        "say whom to trust: --key PUB, --trusted-keys DIR, --ca ROOT, --certificate-identity ID "
        "--certificate-oidc-issuer URL, or --policy FILE (or "
        "--integrity-only to check the content against the manifest alone)");
  return options;
}

}  // namespace

Result<ModelVerdict> verify_model(const VerifyRequest& request) {
  MS_TRY(signing::check_verify_arguments(request));
  MS_TRY(signing::parse_only(request.only, request.target));
  if (request.integrity_only) return verify_integrity(request);
  std::optional<TrustPolicy> policy;
  MS_ASSIGN_OR_RETURN(SignatureVerifyOptions options, verify_options(request, policy));
  MS_TRY(signing::check_default_signature(request));

  ModelVerdict verdict;
  verdict.target = request.target;
  std::vector<std::optional<stdfs::path>> files(request.signatures.begin(), request.signatures.end());
  if (files.empty()) files.emplace_back(std::nullopt);
  std::vector<VerifiedSignature> verified;
  for (const std::optional<stdfs::path>& file : files) {
    options.signature = file;
    SignatureCheck check{file ? *file : signing::default_signature_path(request.target), {}, {}};
    auto result = verify_model_signature(options);
    if (result.ok()) {
      verified.push_back(*result);
      check.verified = std::move(*result);
    } else {
      check.error = result.error();
    }
    verdict.signatures.push_back(std::move(check));
    if (!result.ok() && !policy) {
      refuse(verdict, result.error());
      return verdict;
    }
  }
  if (policy) {
    const auto now = request.at.value_or(std::chrono::system_clock::now());
    verdict.policy = PolicyCheck{policy->source, now, evaluate_policy(*policy, verified, now)};
    if (!verdict.policy->verdict.accepted) return verdict;
  }
  if (verified.empty()) {
    refuse(verdict, make_error(ErrorCode::kTampered, request.target.string() + ": no signature verified"));
    return verdict;
  }
  verdict.accepted = true;
  if (!request.only.empty()) verdict.selection = selection_of(request, verified);
  std::vector<Sha256Digest> digests;
  for (const VerifiedSignature& v : verified) digests.insert(digests.end(), {v.content_digest, v.signed_digest});
  check_revocations(request, std::move(digests), options.trusted_keys, verdict);
  return verdict;
}

}  // namespace modelseal
