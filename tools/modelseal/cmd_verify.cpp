#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/lifecycle.hpp"
#include "modelseal/policy.hpp"
#include "modelseal/signing.hpp"
#include "output.hpp"
#include "trust_args.hpp"

namespace modelseal::cli {
namespace {

struct VerifyFlags {
  std::string path;
  bool integrity_only = false;
  TrustArgs trust;
  std::vector<std::string> signatures;
  std::string policy;
  std::vector<std::string> ignore;
  unsigned threads = 0;
  std::string revocations;
  std::vector<std::string> revocation_keys;
};

// Refuses, naming the record, a bundle whose content was disposed of or revoked. `contents`: the
// digests of what was verified (the files present, and what each signature covers).
int check_revocations(const VerifyFlags& f, const std::vector<Sha256Digest>& contents,
                      const std::vector<keys::PublicKey>& trusted_keys) {
  if (f.revocations.empty()) return kExitOk;
  std::vector<keys::PublicKey> record_keys = trusted_keys;
  for (const std::string& file : f.revocation_keys) {
    auto key = keys::load_public_key(file);
    if (!key.ok()) return report_error(key.error());
    record_keys.push_back(std::move(*key));
  }
  auto found = find_revocation(f.revocations, contents, record_keys);
  if (!found.ok()) return report_error(found.error());
  if (!*found) return kExitOk;
  const Revocation& r = **found;
  std::string signer = r.signature_problem.empty() ? "signed by " + r.record.signer
                                                   : "record signature NOT verified: " + r.signature_problem;
  return report_error(make_error(
      ErrorCode::kRevoked,
      fmt::format("{}: refused: {} {} ({}) was disposed of at {} ({}; reason: {}); record {}, {}", f.path,
                  r.record.name, r.record.version, r.record.content_digest, r.record.effective_at,
                  r.record.method, r.record.reason, r.record.path.string(), signer)));
}

int run_sealed_integrity(const VerifyFlags& f) {
  auto info = read_sealed_info(f.path);
  if (!info.ok()) return report_error(info.error());
  const formats::SealedHeader& h = info->header;
  if (int refused = check_revocations(f, {h.content_digest}, {})) return refused;
  fmt::print("verified {}: sealed {} {}, content digest {}; the header and its manifest are "
             "consistent. The payload is encrypted: `modelseal open` authenticates every chunk "
             "(integrity only: no signature was checked)\n",
             f.path, h.model_name, h.model_version, h.content_digest_text());
  return kExitOk;
}

int run_integrity(const VerifyFlags& f) {
  if (is_sealed_bundle(f.path)) return run_sealed_integrity(f);
  ReadOptions options;
  options.threads = f.threads;
  options.progress = terminal_progress();
  std::error_code ec;
  auto verified = std::filesystem::is_directory(f.path, ec) ? verify_bundle_folder(f.path, options)
                                                            : verify_bundle(f.path, options);
  if (!verified.ok()) return report_error(verified.error());
  if (int refused = check_revocations(f, {verified->content_digest}, {})) return refused;
  fmt::print("verified {}: {} {}, {} files, {}, content digest {} (integrity only: no signature "
             "was checked)\n",
             f.path, verified->name, verified->version, verified->file_count,
             human_bytes(verified->total_bytes), verified->content_digest.prefixed());
  return kExitOk;
}

void print_verified(const VerifiedSignature& v) {
  std::string when = v.signed_at ? ", signed at " + utc_text(*v.signed_at) : "";
  fmt::print("  {}: signed by {} ({}, {} method{})\n", v.signature.string(), v.signer,
             keys::key_type_name(v.key_type), v.method, when);
  for (const std::string& name : v.unsigned_files)
    fmt::print("    tolerated by the policy: '{}' is not covered by this signature\n", name);
}

int run_signature(const VerifyFlags& f) {
  SignatureVerifyOptions options;
  options.target = f.path;
  options.ignore = f.ignore;
  options.read.threads = f.threads;
  options.read.progress = terminal_progress();
  std::optional<TrustPolicy> policy;
  if (!f.policy.empty()) {
    if (!f.trust.empty() || !f.trust.trusted_root.empty())
      return usage_error(
          "--policy is the only source of trust: its [trust] keys, key_dirs and cas verify the "
          "signatures; drop --key, --trusted-keys, --ca, --certificate-identity, "
          "--certificate-oidc-issuer and --trusted-root, or add those keys and roots to the policy");
    auto loaded = load_policy(f.policy);
    if (!loaded.ok()) return report_error(loaded.error());
    policy = std::move(*loaded);
    options.trusted_keys = policy->trusted_keys;
    options.trusted_roots = policy->trusted_roots;
    options.allow_unsigned_files = policy->allow_unsigned_files;
  }
  if (auto loaded = load_trust(f.trust, options); !loaded.ok()) return report_error(loaded.error());
  if (options.trusted_keys.empty() && options.trusted_roots.empty() && !options.certificate_identity)
    return usage_error(
        "say whom to trust: --key PUB, --trusted-keys DIR, --ca ROOT, --certificate-identity ID "
        "--certificate-oidc-issuer URL, or --policy FILE (or "
        "--integrity-only to check the content against the manifest alone)");

  std::vector<std::optional<std::filesystem::path>> signatures;
  for (const std::string& s : f.signatures) signatures.emplace_back(s);
  if (signatures.empty()) signatures.emplace_back(std::nullopt);
  std::vector<VerifiedSignature> verified;
  for (const auto& signature : signatures) {
    options.signature = signature;
    auto result = verify_model_signature(options);
    if (!result.ok()) {
      if (!policy) return report_error(result.error());
      fmt::print(stderr, "modelseal: note: {}\n", result.error().detail);
      continue;
    }
    verified.push_back(std::move(*result));
  }
  if (policy) {
    PolicyVerdict verdict = evaluate_policy(*policy, verified, std::chrono::system_clock::now());
    fmt::print("policy {}:\n", policy->source.string());
    for (const PolicyRuleResult& rule : verdict.rules)
      fmt::print("  [{}] {}: {}\n", rule.passed ? "pass" : "FAIL", rule.rule, rule.evidence);
    if (!verdict.accepted) {
      fmt::print(stderr, "modelseal: error: {}: rejected by policy {}\n", f.path, policy->source.string());
      return kExitRejected;
    }
  }
  if (verified.empty()) return report_error(make_error(ErrorCode::kTampered, f.path + ": no signature verified"));
  const VerifiedSignature& first = verified.front();
  std::vector<Sha256Digest> contents;
  for (const VerifiedSignature& v : verified) contents.insert(contents.end(), {v.content_digest, v.signed_digest});
  if (int refused = check_revocations(f, contents, options.trusted_keys)) return refused;
  std::string model = first.model_name.empty() ? "" : first.model_name + " " + first.model_version + ", ";
  fmt::print("verified {}: {}{} files, content digest {}\n", f.path, model, first.file_count,
             first.content_digest.prefixed());
  for (const VerifiedSignature& v : verified) print_verified(v);
  if (first.sealed)
    fmt::print("  sealed: the files were checked against the sealed header's manifest; the "
               "encrypted payload is authenticated by `modelseal open`\n");
  return kExitOk;
}

}  // namespace

Command add_verify(CLI::App& root) {
  auto* app = root.add_subcommand("verify", "Verify a signed bundle or model folder");
  auto f = std::make_shared<VerifyFlags>();
  app->add_option("path", f->path, "A .mbundle, an extracted bundle, a model folder or file")->required();
  app->add_flag("--integrity-only", f->integrity_only,
                "Check the content against the bundle's manifest only (no signature)");
  add_trust_options(*app, f->trust);
  app->add_option("--signature", f->signatures,
                  "A signature file (default: BUNDLE.sig, or FOLDER/model.sig); repeat for "
                  "countersignatures")
      ->allow_extra_args(false);
  app->add_option("--policy", f->policy,
                  "A trust policy (policy.toml): whom to trust, what to require; the only source "
                  "of trust (refused with --key, --trusted-keys, --ca or keyless options)");
  app->add_option("--ignore", f->ignore, "A path (relative to the folder) the signature leaves out")
      ->allow_extra_args(false);
  app->add_option("--threads", f->threads, "Hashing threads for folders (default: one per core)");
  app->add_option("--revocations", f->revocations,
                  "A folder of disposal records: refuse the bundle if one names its content");
  app->add_option("--revocation-key", f->revocation_keys,
                  "A public key that signs disposal records (besides the trusted keys); repeatable")
      ->allow_extra_args(false);
  return {app, [f] { return f->integrity_only ? run_integrity(*f) : run_signature(*f); }};
}

}  // namespace modelseal::cli
