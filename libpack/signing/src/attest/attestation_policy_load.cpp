// load_attestation_policy: the attestation policy (docs/attestations.md).
//
//   schema = "modelseal.attestation-policy/v1"
//   trusted_root = "trusted_root.json"   # optional: Sigstore trust for keyless rules
//   [[require]]
//   predicate_type = "https://slsa.dev/provenance/v1"
//   keys = ["keys/release.pub"]          # relative to the policy file's folder
//   cas = ["pki/root.pem"]               # certificate-signed attestations: trusted roots
//   identities = [{ identity = "https://github.com/acme/*", issuer = "https://token.actions.githubusercontent.com" }]
//                                         # keyless signers ('*' patterns); keys and/or identities
//   builder_id = "https://ci.example.org/builder"   # optional, SLSA provenance only
//   max_age_days = 90                               # optional
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "modelseal/attest.hpp"
#include "signing/policy_schema.hpp"

namespace modelseal {
namespace {

namespace pi = policy_internal;

constexpr std::string_view kSchema = "modelseal.attestation-policy/v1";
constexpr size_t kMaxRules = 64;
constexpr size_t kMaxKeysPerRule = 64;
constexpr size_t kMaxCasPerRule = 64;
constexpr size_t kMaxIdentitiesPerRule = 64;
constexpr int64_t kMaxAgeDays = 36500;

Error bad(const std::filesystem::path& file, const std::string& what) {
  return make_error(ErrorCode::kInvalidMetadata, fmt::format("{}: {}", file.string(), what));
}

Result<std::string> text(const toml::table& t, std::string_view key, const std::string& where,
                         const std::filesystem::path& file, bool required) {
  const toml::node* n = t.get(key);
  if (!n) {
    if (required) return bad(file, fmt::format("{}: '{}' is required", where, key));
    return std::string();
  }
  const auto* s = n->as_string();
  if (!s || s->get().empty() || s->get().size() > 1024)
    return bad(file, fmt::format("{}: '{}' must be a non-empty string", where, key));
  return s->get();
}

Result<std::vector<keys::PublicKey>> read_keys(const toml::table& t, const std::string& where,
                                               const std::filesystem::path& file) {
  std::vector<keys::PublicKey> result;
  const toml::node* node = t.get("keys");
  if (!node) return result;
  const toml::array* keys = node->as_array();
  if (!keys || keys->empty() || keys->size() > kMaxKeysPerRule)
    return bad(file, where + ": 'keys' must list 1 to 64 public key files, relative to the policy");
  for (const toml::node& k : *keys) {
    const auto* path = k.as_string();
    if (!path) return bad(file, where + ": 'keys' must hold file names");
    auto key = keys::load_public_key(file.parent_path() / path->get());
    if (!key.ok())
      return make_error(key.error().code, fmt::format("{}: {}: key '{}': {}", file.string(), where,
                                                      pi::bt::sanitize_for_display(path->get()),
                                                      key.error().detail));
    result.push_back(std::move(key).value());
  }
  return result;
}

// `cas`: PEM files of trusted root certificates (every certificate of each file), relative to the policy.
Result<std::vector<keys::Certificate>> read_cas(const toml::table& t, const std::string& where,
                                                const std::filesystem::path& file) {
  std::vector<keys::Certificate> result;
  const toml::node* node = t.get("cas");
  if (!node) return result;
  const toml::array* cas = node->as_array();
  if (!cas || cas->empty() || cas->size() > kMaxCasPerRule)
    return bad(file, where + ": 'cas' must list 1 to 64 root certificate files (PEM), relative to the policy");
  for (const toml::node& c : *cas) {
    const auto* path = c.as_string();
    if (!path) return bad(file, where + ": 'cas' must hold file names");
    const std::string shown = pi::bt::sanitize_for_display(path->get());
    auto certs = keys::Certificate::from_pem_file(file.parent_path() / path->get());
    if (!certs.ok())
      return make_error(certs.error().code, fmt::format("{}: {}: certificate '{}': {}", file.string(), where,
                                                        shown, certs.error().detail));
    result.insert(result.end(), certs->begin(), certs->end());
  }
  return result;
}

Result<std::vector<sigstore::KeylessIdentity>> read_identities(const toml::table& t,
                                                                const std::string& where,
                                                                const std::filesystem::path& file) {
  std::vector<sigstore::KeylessIdentity> result;
  const toml::node* node = t.get("identities");
  if (!node) return result;
  const toml::array* list = node->as_array();
  if (!list || list->empty() || list->size() > kMaxIdentitiesPerRule)
    return bad(file, where + ": 'identities' must list 1 to 64 { identity = ..., issuer = ... } tables");
  for (const toml::node& n : *list) {
    const toml::table* id = n.as_table();
    if (!id) return bad(file, where + ": 'identities' entries must be { identity = ..., issuer = ... }");
    for (const auto& [key, value] : *id)
      if (key.str() != "identity" && key.str() != "issuer")
        return bad(file, fmt::format("{}: identities: unknown key '{}' (allowed: identity, issuer)",
                                     where, pi::bt::sanitize_for_display(key.str())));
    MS_ASSIGN_OR_RETURN(std::string identity, text(*id, "identity", where + ": identities", file, true));
    MS_ASSIGN_OR_RETURN(std::string issuer, text(*id, "issuer", where + ": identities", file, true));
    result.push_back({std::move(identity), std::move(issuer), true});
  }
  return result;
}

Result<AttestationRule> read_rule(const toml::table& t, size_t index, const std::filesystem::path& file) {
  const std::string where = fmt::format("[[require]] #{}", index + 1);
  static const std::set<std::string_view> kKeys{"predicate_type", "keys", "cas", "identities",
                                                "builder_id", "max_age_days"};
  for (const auto& [key, value] : t)
    if (!kKeys.contains(key.str()))
      return bad(file, fmt::format("{}: unknown key '{}' (allowed: predicate_type, keys, cas, identities, "
                                   "builder_id, max_age_days)", where,
                                   pi::bt::sanitize_for_display(key.str())));
  AttestationRule rule;
  MS_ASSIGN_OR_RETURN(rule.predicate_type, text(t, "predicate_type", where, file, true));
  if (rule.predicate_type.find("://") == std::string::npos)
    return bad(file, where + ": predicate_type must be a URI, e.g. \"https://slsa.dev/provenance/v1\"");
  MS_ASSIGN_OR_RETURN(std::string builder, text(t, "builder_id", where, file, false));
  if (!builder.empty()) rule.builder_id = builder;
  if (const toml::node* age = t.get("max_age_days")) {
    const auto* n = age->as_integer();
    if (!n || n->get() < 1 || n->get() > kMaxAgeDays)
      return bad(file, fmt::format("{}: max_age_days must be an integer from 1 to {}", where, kMaxAgeDays));
    rule.max_age_days = n->get();
  }
  MS_ASSIGN_OR_RETURN(rule.keys, read_keys(t, where, file));
  MS_ASSIGN_OR_RETURN(rule.roots, read_cas(t, where, file));
  MS_ASSIGN_OR_RETURN(rule.identities, read_identities(t, where, file));
  if (rule.keys.empty() && rule.roots.empty() && rule.identities.empty())
    return bad(file, where + ": say who must sign: 'keys' (public key files), 'cas' (root "
                             "certificates of certificate signers) and/or 'identities' (keyless "
                             "certificate identity and issuer)");
  return rule;
}

Result<AttestationPolicy> load_checked(const std::filesystem::path& file) {
  MS_ASSIGN_OR_RETURN(toml::table root, pi::read_toml_file(file));
  for (const auto& [key, value] : root)
    if (key.str() != "schema" && key.str() != "require" && key.str() != "trusted_root")
      return bad(file, fmt::format("unknown key '{}' (allowed: schema, trusted_root, require)",
                                   pi::bt::sanitize_for_display(key.str())));
  MS_ASSIGN_OR_RETURN(std::string schema, text(root, "schema", "the top level", file, true));
  if (schema != kSchema) return bad(file, fmt::format("schema must be \"{}\"", kSchema));
  const toml::array* rules = root.get_as<toml::array>("require");
  if (!rules || rules->empty() || rules->size() > kMaxRules)
    return bad(file, "give 1 to 64 [[require]] rules");
  AttestationPolicy policy;
  policy.source = file;
  for (size_t i = 0; i < rules->size(); ++i) {
    const toml::table* t = rules->get(i)->as_table();
    if (!t) return bad(file, "[[require]] entries must be tables");
    MS_ASSIGN_OR_RETURN(AttestationRule rule, read_rule(*t, i, file));
    policy.rules.push_back(std::move(rule));
  }
  MS_ASSIGN_OR_RETURN(std::string root_file, text(root, "trusted_root", "the top level", file, false));
  bool keyless = std::any_of(policy.rules.begin(), policy.rules.end(),
                             [](const AttestationRule& r) { return !r.identities.empty(); });
  if (!root_file.empty() && !keyless)
    return bad(file, "trusted_root is for keyless rules, and no rule names 'identities'");
  if (keyless) {
    std::optional<std::filesystem::path> path;
    if (!root_file.empty()) path = file.parent_path() / root_file;
    auto loaded = sigstore::load_trusted_root(path);
    if (!loaded.ok())
      return make_error(loaded.error().code, file.string() + ": trusted_root: " + loaded.error().detail);
    policy.trusted_root = std::move(loaded).value();
  }
  return policy;
}

}  // namespace

Result<AttestationPolicy> load_attestation_policy(const std::filesystem::path& file) {
  return pi::load_guarded(file, [&] { return load_checked(file); });
}

}  // namespace modelseal
