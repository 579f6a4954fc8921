// load_attestation_policy: the attestation policy (docs/attestations.md).
//
//   schema = "modelseal.attestation-policy/v1"
//   [[require]]
//   predicate_type = "https://slsa.dev/provenance/v1"
//   keys = ["keys/release.pub"]          # relative to the policy file's folder
//   builder_id = "https://ci.example.org/builder"   # optional, SLSA provenance only
//   max_age_days = 90                               # optional
#include <fmt/format.h>

#include <set>

#include "modelseal/attest.hpp"
#include "signing/policy_schema.hpp"

namespace modelseal {
namespace {

namespace pi = policy_internal;

constexpr std::string_view kSchema = "modelseal.attestation-policy/v1";
constexpr size_t kMaxRules = 64;
constexpr size_t kMaxKeysPerRule = 64;
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

Result<AttestationRule> read_rule(const toml::table& t, size_t index, const std::filesystem::path& file) {
  const std::string where = fmt::format("[[require]] #{}", index + 1);
  static const std::set<std::string_view> kKeys{"predicate_type", "keys", "builder_id", "max_age_days"};
  for (const auto& [key, value] : t)
    if (!kKeys.contains(key.str()))
      return bad(file, fmt::format("{}: unknown key '{}' (allowed: predicate_type, keys, builder_id, "
                                   "max_age_days)", where, pi::bt::sanitize_for_display(key.str())));
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
  const toml::array* keys = t.get_as<toml::array>("keys");
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
    rule.keys.push_back(std::move(key).value());
  }
  return rule;
}

Result<AttestationPolicy> load_checked(const std::filesystem::path& file) {
  MS_ASSIGN_OR_RETURN(toml::table root, pi::read_toml_file(file));
  for (const auto& [key, value] : root)
    if (key.str() != "schema" && key.str() != "require")
      return bad(file, fmt::format("unknown key '{}' (allowed: schema, require)",
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
  return policy;
}

}  // namespace

Result<AttestationPolicy> load_attestation_policy(const std::filesystem::path& file) {
  return pi::load_guarded(file, [&] { return load_checked(file); });
}

}  // namespace modelseal
