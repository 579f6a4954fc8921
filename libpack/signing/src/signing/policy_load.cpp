// load_policy: policy.toml (docs/policy.md) to a TrustPolicy. The schema walk
// uses the TOML schema module, formats/toml (positions, unknown keys with
// did-you-mean, wrong types, every problem in source order); the trusted keys and
// certificates are loaded once the file is valid, relative to its folder.

#include <algorithm>
#include <map>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "formats/toml/field_reads.hpp"
#include "formats/toml/table_reader.hpp"
#include "formats/toml/text_util.hpp"
#include "modelseal/policy.hpp"
#include "modelseal/suggest.hpp"
#include "signing/policy_file.hpp"
#include "signing/policy_schema.hpp"

namespace modelseal {
namespace {

namespace ts = formats::toml_schema;
namespace pi = policy_internal;
using ts::Field;
using ts::Need;
using ts::Position;
using ts::TableReader;

// Positions kept from the walk for the checks made after the files are loaded.
struct Walk {
  std::vector<ts::Located> keys, key_dirs, cas;
  std::vector<std::optional<Position>> signer_key_ids;  // per [[signer]], where its key_id is
  std::optional<Position> min_signatures;
};

void read_trust(TableReader& root, Walk& walk) {
  const toml::table* table = root.read_table(
      {"trust", Need::kRequired, "add a [trust] table with keys, key_dirs or cas"}, "[trust]");
  if (!table) return;
  TableReader trust(root.diag(), *table, "trust", "[trust]",
                    ts::table_position(root, "trust", *root.find("trust")), pi::kTrustKeys,
                    pi::owner_of);
  pi::read_list(trust, {"keys", Need::kOptional, pi::kKeysHint}, true, walk.keys);
  pi::read_list(trust, {"key_dirs", Need::kOptional, pi::kKeyDirsHint}, true, walk.key_dirs);
  pi::read_list(trust, {"cas", Need::kOptional, pi::kCasHint}, true, walk.cas);
  const bool any_unknown = std::any_of(table->begin(), table->end(), [](const auto& entry) {
    return !pi::is_one_of(pi::kTrustKeys, entry.first.str());
  });
  if (!any_unknown && !trust.find("keys") && !trust.find("key_dirs") && !trust.find("cas"))
    root.diag().report(trust.where(), ErrorCode::kInvalidMetadata,
                       "[trust] names no trusted key or certificate (hint: add keys = [...], "
                       "key_dirs = [...] or cas = [...])");
  trust.finish();
}

void read_signer(TableReader& entry, size_t index, std::map<std::string, size_t>& names,
                 PolicySigner& out, Walk& walk) {
  entry.read_string({"name", Need::kRequired, pi::kNameHint, pi::check_signer_name}, out.name);
  entry.read_optional_string({"key_id", Need::kOptional, pi::kKeyIdHint, pi::check_key_id},
                             out.key_id);
  entry.read_optional_string({"subject", Need::kOptional, pi::kSubjectHint}, out.subject);
  entry.read_optional_string({"issuer", Need::kOptional, pi::kSubjectHint}, out.issuer);
  ts::Diagnostics& diag = entry.diag();
  Position subject_at, issuer_at;
  const toml::node* key_id_node = entry.find("key_id");
  const bool key_id = key_id_node != nullptr;
  const bool subject = entry.find("subject", &subject_at) != nullptr;
  const bool issuer = entry.find("issuer", &issuer_at) != nullptr;
  const std::string path = fmt::format("signer[{}]", index);
  if (key_id && subject)
    diag.report(subject_at, ErrorCode::kInvalidMetadata,
                fmt::format("'{}' has both key_id and subject (hint: {})", path, pi::kKindHint));
  else if (!key_id && !subject)
    diag.report(entry.where(), ErrorCode::kInvalidMetadata,
                fmt::format("'{}' has neither key_id nor subject (hint: {})", path, pi::kKindHint));
  else if (key_id && issuer)
    diag.report(issuer_at, ErrorCode::kInvalidMetadata,
                fmt::format("'{}.issuer' applies only to a certificate signer (hint: {})", path,
                            pi::kKindHint));
  if (!out.name.empty()) {
    if (auto [it, inserted] = names.emplace(out.name, index); !inserted)
      diag.report(ts::position_of(entry.find("name")->source(), entry.where()),
                  ErrorCode::kInvalidMetadata,
                  fmt::format("invalid value for '{}.name': {} is already the name of signer[{}] "
                              "(hint: signer names must be unique)",
                              path, ts::quote_for_message(out.name), it->second));
  }
  walk.signer_key_ids.push_back(
      key_id ? std::optional(ts::position_of(key_id_node->source(), entry.where())) : std::nullopt);
  entry.finish();
}

void read_signers(TableReader& root, TrustPolicy& policy, std::map<std::string, size_t>& names,
                  Walk& walk) {
  if (!root.find("signer")) return;
  const toml::array* array =
      root.read_table_array({"signer", Need::kOptional, ""}, "[[signer]]", false);
  if (!array) return;
  const Position array_at = ts::table_position(root, "signer", *root.find("signer"));
  if (array->size() > pi::kMaxListEntries) {
    root.diag().report(array_at, ErrorCode::kLimitExceeded,
                       fmt::format("{} [[signer]] tables, more than the limit of {}",
                                   array->size(), pi::kMaxListEntries));
    return;
  }
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    TableReader entry(root.diag(), *element.as_table(), fmt::format("signer[{}]", i), "[[signer]]",
                      ts::position_of(element.source(), array_at), pi::kSignerKeys, pi::owner_of);
    PolicySigner signer;
    read_signer(entry, i, names, signer, walk);
    policy.signers.push_back(std::move(signer));
  }
}

// "... is not the name of a [[signer]]", with the closest name or the names there are.
void report_undefined_signer(TableReader& reader, const ts::Located& name,
                             const std::map<std::string, size_t>& names) {
  std::string what = fmt::format("invalid value for '{}': {} is not the name of a [[signer]]",
                                 name.path, ts::quote_for_message(name.value));
  std::vector<std::string_view> known;
  std::string all;
  for (const auto& [signer_name, index] : names) {
    known.push_back(signer_name);
    all += (all.empty() ? "" : ", ") + signer_name;
  }
  if (const auto best = suggest_name(name.value, known))
    what += fmt::format(" (did you mean '{}'?)", *best);
  else if (names.empty())
    what += " (hint: no [[signer]] is defined; add one with a name and a key_id or subject)";
  else
    what += fmt::format(" (hint: the [[signer]] names are {})", all);
  reader.diag().report(name.where, ErrorCode::kInvalidMetadata, std::move(what));
}

void read_require(TableReader& root, const std::map<std::string, size_t>& names,
                  TrustPolicy& policy, Walk& walk) {
  if (!root.find("require")) return;
  const toml::table* table = root.read_table({"require", Need::kOptional, ""}, "[require]");
  if (!table) return;
  TableReader require(root.diag(), *table, "require", "[require]",
                      ts::table_position(root, "require", *root.find("require")),
                      pi::kRequireKeys, pi::owner_of);
  int64_t number = 0;
  Position at;
  if (ts::read_integer(require, "min_signatures", 1, pi::kMaxMinSignatures, pi::kMinHint, number,
                       at)) {
    policy.min_signatures = static_cast<unsigned>(number);
    walk.min_signatures = at;
  }
  std::vector<ts::Located> signers;
  if (pi::read_list(require, {"signers", Need::kOptional, pi::kSignersHint}, false, signers) &&
      ts::check_unique(require, "signers", signers)) {
    for (const ts::Located& name : signers) {
      if (names.count(name.value))
        policy.required_signers.push_back(name.value);
      else
        report_undefined_signer(require, name, names);
    }
  }
  std::vector<ts::Located> algorithms;
  if (pi::read_list(require,
                    {"algorithms", Need::kOptional, pi::kAlgorithmsHint, pi::check_algorithm},
                    true, algorithms) &&
      ts::check_unique(require, "algorithms", algorithms)) {
    for (const ts::Located& name : algorithms)
      policy.allowed_algorithms.push_back(*keys::parse_key_type(name.value));
  }
  require.read_bool({"allow_unsigned_files", Need::kOptional, pi::kUnsignedHint},
                    policy.allow_unsigned_files);
  if (ts::read_integer(require, "max_signature_age_days", 1, pi::kMaxAgeDays, pi::kAgeHint,
                       number, at))
    policy.max_signature_age = std::chrono::seconds(number * 86400);
  require.finish();
}

// Loads [trust] keys, key_dirs and cas in file order; the first failure names
// the entry as written, its position and the file.
Status load_trust(std::string_view source, const std::filesystem::path& base, const Walk& walk,
                  TrustPolicy& policy) {
  auto fail = [&](std::string_view list, size_t i, const ts::Located& item, const Error& e) {
    return ts::error_at(source, item.where, e.code,
                        fmt::format("cannot load 'trust.{}[{}]' {}: {}", list, i,
                                    ts::quote_for_message(item.value), e.detail));
  };
  auto add_key = [&](keys::PublicKey key) {
    const bool known = std::any_of(policy.trusted_keys.begin(), policy.trusted_keys.end(),
                                   [&](const auto& k) { return k.key_id() == key.key_id(); });
    if (!known) policy.trusted_keys.push_back(std::move(key));
  };
  for (size_t i = 0; i < walk.keys.size(); ++i) {
    const std::filesystem::path file = pi::resolve(base, walk.keys[i].value);
    if (Status regular = pi::check_regular_file(file); !regular.ok())
      return fail("keys", i, walk.keys[i], regular.error());
    Result<keys::PublicKey> key = keys::load_public_key(file);
    if (!key.ok()) return fail("keys", i, walk.keys[i], key.error());
    add_key(std::move(*key));
  }
  for (size_t i = 0; i < walk.key_dirs.size(); ++i) {
    auto found = keys::load_trusted_keys(pi::resolve(base, walk.key_dirs[i].value));
    if (!found.ok()) return fail("key_dirs", i, walk.key_dirs[i], found.error());
    for (keys::PublicKey& key : *found) add_key(std::move(key));
  }
  for (size_t i = 0; i < walk.cas.size(); ++i) {
    const std::filesystem::path file = pi::resolve(base, walk.cas[i].value);
    if (Status regular = pi::check_regular_file(file); !regular.ok())
      return fail("cas", i, walk.cas[i], regular.error());
    auto certs = keys::Certificate::from_pem_file(file);
    if (!certs.ok()) return fail("cas", i, walk.cas[i], certs.error());
    for (keys::Certificate& cert : *certs) policy.trusted_roots.push_back(std::move(cert));
  }
  return {};
}

// One key fulfils at most one required signer, so two [[signer]] entries naming
// one key_id describe a policy no model could satisfy (or a typo).
void check_distinct_key_signers(ts::Diagnostics& diag, const TrustPolicy& policy,
                                const Walk& walk) {
  for (size_t i = 0; i < policy.signers.size(); ++i) {
    const std::optional<std::string>& key_id = policy.signers[i].key_id;
    if (!key_id || !walk.signer_key_ids[i]) continue;
    for (size_t j = 0; j < i; ++j) {
      if (policy.signers[j].key_id != key_id) continue;
      diag.report(*walk.signer_key_ids[i], ErrorCode::kInvalidMetadata,
                  fmt::format("invalid value for 'signer[{}].key_id': signer[{}] has this key id "
                              "too (hint: each [[signer]] is a key of its own; one key never "
                              "counts for two signers)",
                              i, j));
      break;
    }
  }
}

// Without a trusted CA only the [trust] keys can verify, so a key signer not
// among them, or more required signers than keys, could never be satisfied.
void check_satisfiable(ts::Diagnostics& diag, const TrustPolicy& policy, const Walk& walk) {
  if (!policy.trusted_roots.empty()) return;
  for (size_t i = 0; i < policy.signers.size(); ++i) {
    const std::optional<std::string>& key_id = policy.signers[i].key_id;
    if (!key_id || !walk.signer_key_ids[i]) continue;
    const bool trusted = std::any_of(policy.trusted_keys.begin(), policy.trusted_keys.end(),
                                     [&](const auto& k) { return k.key_id() == *key_id; });
    if (!trusted)
      diag.report(*walk.signer_key_ids[i], ErrorCode::kInvalidMetadata,
                  fmt::format("invalid value for 'signer[{}].key_id': no [trust] key has this id "
                              "and no cas are trusted (hint: add its public key to [trust] keys "
                              "or key_dirs)",
                              i));
  }
  if (walk.min_signatures && policy.min_signatures > policy.trusted_keys.size())
    diag.report(*walk.min_signatures, ErrorCode::kInvalidMetadata,
                fmt::format("invalid value for 'require.min_signatures': {} distinct signers are "
                            "impossible with {} trusted {} and no cas (hint: trust more keys or "
                            "lower min_signatures)",
                            policy.min_signatures, policy.trusted_keys.size(),
                            policy.trusted_keys.size() == 1 ? "key" : "keys"));
}

Result<TrustPolicy> load_checked(const std::filesystem::path& file) {
  const std::string source = file.string();
  MS_ASSIGN_OR_RETURN(toml::table root_table, pi::read_policy_toml(file));
  ts::Diagnostics diag;
  TableReader root(diag, root_table, "", "the top level", Position{}, pi::kRootKeys, pi::owner_of);
  TrustPolicy policy;
  policy.source = file;
  Walk walk;
  if (ts::check_schema_id(root, pi::kSchemaId)) {
    std::map<std::string, size_t> names;
    read_trust(root, walk);
    read_signers(root, policy, names, walk);
    read_require(root, names, policy, walk);
    root.finish();
  }
  if (!diag.failed()) check_distinct_key_signers(diag, policy, walk);
  if (diag.failed()) return diag.error(source);
  MS_TRY(load_trust(source, file.parent_path(), walk, policy));
  check_satisfiable(diag, policy, walk);
  if (diag.failed()) return diag.error(source);
  return policy;
}

}  // namespace

Result<TrustPolicy> load_policy(const std::filesystem::path& file) {
  return pi::load_guarded(file, [&] { return load_checked(file); });
}

}  // namespace modelseal
