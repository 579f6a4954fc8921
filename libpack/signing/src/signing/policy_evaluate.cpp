// evaluate_policy: judges the signatures that verified against a TrustPolicy
// (docs/policy.md, "Rules"). Every rule yields one PolicyRuleResult whose
// evidence says what was seen; the verdict accepts only when all pass.
#include <algorithm>
#include <array>
#include <map>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "formats/toml/text_util.hpp"
#include "modelseal/policy.hpp"
#include "signing/policy_pattern.hpp"
#include "signing/signing_time.hpp"

namespace modelseal {
namespace {

namespace bt = formats::toml_schema;

constexpr size_t kMaxListedFiles = 10;  // unsigned files named in the evidence
constexpr size_t kShownKeyIdChars = 16;
constexpr int64_t kSecondsPerDay = 86400;
// A signing time further ahead of the evaluation time than this is refused by
// the age rule (clocks disagree by a little, never by more).
constexpr std::chrono::minutes kMaxClockSkew{5};
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

// Which signature (by index) fulfils each required signer, or nullopt: a
// maximum matching between the required signers and the distinct keys that
// signed, so that no key fulfils two required signers (two signatures by one
// key are one key). Augmenting paths (Kuhn), the signers tried in policy order.
class SignerAssignment {
 public:
  SignerAssignment(const TrustPolicy& policy, const std::vector<VerifiedSignature>& sigs) {
    std::map<std::string, size_t> key_index;
    for (size_t s = 0; s < sigs.size(); ++s)
      if (key_index.emplace(sigs[s].key_id, keys_.size()).second) keys_.push_back(sigs[s].key_id);
    for (const std::string& name : policy.required_signers) {
      const auto signer = std::find_if(policy.signers.begin(), policy.signers.end(),
                                       [&](const PolicySigner& p) { return p.name == name; });
      std::map<size_t, size_t> by_key;  // key index -> first signature of that key matching
      if (signer != policy.signers.end())
        for (size_t s = 0; s < sigs.size(); ++s)
          if (signer_matches(*signer, sigs[s])) by_key.emplace(key_index.at(sigs[s].key_id), s);
      candidates_.emplace_back(by_key.begin(), by_key.end());
    }
    key_owner_.assign(keys_.size(), std::nullopt);
    for (size_t r = 0; r < candidates_.size(); ++r) {
      std::vector<bool> visited(keys_.size(), false);
      augment(r, visited);
    }
    assigned_.assign(candidates_.size(), std::nullopt);
    for (size_t k = 0; k < keys_.size(); ++k) {
      if (!key_owner_[k]) continue;
      for (const auto& [key, sig] : candidates_[*key_owner_[k]])
        if (key == k) assigned_[*key_owner_[k]] = sig;
    }
  }

  // The signature fulfilling required signer `r` (policy.required_signers[r]).
  std::optional<size_t> assigned(size_t r) const { return assigned_[r]; }
  // Signatures matching required signer `r`, whether or not assigned to it.
  const std::vector<std::pair<size_t, size_t>>& candidates(size_t r) const { return candidates_[r]; }
  // The required signer (index) a key fulfils, if any.
  std::optional<size_t> owner_of_key(const std::string& key_id) const {
    for (size_t k = 0; k < keys_.size(); ++k)
      if (keys_[k] == key_id) return key_owner_[k];
    return std::nullopt;
  }

 private:
  bool augment(size_t r, std::vector<bool>& visited) {
    for (const auto& [k, sig] : candidates_[r]) {
      if (visited[k]) continue;
      visited[k] = true;
      if (!key_owner_[k] || augment(*key_owner_[k], visited)) {
        key_owner_[k] = r;
        return true;
      }
    }
    return false;
  }

  std::vector<std::string> keys_;                                  // distinct key ids
  std::vector<std::vector<std::pair<size_t, size_t>>> candidates_;  // per required signer: (key, sig)
  std::vector<std::optional<size_t>> key_owner_;                   // per key: required signer
  std::vector<std::optional<size_t>> assigned_;                    // per required signer: signature
};

PolicyRuleResult signer_rule(const TrustPolicy& policy, const std::vector<VerifiedSignature>& sigs,
                             const SignerAssignment& assignment, size_t index) {
  const std::string& name = policy.required_signers[index];
  PolicyRuleResult result{"signer " + name, false, {}};
  const auto signer = std::find_if(policy.signers.begin(), policy.signers.end(),
                                   [&](const PolicySigner& s) { return s.name == name; });
  if (signer == policy.signers.end()) {
    result.evidence = "the policy defines no [[signer]] of this name";
  } else if (auto sig = assignment.assigned(index)) {
    result.passed = true;
    result.evidence = "signed: " + describe(policy, sigs[*sig]);
  } else if (!assignment.candidates(index).empty()) {
    std::vector<std::string> taken;
    for (const auto& [key, matching] : assignment.candidates(index)) {
      const std::optional<size_t> owner = assignment.owner_of_key(sigs[matching].key_id);
      taken.push_back(describe(policy, sigs[matching]) + " is counted for signer " +
                      (owner ? policy.required_signers[*owner] : std::string("(none)")));
    }
    result.evidence =
        "no signature by a key of its own (each required signer needs a distinct key): " +
        join(taken, "; ");
  } else if (signer->key_id) {
    result.evidence = "no valid signature by key " + *signer->key_id;
  } else {
    result.evidence = fmt::format(
        "no valid certificate signature with subject matching {}{}",
        bt::quote_for_message(signer->subject.value_or(""), 120),
        signer->issuer ? " and issuer matching " + bt::quote_for_message(*signer->issuer, 120) : "");
  }
  return result;
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
  std::vector<std::string> untimed, future;
  const VerifiedSignature* oldest = nullptr;
  for (const VerifiedSignature& sig : sigs) {
    if (!sig.signed_at) {
      untimed.push_back(describe(policy, sig));
      continue;
    }
    if (*sig.signed_at > now + kMaxClockSkew)
      future.push_back(fmt::format("{} signed {}", describe(policy, sig),
                                   signing::format_utc(*sig.signed_at)));
    if (!oldest || *sig.signed_at < *oldest->signed_at) oldest = &sig;
  }
  PolicyRuleResult r{fmt::format("max_signature_age_days = {}", limit_days),
                     untimed.empty() && future.empty(), {}};
  std::vector<std::string> parts;
  if (!untimed.empty())
    parts.push_back(join(untimed, "; ") + ": no signing time (OMS signatures carry none)");
  if (!future.empty())
    parts.push_back(fmt::format("{}: in the future (more than {} minutes after the evaluation "
                                "time {})",
                                join(future, "; "), kMaxClockSkew.count(),
                                signing::format_utc(now)));
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
  const SignerAssignment assignment(policy, verified);
  for (size_t r = 0; r < policy.required_signers.size(); ++r)
    verdict.rules.push_back(signer_rule(policy, verified, assignment, r));
  verdict.rules.push_back(algorithms_rule(policy, verified));
  verdict.rules.push_back(unsigned_files_rule(policy, verified));
  if (policy.max_signature_age) verdict.rules.push_back(age_rule(policy, verified, now));
  verdict.accepted = std::all_of(verdict.rules.begin(), verdict.rules.end(),
                                 [](const PolicyRuleResult& r) { return r.passed; });
  return verdict;
}

}  // namespace modelseal
