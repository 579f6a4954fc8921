// verify_attestations: each policy rule against the signed statements stored
// beside the bundle.
#include <fmt/format.h>

#include <algorithm>
#include <system_error>

#include "bundle/manifest_digest.hpp"
#include "formats/json/strict_json.hpp"
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/in_toto_subject.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/text/rfc3339.hpp"
#include "base/file_io.hpp"
#include "modelseal/attest.hpp"
#include "signing/envelope_signer.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

constexpr size_t kMaxAttestationFiles = 1000;

// One file, parsed: the envelope and its statement. `problem` says why it can count for nothing.
struct Attestation {
  stdfs::path path;
  std::optional<formats::SigstoreBundle> bundle;
  nlohmann::json statement;
  std::string predicate_type;
  std::string problem;
};

Attestation rejected(Attestation a, std::string why) {
  a.problem = std::move(why);
  return a;
}

// Whether the statement is about this bundle (specs/attestations-v1.md §4), or why not.
std::string about_this_bundle(const nlohmann::json& s, const AttestationVerdict& bundle) {
  if (formats::has_subject_sha256(s, bundle.archive_digest.hex())) return "";
  const bool content = formats::has_subject_sha256(s, bundle.content_digest.hex());
  const bool manifest = formats::has_subject_sha256(s, bundle.manifest_digest.hex());
  if (content && manifest) return "";
  if (content)
    return "its subjects name this bundle's content digest but neither its manifest digest nor its "
           "file digest: the content digest does not bind the files' names, so it may be about "
           "another bundle with the same bytes under other names";
  return "its subjects name neither this bundle's content and manifest digests nor its file digest";
}

Attestation read_attestation(const stdfs::path& path, const AttestationVerdict& bundle) {
  Attestation a{path, std::nullopt, {}, {}, {}};
  auto text = fs::read_small_file(path, formats::kMaxSigstoreBundleBytes, fs::Links::kRefuse);
  if (!text.ok()) return rejected(std::move(a), text.error().detail);
  auto parsed = formats::parse_sigstore_bundle(*text, path.string());
  if (!parsed.ok()) return rejected(std::move(a), parsed.error().detail);
  const formats::DsseEnvelope* env = parsed->dsse();
  if (!env || env->payload_type != formats::kInTotoPayloadType)
    return rejected(std::move(a), "not a DSSE envelope of an in-toto statement");
  using namespace formats::strict_json;
  StrictJson st = parse_strict_json(std::string_view(reinterpret_cast<const char*>(env->payload.data()),
                                                     env->payload.size()),
                                    JsonLimits{size_t{4} << 20, 32, 200000, 1 << 16});
  if (st.problem) return rejected(std::move(a), "the statement is not valid JSON: " + st.problem->message);
  const nlohmann::json& s = st.document;
  auto type = s.is_object() ? s.find("_type") : s.end();
  auto predicate_type = s.is_object() ? s.find("predicateType") : s.end();
  if (!s.is_object() || type == s.end() || *type != formats::kInTotoStatementV1 ||
      predicate_type == s.end() || !predicate_type->is_string())
    return rejected(std::move(a), "not an in-toto Statement v1");
  a.predicate_type = predicate_type->get<std::string>();
  if (std::string why = about_this_bundle(s, bundle); !why.empty()) return rejected(std::move(a), why);
  a.bundle = std::move(parsed).value();
  a.statement = s;
  return a;
}

std::optional<std::string> finished_on(const nlohmann::json& st) {
  const nlohmann::json* p = &st;
  for (const char* key : {"predicate", "runDetails", "metadata", "finishedOn"}) {
    if (!p->is_object() || !p->contains(key)) return std::nullopt;
    p = &(*p)[key];
  }
  return p->is_string() ? std::optional(p->get<std::string>()) : std::nullopt;
}

std::string builder_of(const nlohmann::json& st) {
  const nlohmann::json* p = &st;
  for (const char* key : {"predicate", "runDetails", "builder", "id"}) {
    if (!p->is_object() || !p->contains(key)) return "";
    p = &(*p)[key];
  }
  return p->is_string() ? p->get<std::string>() : "";
}

// Why `a` does not satisfy `rule`, or "" when it does (then `signer` says who signed).
// Who signed `a` among the rule's keys or keyless identities, or why nobody did.
Result<std::string> rule_signer(const Attestation& a, const AttestationRule& rule,
                                const AttestationPolicy& policy) {
  static const std::vector<keys::Certificate> kNoRoots;
  static const std::vector<keys::PublicKey> kNoKeys;
  const formats::DsseEnvelope& env = *a.bundle->dsse();
  // check_envelope_signer names the file; the verdict names it already.
  auto without_path = [&](const Error& e) {
    const std::string prefix = a.path.string() + ": ";
    return e.detail.starts_with(prefix) ? e.detail.substr(prefix.size()) : e.detail;
  };
  if (a.bundle->verification_material.kind == formats::MaterialKind::kPublicKey) {
    if (rule.keys.empty())
      return make_error(ErrorCode::kTampered, "signed with a key, and the rule names no keys");
    auto who = signing::check_envelope_signer(*a.bundle, env, {rule.keys, kNoRoots, {}}, a.path);
    if (!who.ok()) return make_error(who.error().code, without_path(who.error()));
    return who->name;
  }
  if (a.bundle->verification_material.kind == formats::MaterialKind::kX509CertificateChain) {
    if (rule.roots.empty())
      return make_error(ErrorCode::kTampered, "signed with a certificate, and the rule names no cas");
    auto who = signing::check_envelope_signer(*a.bundle, env, {kNoKeys, rule.roots, {}}, a.path);
    if (!who.ok()) return make_error(who.error().code, without_path(who.error()));
    return "certificate " + who->name + " (issuer " + who->issuer + ")";
  }
  if (rule.identities.empty())
    return make_error(ErrorCode::kTampered, "signed keyless, and the rule names no identities");
  std::vector<std::string> why_not;
  for (const sigstore::KeylessIdentity& identity : rule.identities) {
    signing::KeylessTrust keyless{identity, *policy.trusted_root};
    auto who = signing::check_envelope_signer(*a.bundle, env, {rule.keys, kNoRoots, {}, &keyless}, a.path);
    if (who.ok()) return who->name + " (issuer " + who->issuer + ")";
    why_not.push_back(without_path(who.error()));
  }
  return make_error(ErrorCode::kTampered, fmt::format("{}", fmt::join(why_not, "; ")));
}

std::string check_rule(const Attestation& a, const AttestationRule& rule,
                       const AttestationPolicy& policy, std::chrono::system_clock::time_point now,
                       std::string& signer) {
  auto who = rule_signer(a, rule, policy);
  if (!who.ok()) return who.error().detail;
  signer = *who;
  if (rule.builder_id && builder_of(a.statement) != *rule.builder_id)
    return fmt::format("built by '{}', the policy requires '{}'", builder_of(a.statement), *rule.builder_id);
  if (rule.max_age_days) {
    auto when = finished_on(a.statement);
    if (!when) return "it records no finishedOn time, so its age cannot be checked";
    auto at = formats::parse_rfc3339(*when);
    if (!at.ok()) return "its finishedOn time is not an RFC 3339 date-time: " + at.error().detail;
    if (*at > now + std::chrono::minutes(5)) return "its finishedOn time " + *when + " is in the future";
    if (now - *at > std::chrono::hours(24) * *rule.max_age_days)
      return fmt::format("finished on {}, older than {} days", *when, *rule.max_age_days);
  }
  return "";
}

std::string rule_text(const AttestationRule& r) {
  std::string text = fmt::format("{} signed by {} trusted key{}", r.predicate_type, r.keys.size(),
                                 r.keys.size() == 1 ? "" : "s");
  if (!r.roots.empty())
    text += fmt::format(" or a certificate of {} trusted CA{}", r.roots.size(), r.roots.size() == 1 ? "" : "s");
  for (const sigstore::KeylessIdentity& id : r.identities)
    text += fmt::format(" or keyless {} (issuer {})", id.identity, id.oidc_issuer);
  if (r.builder_id) text += ", builder " + *r.builder_id;
  if (r.max_age_days) text += fmt::format(", at most {} days old", *r.max_age_days);
  return text;
}

}  // namespace

bool AttestationVerdict::accepted() const {
  return !rules.empty() && std::all_of(rules.begin(), rules.end(), [](const auto& r) { return r.passed; });
}

Result<AttestationVerdict> verify_attestations(const stdfs::path& bundle, const AttestationPolicy& policy,
                                               const std::optional<stdfs::path>& dir,
                                               std::chrono::system_clock::time_point now,
                                               const ReadOptions& read) {
  AttestationVerdict verdict;
  MS_ASSIGN_OR_RETURN(VerifiedArchive archive, verify_and_hash_bundle(bundle, read));
  verdict.content_digest = archive.content.content_digest;
  verdict.archive_digest = archive.archive_sha256;
  MS_ASSIGN_OR_RETURN(verdict.manifest_digest, bundle::manifest_digest(archive.content));

  const stdfs::path folder = dir.value_or(attestation_dir(bundle));
  std::vector<stdfs::path> files;
  std::error_code ec;
  for (stdfs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->path().extension() != ".json") continue;
    if (files.size() == kMaxAttestationFiles)
      return make_error(ErrorCode::kLimitExceeded, folder.string() + ": more than 1000 attestations");
    files.push_back(it->path());
  }
  if (ec && ec != std::errc::no_such_file_or_directory)
    return make_error(ErrorCode::kIo, folder.string() + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Attestation> attestations;
  for (const stdfs::path& f : files)
    attestations.push_back(read_attestation(f, verdict));
  verdict.attestations_read = attestations.size();

  for (const AttestationRule& rule : policy.rules) {
    AttestationRuleResult result{rule_text(rule), false, ""};
    std::vector<std::string> why_not;
    for (const Attestation& a : attestations) {
      if (a.predicate_type != rule.predicate_type) continue;
      if (!a.problem.empty()) {
        why_not.push_back(a.path.filename().string() + ": " + a.problem);
        continue;
      }
      std::string signer;
      std::string problem = check_rule(a, rule, policy, now, signer);
      if (problem.empty()) {
        result.passed = true;
        result.evidence = fmt::format("{} signed by {}", a.path.string(), signer);
        break;
      }
      why_not.push_back(a.path.filename().string() + ": " + problem);
    }
    if (!result.passed)
      result.evidence = why_not.empty()
                            ? fmt::format("no attestation of this type in {}", folder.string())
                            : fmt::format("none qualifies: {}", fmt::join(why_not, "; "));
    verdict.rules.push_back(std::move(result));
  }
  return verdict;
}

}  // namespace modelseal
