// The verdict documents of verify-attestation, verify-disposal, sigstore verify-bundle, open,
// validate, scan and lint, and of commands that stopped before a verdict (docs/json-output.md).
#include <fmt/format.h>

#include "modelseal/error_names.hpp"
#include "modelseal/signing.hpp"
#include "modelseal/verdict_json.hpp"
#include "validate/validation_json.hpp"
#include "verdict/verdict_envelope.hpp"

namespace modelseal {

using verdict_json::json;
using verdict_json::Verdict;

VerdictDocument attestation_verdict_json(const std::filesystem::path& bundle,
                                         const std::filesystem::path& policy,
                                         const AttestationVerdict& verdict) {
  json out = verdict_json::envelope("verify-attestation", bundle);
  out["content_digest"] = verdict.content_digest.prefixed();
  out["attestations"] = {{"read", verdict.attestations_read},
                         {"archive_digest", verdict.archive_digest.prefixed()},
                         {"manifest_digest", verdict.manifest_digest.prefixed()}};
  json rules = json::array();
  std::string failed;
  for (const AttestationRuleResult& r : verdict.rules) {
    rules.push_back({{"rule", r.rule}, {"passed", r.passed}, {"evidence", r.evidence}});
    if (!r.passed) failed += (failed.empty() ? "" : "; ") + r.rule;
  }
  const bool accepted = verdict.accepted();
  out["policy"] = {{"source", policy.string()},
                   {"evaluated_at", utc_text(std::chrono::system_clock::now())},
                   {"passed", accepted},
                   {"rules", std::move(rules)}};
  if (accepted) return verdict_json::finish(std::move(out), Verdict::kAccepted);
  out["error"] = verdict_json::error_object(
      kPolicyRejectedCode,
      fmt::format("{}: rejected by attestation policy {} (failed: {})", bundle.string(), policy.string(), failed),
      policy);
  return verdict_json::finish(std::move(out), Verdict::kRejected);
}

VerdictDocument disposal_verdict_json(const std::filesystem::path& record,
                                      const Result<DisposalRecord>& result) {
  json out = verdict_json::envelope("verify-disposal", record);
  if (!result.ok()) {
    out["signatures"] = json::array({{{"file", record.string()},
                                      {"result", "failed"},
                                      {"error", verdict_json::problem_object(result.error())}}});
    out["error"] = verdict_json::error_object(result.error(), record);
    return verdict_json::finish(std::move(out), verdict_json::verdict_of(result.error()));
  }
  const DisposalRecord& r = *result;
  out["content_digest"] = r.content_digest;
  out["model"] = {{"name", r.name}, {"version", r.version}};
  // The record is a signed statement: its one signature, by the operator key that verified it.
  out["signatures"] = json::array({{{"file", record.string()},
                                    {"result", "verified"},
                                    {"method", "key"},
                                    {"signer", r.signer},
                                    {"key_id", r.signer.starts_with("key ") ? r.signer.substr(4) : r.signer},
                                    {"predicate_type", kDisposalPredicateType}}});
  out["disposal"] = {{"effective_at", r.effective_at},
                     {"reason", r.reason},
                     {"method", r.method},
                     {"manifest_digest", r.manifest_digest},
                     {"key_id", r.key_id},
                     {"keystore_id", r.keystore_id}};
  return verdict_json::finish(std::move(out), Verdict::kAccepted);
}

namespace {

// The trusted root or the artifact when the message names it, else the bundle.
std::filesystem::path file_concerned(const sigstore::BundleFileCheck& check, const Error& error) {
  if (check.trusted_root && error.detail.find(check.trusted_root->string()) != std::string::npos)
    return *check.trusted_root;
  if (!check.bundle.empty() && error.detail.find(check.bundle.string()) != std::string::npos) return check.bundle;
  if (!check.artifact.empty() && error.detail.find(check.artifact) != std::string::npos) return check.artifact;
  return check.bundle;
}

}  // namespace

VerdictDocument sigstore_verdict_json(const sigstore::BundleFileCheck& check,
                                      const Result<sigstore::VerifiedBundleFile>& result) {
  json out = verdict_json::envelope("sigstore verify-bundle", check.artifact);
  json signature = {{"file", check.bundle.string()}};
  if (!result.ok()) {
    signature["result"] = "failed";
    signature["error"] = verdict_json::problem_object(result.error());
    out["signatures"] = json::array({std::move(signature)});
    out["error"] = verdict_json::error_object(result.error(), file_concerned(check, result.error()));
    return verdict_json::finish(std::move(out), verdict_json::verdict_of(result.error()));
  }
  const sigstore::VerifiedSignature& s = result->signature;
  out["artifact_digest"] = "sha256:" + result->artifact_sha256.hex();
  signature["result"] = "verified";
  signature["method"] = s.method;
  signature["signer"] = s.identity;
  if (s.method == "key") signature["key_id"] = s.identity;
  if (!s.oidc_issuer.empty()) signature["issuer"] = s.oidc_issuer;
  json times = json::array();
  for (const sigstore::TimePoint& t : s.verified_times) times.push_back(utc_text(t));
  if (!s.verified_times.empty()) signature["signed_at"] = times.front();
  signature["verified_times"] = std::move(times);
  signature["evidence"] = s.evidence;
  out["signatures"] = json::array({std::move(signature)});
  return verdict_json::finish(std::move(out), Verdict::kAccepted);
}

VerdictDocument open_verdict_json(const OpenSealedOptions& options, const Result<VerifiedContent>& result) {
  json out = verdict_json::envelope("open", options.sealed);
  json opened = json::object();
  if (options.extract_to) opened["extract_to"] = options.extract_to->string();
  if (options.bundle_out) opened["bundle_out"] = options.bundle_out->string();
  out["opened"] = std::move(opened);
  if (!result.ok()) {
    out["error"] = verdict_json::error_object(result.error(), options.sealed);
    return verdict_json::finish(std::move(out), verdict_json::verdict_of(result.error()));
  }
  const VerifiedContent& c = *result;
  out["content_digest"] = c.content_digest.prefixed();
  out["model"] = {{"name", c.name}, {"version", c.version}, {"file_count", c.file_count},
                  {"total_bytes", c.total_bytes}};
  out["sealed"] = true;
  return verdict_json::finish(std::move(out), Verdict::kAccepted);
}

VerdictDocument validation_verdict_json(std::string_view command, const ValidationReport& report) {
  json out = validation_json(report);
  out.update(verdict_json::envelope(command, report.target));
  if (report.content_digest) out["content_digest"] = *report.content_digest;
  if (!report.rejected()) return verdict_json::finish(std::move(out), Verdict::kAccepted);
  out["error"] = verdict_json::error_object(
      kFindingsCode, fmt::format("{}: rejected: {} error finding(s)", report.target, out["errors"].get<size_t>()),
      report.target);
  return verdict_json::finish(std::move(out), Verdict::kRejected);
}

VerdictDocument lint_verdict_json(std::string_view command, const std::filesystem::path& folder,
                                  const FolderCheck& check) {
  json out = verdict_json::envelope(command, folder);
  json problems = json::array();
  for (size_t i = 0; i < check.problems.size(); ++i) {
    json problem = {{"text", check.problems[i]}};
    if (i < check.located.size()) {
      const FolderProblem& p = check.located[i];
      problem["file"] = p.file;
      problem["code"] = error_code_name(p.code);
      problem["message"] = p.message;
      if (p.line > 0) {
        problem["line"] = p.line;
        problem["column"] = p.column;
      }
    }
    problems.push_back(std::move(problem));
  }
  out["problems"] = std::move(problems);
  out["problem_count"] = check.problem_count;
  if (check.problem_count == 0) return verdict_json::finish(std::move(out), Verdict::kAccepted);
  out["error"] = verdict_json::error_object(
      kProblemsCode,
      fmt::format("{}: {} problem{}", folder.string(), check.problem_count, check.problem_count == 1 ? "" : "s"),
      folder);
  return verdict_json::finish(std::move(out), Verdict::kRejected);
}

VerdictDocument error_verdict_json(std::string_view command, const std::filesystem::path& target,
                                   const Error& error, const std::filesystem::path& file) {
  json out = verdict_json::envelope(command, target);
  out["error"] = verdict_json::error_object(error, file);
  return verdict_json::finish(std::move(out), verdict_json::verdict_of(error));
}

VerdictDocument usage_error_json(std::string_view command, std::string_view message) {
  json out = verdict_json::envelope(command.empty() ? "modelseal" : command, {});
  out["error"] = verdict_json::error_object(kUsageCode, message, {});
  return verdict_json::finish(std::move(out), Verdict::kError);
}

}  // namespace modelseal
