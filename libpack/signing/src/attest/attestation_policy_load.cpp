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
//
// Parsed with the TOML schema module (formats/toml); every error is
// "<file>:<line>:<col>: <what>", the first problem in file order of the walk.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <span>

#include "formats/toml/diagnostics.hpp"
#include "formats/toml/text_util.hpp"
#include "modelseal/attest.hpp"
#include "modelseal/suggest.hpp"
#include "signing/policy_file.hpp"

namespace modelseal {
namespace {

namespace pi = policy_internal;
namespace ts = formats::toml_schema;
using ts::Position;

constexpr std::string_view kSchema = "modelseal.attestation-policy/v1";
constexpr size_t kMaxRules = 64;
constexpr size_t kMaxFilesPerList = 64;  // keys, cas
constexpr size_t kMaxIdentitiesPerRule = 64;
constexpr size_t kMaxTextBytes = 1024;
constexpr int64_t kMaxAgeDays = 36500;

constexpr std::array<std::string_view, 3> kRootKeys{"schema", "trusted_root", "require"};
constexpr std::array<std::string_view, 6> kRuleKeys{"predicate_type", "keys",       "cas",
                                                    "identities",     "builder_id", "max_age_days"};
constexpr std::array<std::string_view, 2> kIdentityKeys{"identity", "issuer"};

// The policy file, as errors name it.
struct Source {
  std::filesystem::path file;
  std::string name = file.string();

  Error error(Position where, std::string_view what,
              ErrorCode code = ErrorCode::kInvalidMetadata) const {
    return ts::error_at(name, where, code, what);
  }
};

// A table being read: `label` starts its messages ("[[require]] #1"), `where` is its position.
struct Scope {
  const toml::table& table;
  std::string label;
  Position where;
};

Position at(const toml::node& node, Position fallback) {
  return ts::position_of(node.source(), fallback);
}

// The first key of `scope` not in `known` (in key order): "<prefix>unknown key 'k'
// (did you mean 'x'? allowed: ...)".
Status check_keys(const Source& src, const Scope& scope, std::string_view prefix,
                  std::span<const std::string_view> known) {
  for (const auto& [key, value] : scope.table) {
    if (ts::is_one_of(known, key.str())) continue;
    std::string allowed;
    for (std::string_view k : known) allowed += (allowed.empty() ? "" : ", ") + std::string(k);
    const std::optional<std::string> suggested = suggest_name(key.str(), known);
    return src.error(ts::position_of(key.source(), scope.where),
                     fmt::format("{}unknown key '{}' ({}allowed: {})", prefix,
                                 ts::sanitize_for_display(key.str()),
                                 suggested ? fmt::format("did you mean '{}'? ", *suggested) : "",
                                 allowed));
  }
  return {};
}

Result<std::string> read_text(const Source& src, const Scope& scope, std::string_view key,
                              bool required) {
  const toml::node* node = scope.table.get(key);
  if (!node) {
    if (required)
      return src.error(scope.where, fmt::format("{}: '{}' is required", scope.label, key));
    return std::string();
  }
  const auto* text = node->as_string();
  if (!text || text->get().empty() || text->get().size() > kMaxTextBytes)
    return src.error(at(*node, scope.where),
                     fmt::format("{}: '{}' must be a non-empty string", scope.label, key));
  return text->get();
}

// `keys` and `cas`: 1 to 64 files, relative to the policy's folder, each loaded by `load`.
struct FileList {
  std::string_view key;       // "keys"
  std::string_view contents;  // "public key files", in "'keys' must list 1 to 64 ..."
  std::string_view noun;      // "key", in "key 'release.pub': <why it did not load>"
};

template <class T, class Load>
Result<std::vector<T>> read_files(const Source& src, const Scope& scope, const FileList& list,
                                  Load load) {
  std::vector<T> result;
  const toml::node* node = scope.table.get(list.key);
  if (!node) return result;
  const Position list_at = at(*node, scope.where);
  const toml::array* files = node->as_array();
  if (!files || files->empty() || files->size() > kMaxFilesPerList)
    return src.error(list_at, fmt::format("{}: '{}' must list 1 to {} {}, relative to the policy",
                                          scope.label, list.key, kMaxFilesPerList, list.contents));
  for (const toml::node& element : *files) {
    const Position where = at(element, list_at);
    const auto* name = element.as_string();
    if (!name)
      return src.error(where, fmt::format("{}: '{}' must hold file names", scope.label, list.key));
    Result<std::vector<T>> loaded = load(src.file.parent_path() / name->get());
    if (!loaded.ok())
      return src.error(where,
                       fmt::format("{}: {} '{}': {}", scope.label, list.noun,
                                   ts::sanitize_for_display(name->get()), loaded.error().detail),
                       loaded.error().code);
    for (T& item : *loaded) result.push_back(std::move(item));
  }
  return result;
}

Result<std::vector<keys::PublicKey>> load_key(const std::filesystem::path& path) {
  MS_ASSIGN_OR_RETURN(keys::PublicKey key, keys::load_public_key(path));
  std::vector<keys::PublicKey> one;
  one.push_back(std::move(key));
  return one;
}

Result<std::vector<sigstore::KeylessIdentity>> read_identities(const Source& src,
                                                                const Scope& rule) {
  std::vector<sigstore::KeylessIdentity> result;
  const toml::node* node = rule.table.get("identities");
  if (!node) return result;
  const Position list_at = at(*node, rule.where);
  const toml::array* list = node->as_array();
  if (!list || list->empty() || list->size() > kMaxIdentitiesPerRule)
    return src.error(list_at, rule.label + ": 'identities' must list 1 to 64 { identity = ..., "
                                           "issuer = ... } tables");
  for (const toml::node& element : *list) {
    const toml::table* id = element.as_table();
    if (!id)
      return src.error(at(element, list_at), rule.label + ": 'identities' entries must be "
                                                          "{ identity = ..., issuer = ... }");
    const Scope scope{*id, rule.label + ": identities", at(element, list_at)};
    MS_TRY(check_keys(src, scope, scope.label + ": ", kIdentityKeys));
    MS_ASSIGN_OR_RETURN(std::string identity, read_text(src, scope, "identity", true));
    MS_ASSIGN_OR_RETURN(std::string issuer, read_text(src, scope, "issuer", true));
    result.push_back({std::move(identity), std::move(issuer), true});
  }
  return result;
}

Result<AttestationRule> read_rule(const Source& src, const Scope& rule_scope) {
  const Scope& s = rule_scope;
  MS_TRY(check_keys(src, s, s.label + ": ", kRuleKeys));
  AttestationRule rule;
  MS_ASSIGN_OR_RETURN(rule.predicate_type, read_text(src, s, "predicate_type", true));
  if (rule.predicate_type.find("://") == std::string::npos)
    return src.error(at(*s.table.get("predicate_type"), s.where),
                     s.label + ": predicate_type must be a URI, e.g. "
                               "\"https://slsa.dev/provenance/v1\"");
  MS_ASSIGN_OR_RETURN(std::string builder, read_text(src, s, "builder_id", false));
  if (!builder.empty()) rule.builder_id = builder;
  if (const toml::node* age = s.table.get("max_age_days")) {
    const auto* n = age->as_integer();
    if (!n || n->get() < 1 || n->get() > kMaxAgeDays)
      return src.error(at(*age, s.where),
                       fmt::format("{}: max_age_days must be an integer from 1 to {}", s.label,
                                   kMaxAgeDays));
    rule.max_age_days = n->get();
  }
  MS_ASSIGN_OR_RETURN(rule.keys, read_files<keys::PublicKey>(
                                     src, s, {"keys", "public key files", "key"}, load_key));
  MS_ASSIGN_OR_RETURN(rule.roots,
                      read_files<keys::Certificate>(
                          src, s, {"cas", "root certificate files (PEM)", "certificate"},
                          [](const std::filesystem::path& path) {
                            return keys::Certificate::from_pem_file(path);
                          }));
  MS_ASSIGN_OR_RETURN(rule.identities, read_identities(src, s));
  if (rule.keys.empty() && rule.roots.empty() && rule.identities.empty())
    return src.error(s.where, s.label + ": say who must sign: 'keys' (public key files), 'cas' "
                                        "(root certificates of certificate signers) and/or "
                                        "'identities' (keyless certificate identity and issuer)");
  return rule;
}

Result<AttestationPolicy> load_checked(const std::filesystem::path& file) {
  const Source src{file};
  MS_ASSIGN_OR_RETURN(toml::table root_table, pi::read_policy_toml(file));
  const Scope root{root_table, "the top level", Position{}};
  MS_TRY(check_keys(src, root, "", kRootKeys));
  MS_ASSIGN_OR_RETURN(std::string schema, read_text(src, root, "schema", true));
  if (schema != kSchema)
    return src.error(at(*root_table.get("schema"), Position{}),
                     fmt::format("schema must be \"{}\"", kSchema));
  const toml::node* require = root_table.get("require");
  const Position require_at = require ? at(*require, Position{}) : Position{};
  const toml::array* rules = require ? require->as_array() : nullptr;
  if (!rules || rules->empty() || rules->size() > kMaxRules)
    return src.error(require_at, "give 1 to 64 [[require]] rules");
  AttestationPolicy policy;
  policy.source = file;
  for (size_t i = 0; i < rules->size(); ++i) {
    const toml::node& element = *rules->get(i);
    const toml::table* table = element.as_table();
    if (!table) return src.error(at(element, require_at), "[[require]] entries must be tables");
    const Scope scope{*table, fmt::format("[[require]] #{}", i + 1), at(element, require_at)};
    MS_ASSIGN_OR_RETURN(AttestationRule rule, read_rule(src, scope));
    policy.rules.push_back(std::move(rule));
  }
  MS_ASSIGN_OR_RETURN(std::string root_file, read_text(src, root, "trusted_root", false));
  const toml::node* root_node = root_table.get("trusted_root");
  const Position root_at = root_node ? at(*root_node, Position{}) : Position{};
  const bool keyless = std::any_of(policy.rules.begin(), policy.rules.end(),
                                   [](const AttestationRule& r) { return !r.identities.empty(); });
  if (!root_file.empty() && !keyless)
    return src.error(root_at, "trusted_root is for keyless rules, and no rule names 'identities'");
  if (keyless) {
    std::optional<std::filesystem::path> path;
    if (!root_file.empty()) path = file.parent_path() / root_file;
    auto loaded = sigstore::load_trusted_root(path);
    if (!loaded.ok())
      return src.error(root_at, "trusted_root: " + loaded.error().detail, loaded.error().code);
    policy.trusted_root = std::move(loaded).value();
  }
  return policy;
}

}  // namespace

Result<AttestationPolicy> load_attestation_policy(const std::filesystem::path& file) {
  return pi::load_guarded(file, [&] { return load_checked(file); });
}

}  // namespace modelseal
