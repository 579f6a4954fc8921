// `modelseal verify`: the options, and the verdict of verify_model printed.
#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "json_output.hpp"
#include "modelseal/verify_model.hpp"
#include "output.hpp"
#include "stdin_input.hpp"
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
  std::vector<std::string> only;
  unsigned threads = 0;
  std::string revocations;
  std::vector<std::string> revocation_keys;
  bool json = false;
  bool allow_symlinks = false;
};

// `target`: the file or folder to read (standard input's private copy for '-').
VerifyRequest request_of(const VerifyFlags& f, const std::filesystem::path& target) {
  VerifyRequest request;
  request.target = target;
  request.integrity_only = f.integrity_only;
  request.signatures.assign(f.signatures.begin(), f.signatures.end());
  request.trust = trust_sources(f.trust);
  if (!f.policy.empty()) request.policy = f.policy;
  request.ignore = f.ignore;
  request.only = f.only;
  request.allow_symlinks = f.allow_symlinks;
  if (!f.revocations.empty()) request.revocations = f.revocations;
  request.revocation_keys.assign(f.revocation_keys.begin(), f.revocation_keys.end());
  request.read.threads = f.threads;
  if (!f.json) request.read.progress = terminal_progress();
  return request;
}

// "partial verification (--only): verified 3 of 7 signed files, 4 absent and not checked", and
// each absent file; a selection that left nothing absent says the verification is complete.
void print_selection(const ModelVerdict& verdict, std::string_view listed) {
  if (!verdict.selection) return;
  const SelectionCheck& s = *verdict.selection;
  const size_t total = s.checked.size() + s.absent.size();
  if (s.absent.empty()) {
    say("  --only: verified all {} {} files, none absent (a complete verification)\n", total,
               listed);
    return;
  }
  say("  partial verification (--only): verified {} of {} {} files, {} absent and not "
             "checked (no --only glob selects them)\n",
             s.checked.size(), total, listed, s.absent.size());
  for (const std::string& name : s.absent) say("    absent: {}\n", name);
}

int print_integrity(const VerifyFlags& f, const ModelVerdict& verdict) {
  if (verdict.failure) return report_error(*verdict.failure);
  if (verdict.sealed) {
    const formats::SealedHeader& h = verdict.sealed->header;
    say("verified {}: sealed {} {}, content digest {}; the header and its manifest are "
               "consistent. The payload is encrypted: `modelseal open` authenticates every chunk "
               "(integrity only: no signature was checked)\n",
               f.path, h.model_name, h.model_version, h.content_digest_text());
    return kExitOk;
  }
  const VerifiedContent& c = *verdict.content;
  const std::string files = c.absent_files.empty()
                                ? fmt::format("{}, {}", count_of(c.file_count, "file"), human_bytes(c.total_bytes))
                                : fmt::format("{} of {} listed files (partial verification)",
                                              c.file_count - c.absent_files.size(), c.file_count);
  say("verified {}: {} {}, {}, content digest {} (integrity only: no signature was "
             "checked)\n",
             f.path, c.name, c.version, files, c.content_digest.prefixed());
  print_selection(verdict, "listed");
  return kExitOk;
}

void print_verified(const VerifiedSignature& v) {
  std::string when = v.signed_at ? ", signed at " + utc_text(*v.signed_at) : "";
  say("  {}: signed by {} ({}, {} method{})\n", v.signature.string(), v.signer,
             keys::key_type_name(v.key_type), v.method, when);
  detail("    key id: {}\n", v.key_id);
  if (!v.issuer.empty()) detail("    issuer: {}\n", v.issuer);
  detail("    predicate type: {}\n", v.predicate_type);
  detail("    signed content digest: {}\n", v.signed_digest.prefixed());
  for (const std::string& name : v.unsigned_files)
    say("    tolerated by the policy: '{}' is not covered by this signature\n", name);
}

int print_signatures(const VerifyFlags& f, const ModelVerdict& verdict) {
  if (const std::optional<PolicyCheck>& policy = verdict.policy) {
    for (const SignatureCheck& check : verdict.signatures)
      if (check.error) fmt::print(stderr, "modelseal: note: {}\n", check.error->detail);
    if (!quiet() || !policy->verdict.accepted) {  // a rejection's rules print even with --quiet
      fmt::print("policy {}:\n", policy->source.string());
      for (const PolicyRuleResult& rule : policy->verdict.rules)
        fmt::print("  [{}] {}: {}\n", rule.passed ? "pass" : "FAIL", rule.rule, rule.evidence);
    }
    if (!policy->verdict.accepted) {
      fmt::print(stderr, "modelseal: error: {}: rejected by policy {}\n", f.path, policy->source.string());
      return kExitRejected;
    }
  }
  if (verdict.failure) return report_error(*verdict.failure);
  std::vector<const VerifiedSignature*> verified;
  for (const SignatureCheck& check : verdict.signatures)
    if (check.verified) verified.push_back(&*check.verified);
  const VerifiedSignature& first = *verified.front();
  std::string model = first.model_name.empty() ? "" : first.model_name + " " + first.model_version + ", ";
  const bool partial = verdict.selection && !verdict.selection->absent.empty();
  const std::string files =
      partial ? fmt::format("{} of {} signed files (partial verification)", first.file_count,
                            first.file_count + verdict.selection->absent.size())
              : count_of(first.file_count, "file");
  say("verified {}: {}{}, content digest {}\n", f.path, model, files,
             first.content_digest.prefixed());
  for (const VerifiedSignature* v : verified) print_verified(*v);
  print_selection(verdict, "signed");
  if (first.sealed)
    say("  sealed: the files were checked against the sealed header's manifest; the "
               "encrypted payload is authenticated by `modelseal open`\n");
  return kExitOk;
}

int run_verify(const VerifyFlags& f) {
  if (f.path == "-" && f.signatures.empty() && !f.integrity_only && f.policy.empty()) {
    const std::string problem = "the model comes from standard input: name its signature with --signature FILE";
    return f.json ? print_usage_document("verify", problem) : usage_error(problem);
  }
  auto input = InputFile::open(f.path);
  if (!input.ok()) return f.json ? print_error_document("verify", f.path, input.error(), f.path) : report_error(input.error());
  const VerifyRequest request = request_of(f, input->path());
  auto verdict = verify_model(request);
  if (f.json) {
    if (verdict.ok()) return print_document(model_verdict_json(*verdict));
    const Error& e = verdict.error();
    std::string file = file_named_in(e, {f.policy, f.trust.trusted_keys, f.trust.trusted_root, f.revocations});
    for (const auto* list : {&f.trust.keys, &f.trust.cas, &f.revocation_keys, &f.signatures})
      for (const std::string& k : *list)
        if (file.empty()) file = file_named_in(e, {k});
    if (file.empty()) file = file_named_in(e, {f.path});
    return print_error_document("verify", f.path, e, file);
  }
  if (!verdict.ok()) return report_error(verdict.error());
  return f.integrity_only ? print_integrity(f, *verdict) : print_signatures(f, *verdict);
}

}  // namespace

Command add_verify(CLI::App& root) {
  auto* app = root.add_subcommand("verify", "Verify a signed bundle or model folder");
  auto f = std::make_shared<VerifyFlags>();
  app->add_option("path", f->path, "A .mbundle, an extracted bundle, a model folder or file ('-': a bundle or file on standard input, with --signature)")->required();
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
  app->add_option("--only", f->only,
                  "A glob of the signed files that must be present (e.g. '*.safetensors', "
                  "'**/*.json'); signed files no glob selects may be absent from a folder, and are "
                  "checked when present; repeatable (docs/verify-only.md)")
      ->allow_extra_args(false);
  add_threads_option(*app, f->threads, "Hashing threads, for bundles and folders");
  add_allow_symlinks_flag(app, f->allow_symlinks);
  app->add_option("--revocations", f->revocations,
                  "A folder of disposal records: refuse the bundle if one names its content");
  app->add_option("--revocation-key", f->revocation_keys,
                  "A public key that signs disposal records (besides the trusted keys); repeatable")
      ->allow_extra_args(false);
  add_json_flag(*app, f->json);
  return {app, [f] { return run_verify(*f); }};
}

}  // namespace modelseal::cli
