// The policy.toml schema (docs/policy.md): keys, limits, hints, value checks
// and typed readers on top of the bundle.toml TableReader, shared with the
// registry policy loader (validate/registry_policy_load.cpp).
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <new>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "formats/bundle_toml/prescan.hpp"
#include "formats/bundle_toml/text_util.hpp"
#include "formats/bundle_toml/toml_reader.hpp"
#include "base/file_io.hpp"
#include "modelseal/policy.hpp"

namespace modelseal::policy_internal {

namespace bt = formats::bundle_toml_internal;

inline constexpr std::string_view kSchemaId = "modelseal.policy/v1";
inline constexpr uint64_t kMaxPolicyBytes = 64 * 1024;
inline constexpr size_t kMaxEntries = 256;  // any array, and [[signer]] tables
inline constexpr int64_t kMaxMinSignatures = 100;
inline constexpr int64_t kMaxAgeDays = 36500;
inline constexpr size_t kMaxSignerNameBytes = 64;

inline constexpr std::array<std::string_view, 4> kRootKeys{"schema", "trust", "signer", "require"};
inline constexpr std::array<std::string_view, 3> kTrustKeys{"keys", "key_dirs", "cas"};
inline constexpr std::array<std::string_view, 4> kSignerKeys{"name", "key_id", "subject",
                                                             "issuer"};
inline constexpr std::array<std::string_view, 5> kRequireKeys{
    "min_signatures", "signers", "algorithms", "allow_unsigned_files", "max_signature_age_days"};

inline constexpr std::string_view kKeysHint =
    "public key files (PEM), relative to the policy file's folder, e.g. [\"keys/release.pub\"]";
inline constexpr std::string_view kKeyDirsHint =
    "folders whose *.pub and *.pem public keys are all trusted, e.g. [\"trusted-keys\"]";
inline constexpr std::string_view kCasHint =
    "root certificate files (PEM) for certificate signatures, e.g. [\"pki/root.pem\"]";
inline constexpr std::string_view kNameHint =
    "a short name for the report and [require] signers: letters, digits, '.', '_' and '-', "
    "e.g. \"publisher\"";
inline constexpr std::string_view kKeyIdHint =
    "the key id `modelseal keygen` prints: 64 lower-case hex digits, the SHA-256 of the public "
    "key's PEM";
inline constexpr std::string_view kSubjectHint =
    "an RFC 2253 distinguished name where '*' matches any run of characters, e.g. "
    "\"CN=registry.example.org,O=Example\"";
inline constexpr std::string_view kKindHint =
    "a [[signer]] is a key, named by key_id, or a certificate, named by subject and optionally "
    "issuer";
inline constexpr std::string_view kMinHint = "how many distinct signers must have signed, 1 to 100";
inline constexpr std::string_view kSignersHint =
    "names of [[signer]] tables that must all have signed, e.g. [\"publisher\"]";
inline constexpr std::string_view kAlgorithmsHint =
    "key types to accept: ecdsa-p256, ecdsa-p384, ecdsa-p521, ed25519";
inline constexpr std::string_view kUnsignedHint =
    "true to accept files in the model that the signature does not cover";
inline constexpr std::string_view kAgeHint = "the oldest signature to accept, in days, 1 to 36500";

template <size_t N>
bool is_one_of(const std::array<std::string_view, N>& keys, std::string_view key) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

// Where a key written under the wrong header belongs, for the unknown-key hint.
inline std::string_view owner_of(std::string_view key) {
  if (is_one_of(kRootKeys, key)) return "the top level, before any [table] header";
  if (is_one_of(kTrustKeys, key)) return "[trust]";
  if (is_one_of(kSignerKeys, key)) return "[[signer]]";
  if (is_one_of(kRequireKeys, key)) return "[require]";
  return {};
}

inline bt::Problem check_signer_name(std::string_view value) {
  if (value.size() > kMaxSignerNameBytes) return "is longer than 64 characters";
  for (char c : value) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '.' || c == '_' || c == '-';
    if (!ok) return "may contain only letters, digits, '.', '_' and '-'";
  }
  return std::nullopt;
}

inline bt::Problem check_key_id(std::string_view value) {
  if (value.size() != 64 || value.find_first_not_of("0123456789abcdef") != std::string_view::npos)
    return "is not 64 lower-case hex digits";
  return std::nullopt;
}

inline bt::Problem check_algorithm(std::string_view value) {
  if (keys::parse_key_type(value).ok()) return std::nullopt;
  return "is not a supported algorithm";
}

// An array element as written, its dotted path and position.
struct Located {
  std::string value;
  std::string path;
  bt::Position where;
};

inline bool read_list(bt::TableReader& reader, const bt::Field& field, bool non_empty,
                      std::vector<Located>& out) {
  std::vector<std::string> values;
  if (!reader.read_string_array(field, non_empty, values)) return false;
  const toml::node& node = *reader.find(field.key);
  const bt::Position array_at = bt::position_of(node.source(), reader.where());
  if (values.size() > kMaxEntries) {
    reader.diag().report(array_at, ErrorCode::kLimitExceeded,
                         fmt::format("'{}' has {} entries, more than the limit of {}",
                                     reader.path(field.key), values.size(), kMaxEntries));
    return false;
  }
  const toml::array& array = *node.as_array();
  for (size_t i = 0; i < values.size(); ++i)
    out.push_back(Located{std::move(values[i]), fmt::format("{}[{}]", reader.path(field.key), i),
                          bt::position_of(array.get(i)->source(), array_at)});
  return true;
}

inline bool check_unique(bt::TableReader& reader, std::string_view key,
                         const std::vector<Located>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (items[i].value != items[j].value) continue;
      reader.diag().report(items[i].where, ErrorCode::kInvalidMetadata,
                           fmt::format("invalid value for '{}': {} is already listed as {}[{}]",
                                       items[i].path, bt::quote_for_message(items[i].value),
                                       key, j));
      return false;
    }
  }
  return true;
}

inline bool read_integer(bt::TableReader& reader, std::string_view key, int64_t min, int64_t max,
                         std::string_view hint, int64_t& out, bt::Position& where) {
  const toml::node* node = reader.find(key);
  if (!node) return false;
  const std::string path = reader.path(key);
  const auto* value = node->as_integer();
  if (!value) {
    bt::report_wrong_type(reader.diag(), *node, path, "an integer", hint);
    return false;
  }
  where = bt::position_of(node->source(), reader.where());
  if (value->get() < min || value->get() > max) {
    reader.diag().report(where, ErrorCode::kInvalidMetadata,
                         bt::with_hint(fmt::format("invalid value for '{}': {} is not between {} "
                                                   "and {}",
                                                   path, value->get(), min, max),
                                       hint));
    return false;
  }
  out = value->get();
  return true;
}

inline void report_undefined_signer(bt::TableReader& reader, const Located& name,
                                    const std::map<std::string, size_t>& names) {
  std::string what = fmt::format("invalid value for '{}': {} is not the name of a [[signer]]",
                                 name.path, bt::quote_for_message(name.value));
  std::string best, all;
  size_t best_distance = 3;
  for (const auto& [known, index] : names) {
    const size_t distance = bt::edit_distance(name.value, known);
    if (distance < best_distance && distance <= known.size() / 3 + 1) {
      best = known;
      best_distance = distance;
    }
    all += (all.empty() ? "" : ", ") + known;
  }
  if (!best.empty())
    what += fmt::format(" (did you mean '{}'?)", best);
  else if (names.empty())
    what += " (hint: no [[signer]] is defined; add one with a name and a key_id or subject)";
  else
    what += fmt::format(" (hint: the [[signer]] names are {})", all);
  reader.diag().report(name.where, ErrorCode::kInvalidMetadata, std::move(what));
}

// Checked first: nothing else is read when the schema id is wrong.
inline bool check_schema_id(bt::TableReader& root, std::string_view schema_id = kSchemaId) {
  const toml::node* node = root.find("schema");
  const std::string hint = fmt::format("the first line must be schema = \"{}\"", schema_id);
  if (!node) {
    root.diag().report(bt::Position{}, ErrorCode::kInvalidMetadata,
                       fmt::format("missing required field 'schema' (hint: {})", hint));
    return false;
  }
  const auto* value = node->as_string();
  if (!value) {
    bt::report_wrong_type(root.diag(), *node, "schema", "a string", hint);
    return false;
  }
  if (value->get() == schema_id) return true;
  const bool ours = value->get().starts_with(schema_id.substr(0, schema_id.find('/') + 1));
  root.diag().report(bt::position_of(node->source(), bt::Position{}),
                     ours ? ErrorCode::kUnsupported : ErrorCode::kInvalidMetadata,
                     fmt::format("{} schema {} (hint: this version of modelseal reads schema = "
                                 "\"{}\")",
                                 ours ? "unsupported" : "unknown",
                                 bt::quote_for_message(value->get()), schema_id));
  return false;
}

inline std::filesystem::path resolve(const std::filesystem::path& base, const std::string& written) {
  const std::filesystem::path path(written);
  return path.is_absolute() ? path : base / path;
}

// Folders, devices and pipes are refused before they are opened (a FIFO would
// block); a missing file is left to the loader, whose error names it.
inline Status check_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status) || std::filesystem::is_regular_file(status)) return {};
  return make_error(ErrorCode::kInvalidArgument,
                    path.string() + (std::filesystem::is_directory(status)
                                         ? ": is a folder, not a file"
                                         : ": not a regular file"));
}

// Reads and parses a policy file: a regular file of at most kMaxPolicyBytes,
// prescanned for TOML bombs; syntax errors name the line and column.
inline Result<toml::table> read_toml_file(const std::filesystem::path& file) {
  const std::string source = file.string();
  MS_TRY(check_regular_file(file));
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(file, kMaxPolicyBytes));
  if (auto problem = bt::prescan_toml(text))
    return make_error(ErrorCode::kLimitExceeded,
                      fmt::format("{}:{}:{}: {}", source, problem->line, problem->column,
                                  problem->what));
  try {
    return toml::parse(text, source);
  } catch (const toml::parse_error& e) {
    const bt::Position where = bt::position_of(e.source(), bt::Position{});
    std::string description = bt::sanitize_for_display(e.description());
    std::replace(description.begin(), description.end(), '\n', ' ');
    return make_error(ErrorCode::kInvalidMetadata,
                      fmt::format("{}:{}:{}: TOML syntax error: {}", source, where.line,
                                  where.column, description));
  }
}

// Runs `load` (toml++ and allocation may throw) and turns what it throws into
// an error naming `file`: no exception leaves a policy loader.
template <class Load>
auto load_guarded(const std::filesystem::path& file, Load load) -> decltype(load()) {
  try {
    return load();
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::kLimitExceeded,
                      fmt::format("{}: out of memory while reading the policy", file.string()));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal,
                      fmt::format("{}: internal error while reading the policy: {}", file.string(),
                                  bt::sanitize_for_display(e.what())));
  }
}

}  // namespace modelseal::policy_internal
