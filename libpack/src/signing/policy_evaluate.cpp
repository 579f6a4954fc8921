// evaluate_policy: judges the signatures that verified against a TrustPolicy
// (docs/policy.md, "Rules"). Every rule yields one PolicyRuleResult whose
// evidence says what was seen; the verdict accepts only when all pass.
#include <algorithm>
#include <array>
#include <map>

#include <fmt/format.h>

#include "formats/bundle_toml/text_util.hpp"
#include "modelseal/policy.hpp"
#include "signing/policy_pattern.hpp"
#include "signing/signing_time.hpp"

namespace modelseal {
namespace {

namespace bt = formats::bundle_toml_internal;

constexpr size_t kMaxListedFiles = 10;  // unsigned files named in the evidence
constexpr size_t kShownKeyIdChars = 16;
constexpr int64_t kSecondsPerDay = 86400;
constexpr std::array kAllKeyTypes{keys::KeyType::kEcdsaP256, keys::KeyType::kEcdsaP384,
                                  keys::KeyType::kEcdsaP521, keys::KeyType::kEd25519};

std::string plural(size_t n, std::string_view word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string join(const std::vector<std::string>& parts, std::string_view separator) {
  std::string out;
  for (const std::string& part : parts) out += (out.empty() ? "" : std::string(separator)) + part;
  return out;
}

bool signer_matches(const PolicySigner& signer, const VerifiedSignature& sig) {
  if (signer.key_id) return sig.key_id == *signer.key_id;
  if (!signer.subject || sig.method != "certificate") return false;
  return policy_internal::pattern_matches(*signer.subject, sig.signer) &&
         (!signer.issuer || policy_internal::pattern_matches(*signer.issuer, sig.issuer));
}

// "key e8450dec0a1b2c3d (publisher)", "certificate \"CN=registry\" (registry)".
std::string describe(const TrustPolicy& policy, const VerifiedSignature& sig) {
  std::string out = sig.method == "certificate"
                        ? "certificate " + bt::quote_for_message(sig.signer, 120)
                        : "key " + bt::sanitize_for_display(sig.key_id.substr(0, kShownKeyIdChars));
  std::vector<std::string> names;
  for (const PolicySigner& signer : policy.signers)
    if (signer_matches(signer, sig)) names.push_back(signer.name);
  if (!names.empty()) out += " (" + join(names, ", ") + ")";
  return out;
}

PolicyRuleResult trusted_rule(const TrustPolicy& policy, const std::vector<VerifiedSignature>& sigs) {
  PolicyRuleResult r{"trusted signatures", !sigs.empty(), {}};
  if (sigs.empty()) {
    r.evidence = "no signature verified against the trusted keys and roots";
    return r;
  }
  std::vector<std::string> seen;
  for (const VerifiedSignature& sig : sigs) seen.push_back(describe(policy, sig));
  r.evidence = fmt::format("{}: {}", plural(sigs.size(), "valid signature"), join(seen, "; "));
  return r;
}

PolicyRuleResult min_signatures_rule(const TrustPolicy& policy,
                                     const std::vector<VerifiedSignature>& sigs) {
  std::map<std::string, bool> key_ids;
  std::vector<std::string> distinct;
  for (const VerifiedSignature& sig : sigs)
    if (key_ids.emplace(sig.key_id, true).second) distinct.push_back(describe(policy, sig));
  PolicyRuleResult r{fmt::format("min_signatures = {}", policy.min_signatures),
                     distinct.size() >= policy.min_signatures, {}};
  r.evidence = fmt::format("{}, {} needed{}{}", plural(distinct.size(), "distinct signer"),
                           policy.min_signatures, distinct.empty() ? "" : ": ",
                           join(distinct, "; "));
  return r;
}

PolicyRuleResult signer_rule(const TrustPolicy& policy, const std::vector<VerifiedSignature>& sigs,
                             const std::string& name) {
  PolicyRuleResult r{"signer " + name, false, {}};
  const auto signer = std::find_if(policy.signers.begin(), policy.signers.end(),
                                   [&](const PolicySigner& s) { return s.name == name; });
  if (signer == policy.signers.end()) {
    r.evidence = "the policy defines no [[signer]] of this name";
    return r;
  }
  std::vector<std::string> matches;
  for (const VerifiedSignature& sig : sigs)
    if (signer_matches(*signer, sig)) matches.push_back(describe(policy, sig));
  r.passed = !matches.empty();
  if (r.passed)
    r.evidence = "signed: " + join(matches, "; ");
  else if (signer->key_id)
    r.evidence = "no valid signature by key " + *signer->key_id;
  else
    r.evidence = fmt::format(
        "no valid certificate signature with subject matching {}{}",
        bt::quote_for_message(signer->subject.value_or(""), 120),
        signer->issuer ? " and issuer matching " + bt::quote_for_message(*signer->issuer, 120) : "");
  return r;
}

PolicyRuleResult algorithms_rule(const TrustPolicy& policy,
                                 const std::vector<VerifiedSignature>& sigs) {
  std::vector<keys::KeyType> allowed = policy.allowed_algorithms;
  if (allowed.empty()) allowed.assign(kAllKeyTypes.begin(), kAllKeyTypes.end());
  std::vector<std::string> names, used, offending;
  for (keys::KeyType type : allowed) names.emplace_back(keys::key_type_name(type));
  for (const VerifiedSignature& sig : sigs) {
    const std::string type(keys::key_type_name(sig.key_type));
    if (std::find(used.begin(), used.end(), type) == used.end()) used.push_back(type);
    if (std::find(allowed.begin(), allowed.end(), sig.key_type) == allowed.end())
      offending.push_back(fmt::format("{} uses {}, which is not allowed", describe(policy, sig),
                                      type));
  }
  PolicyRuleResult r{"algorithms = " + join(names, ", "), offending.empty(), {}};
  if (!offending.empty())
    r.evidence = join(offending, "; ");
  else
    r.evidence = sigs.empty() ? "no valid signature" : "key types used: " + join(used, ", ");
  return r;
}

PolicyRuleResult unsigned_files_rule(const TrustPolicy& policy,
                                     const std::vector<VerifiedSignature>& sigs) {
  std::vector<std::string> parts;
  for (const VerifiedSignature& sig : sigs) {
    if (sig.unsigned_files.empty()) continue;
    std::vector<std::string> files;
    for (size_t i = 0; i < sig.unsigned_files.size() && i < kMaxListedFiles; ++i)
      files.push_back(bt::quote_for_message(sig.unsigned_files[i]));
    if (sig.unsigned_files.size() > kMaxListedFiles)
      files.push_back(fmt::format("and {} more", sig.unsigned_files.size() - kMaxListedFiles));
    parts.push_back(fmt::format("{} leaves {} unsigned: {}", describe(policy, sig),
                                plural(sig.unsigned_files.size(), "file"), join(files, ", ")));
  }
  PolicyRuleResult r{fmt::format("allow_unsigned_files = {}", policy.allow_unsigned_files),
                     parts.empty() || policy.allow_unsigned_files, {}};
  if (parts.empty())
    r.evidence = sigs.empty() ? "no valid signature" : "every file is covered by the signatures";
  else
    r.evidence = (policy.allow_unsigned_files ? "tolerated: " : "") + join(parts, "; ");
  return r;
}

PolicyRuleResult age_rule(const TrustPolicy& policy, const std::vector<VerifiedSignature>& sigs,
                          std::chrono::system_clock::time_point now) {
  const std::chrono::seconds limit = *policy.max_signature_age;
  const int64_t limit_days = limit.count() / kSecondsPerDay;
  std::vector<std::string> untimed;
  const VerifiedSignature* oldest = nullptr;
  for (const VerifiedSignature& sig : sigs) {
    if (!sig.signed_at)
      untimed.push_back(describe(policy, sig));
    else if (!oldest || *sig.signed_at < *oldest->signed_at)
      oldest = &sig;
  }
  PolicyRuleResult r{fmt::format("max_signature_age_days = {}", limit_days), untimed.empty(), {}};
  std::vector<std::string> parts;
  if (!untimed.empty())
    parts.push_back(join(untimed, "; ") + ": no signing time (OMS signatures carry none)");
  if (oldest) {
    const auto age = std::chrono::duration_cast<std::chrono::seconds>(now - *oldest->signed_at);
    if (age > limit) r.passed = false;
    const std::string when =
        age.count() < 0 ? "after the evaluation time"
                        : plural(static_cast<size_t>(age.count() / kSecondsPerDay), "day") + " ago";
    parts.push_back(fmt::format("oldest: {} signed {} ({}, limit {})", describe(policy, *oldest),
                                signing::format_utc(*oldest->signed_at), when,
                                plural(static_cast<size_t>(limit_days), "day")));
  }
  r.evidence = parts.empty() ? "no valid signature" : join(parts, "; ");
  return r;
}

}  // namespace

PolicyVerdict evaluate_policy(const TrustPolicy& policy, const std::vector<VerifiedSignature>& verified,
                              std::chrono::system_clock::time_point now) {
  PolicyVerdict verdict;
  verdict.rules.push_back(trusted_rule(policy, verified));
  verdict.rules.push_back(min_signatures_rule(policy, verified));
  for (const std::string& name : policy.required_signers)
    verdict.rules.push_back(signer_rule(policy, verified, name));
  verdict.rules.push_back(algorithms_rule(policy, verified));
  verdict.rules.push_back(unsigned_files_rule(policy, verified));
  if (policy.max_signature_age) verdict.rules.push_back(age_rule(policy, verified, now));
  verdict.accepted = std::all_of(verdict.rules.begin(), verdict.rules.end(),
                                 [](const PolicyRuleResult& r) { return r.passed; });
  return verdict;
}

}  // namespace modelseal
