// `verify --json`: the ModelVerdict of verify_model, every signature tried, every policy rule and
// the revocation lookup.
#include "modelseal/verdict_json.hpp"

#include <fmt/format.h>

#include "verdict/verdict_envelope.hpp"

namespace modelseal {
namespace {

using verdict_json::json;
using verdict_json::Verdict;

json signature_json(const SignatureCheck& check) {
  json out = {{"file", check.file.string()}};
  if (!check.verified) {
    out["result"] = "failed";
    if (check.error) out["error"] = verdict_json::problem_object(*check.error);
    return out;
  }
  const VerifiedSignature& v = *check.verified;
  out["result"] = "verified";
  out["method"] = v.method;
  out["signer"] = v.signer;
  out["key_id"] = v.key_id;
  out["algorithm"] = keys::key_type_name(v.key_type);
  if (!v.issuer.empty()) out["issuer"] = v.issuer;
  if (v.signed_at) out["signed_at"] = utc_text(*v.signed_at);
  out["predicate_type"] = v.predicate_type;
  out["content_digest"] = v.content_digest.prefixed();
  out["signed_digest"] = v.signed_digest.prefixed();
  out["unsigned_files"] = v.unsigned_files;
  return out;
}

json policy_json(const PolicyCheck& policy) {
  json rules = json::array();
  for (const PolicyRuleResult& r : policy.verdict.rules)
    rules.push_back({{"rule", r.rule}, {"passed", r.passed}, {"evidence", r.evidence}});
  return {{"source", policy.source.string()},
          {"evaluated_at", utc_text(policy.evaluated_at)},
          {"passed", policy.verdict.accepted},
          {"rules", std::move(rules)}};
}

json revocation_json(const RevocationCheck& check) {
  json digests = json::array();
  for (const Sha256Digest& d : check.digests) digests.push_back(d.prefixed());
  json out = {{"folder", check.folder.string()},
              {"digests_checked", std::move(digests)},
              {"revoked", check.revocation.has_value()}};
  if (check.revocation) {
    const DisposalRecord& r = check.revocation->record;
    out["record"] = {{"file", r.path.string()},
                     {"content_digest", r.content_digest},
                     {"name", r.name},
                     {"version", r.version},
                     {"effective_at", r.effective_at},
                     {"reason", r.reason},
                     {"signer", r.signer},
                     {"signature_verified", check.revocation->signature_problem.empty()}};
    if (!check.revocation->signature_problem.empty())
      out["record"]["signature_problem"] = check.revocation->signature_problem;
  }
  return out;
}

json selection_json(const SelectionCheck& selection) {
  return {{"globs", selection.globs},
          {"checked", selection.checked},
          {"absent", selection.absent},
          {"partial", !selection.absent.empty()}};
}

// What the content is, when something established it: the sealed header, the content checked
// against its manifest, or the first signature that verified.
void describe_content(const ModelVerdict& verdict, json& out) {
  if (verdict.sealed) {
    const formats::SealedHeader& h = verdict.sealed->header;
    out["content_digest"] = h.content_digest.prefixed();
    out["model"] = {{"name", h.model_name}, {"version", h.model_version}};
    out["sealed"] = true;
    return;
  }
  if (verdict.content) {
    const VerifiedContent& c = *verdict.content;
    out["content_digest"] = c.content_digest.prefixed();
    out["model"] = {{"name", c.name}, {"version", c.version}, {"file_count", c.file_count}};
    return;
  }
  for (const SignatureCheck& check : verdict.signatures) {
    if (!check.verified) continue;
    const VerifiedSignature& v = *check.verified;
    out["content_digest"] = v.content_digest.prefixed();
    out["model"] = {{"name", v.model_name}, {"version", v.model_version}, {"file_count", v.file_count}};
    if (v.sealed) out["sealed"] = true;
    return;
  }
}

// The file a failure is about: the revocation record, the signature that failed, or the target.
std::filesystem::path failure_file(const ModelVerdict& verdict, const Error& failure) {
  if (verdict.revocations && verdict.revocations->revocation) return verdict.revocations->revocation->record.path;
  for (const SignatureCheck& check : verdict.signatures)
    if (check.error && check.error->detail == failure.detail) return check.file;
  return verdict.target;
}

}  // namespace

VerdictDocument model_verdict_json(const ModelVerdict& verdict) {
  json out = verdict_json::envelope("verify", verdict.target);
  out["integrity_only"] = verdict.integrity_only;
  describe_content(verdict, out);
  json signatures = json::array();
  for (const SignatureCheck& check : verdict.signatures) signatures.push_back(signature_json(check));
  out["signatures"] = std::move(signatures);
  if (verdict.policy) out["policy"] = policy_json(*verdict.policy);
  if (verdict.revocations) out["revocation"] = revocation_json(*verdict.revocations);
  if (verdict.selection) out["selection"] = selection_json(*verdict.selection);
  if (verdict.accepted) return verdict_json::finish(std::move(out), Verdict::kAccepted);
  if (verdict.failure) {
    out["error"] = verdict_json::error_object(*verdict.failure, failure_file(verdict, *verdict.failure));
    return verdict_json::finish(std::move(out), verdict_json::verdict_of(*verdict.failure));
  }
  // Unset failure without acceptance: the policy rejected the signatures that verified.
  std::string failed;
  if (verdict.policy)
    for (const PolicyRuleResult& r : verdict.policy->verdict.rules)
      if (!r.passed) failed += (failed.empty() ? "" : "; ") + r.rule;
  const std::filesystem::path source = verdict.policy ? verdict.policy->source : verdict.target;
  out["error"] = verdict_json::error_object(
      kPolicyRejectedCode,
      fmt::format("{}: rejected by policy {} (failed: {})", verdict.target.string(), source.string(), failed),
      source);
  return verdict_json::finish(std::move(out), Verdict::kRejected);
}

}  // namespace modelseal
