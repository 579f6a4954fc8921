// load_registry_policy: registry.toml (docs/registry-policy.md) to a
// RegistryPolicy, with the TOML schema module, formats/toml (positions,
// did-you-mean, wrong types, every problem in source order).
#include <algorithm>
#include <array>
#include <string>

#include <fmt/format.h>

#include "formats/toml/field_reads.hpp"
#include "formats/toml/table_reader.hpp"
#include "modelseal/validate.hpp"
#include "signing/policy_file.hpp"

namespace modelseal {
namespace {

namespace ts = formats::toml_schema;
namespace pi = policy_internal;
using ts::Field;
using ts::Need;
using ts::Position;
using ts::TableReader;

constexpr std::array<std::string_view, 5> kRootKeys{"schema", "limits", "formats", "bundle",
                                                    "findings"};
constexpr std::array<std::string_view, 5> kLimitKeys{"max_files", "max_file_bytes",
                                                     "max_total_bytes", "max_compression_ratio",
                                                     "max_manifest_bytes"};
constexpr std::array<std::string_view, 2> kFormatKeys{"forbid", "reject_unknown_weights"};
constexpr std::array<std::string_view, 2> kBundleKeys{"require_bundle", "require_canonical"};
constexpr std::array<std::string_view, 1> kFindingKeys{"downgrade"};
constexpr int64_t kMaxBytes = int64_t{1} << 62;

std::string_view owner_of(std::string_view key) {
  if (ts::is_one_of(kRootKeys, key)) return "the top level, before any [table] header";
  if (ts::is_one_of(kLimitKeys, key)) return "[limits]";
  if (ts::is_one_of(kFormatKeys, key)) return "[formats]";
  if (ts::is_one_of(kBundleKeys, key)) return "[bundle]";
  if (ts::is_one_of(kFindingKeys, key)) return "[findings]";
  return {};
}

ts::Problem check_format(std::string_view value) {
  const auto& known = known_scan_formats();
  if (std::find(known.begin(), known.end(), value) != known.end()) return std::nullopt;
  std::string message = "is not a format modelseal scans (";
  for (std::size_t i = 0; i < known.size(); ++i) message += (i ? ", " : "") + known[i];
  return message + ")";
}

ts::Problem check_finding_id(std::string_view value) {
  const bool ok = value.find('.') != std::string_view::npos &&
                  value.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_.") ==
                      std::string_view::npos;
  if (ok) return std::nullopt;
  return "is not a finding id such as \"name.case_collision\"";
}

// Runs `read` on the optional table `key` of the root.
template <size_t N, class Read>
void with_table(TableReader& root, std::string_view key, const std::array<std::string_view, N>& keys,
                Read read) {
  if (!root.find(key)) return;
  const std::string label = fmt::format("[{}]", key);
  const toml::table* table = root.read_table({key, Need::kOptional, ""}, label);
  if (!table) return;
  TableReader reader(root.diag(), *table, std::string(key), label,
                     ts::table_position(root, key, *root.find(key)), keys, owner_of);
  read(reader);
  reader.finish();
}

void read_size(TableReader& reader, std::string_view key, int64_t min, int64_t max,
               std::string_view hint, uint64_t& out) {
  int64_t value = 0;
  Position at;
  if (ts::read_integer(reader, key, min, max, hint, value, at)) out = static_cast<uint64_t>(value);
}

void read_limits(TableReader& limits, RegistryPolicy& policy) {
  read_size(limits, "max_files", 1, 100'000'000, "how many files a model may have", policy.max_files);
  read_size(limits, "max_file_bytes", 1, kMaxBytes, "the largest file, in bytes",
            policy.max_file_bytes);
  read_size(limits, "max_total_bytes", 1, kMaxBytes, "the largest model, in bytes",
            policy.max_total_bytes);
  read_size(limits, "max_compression_ratio", 1, 1'000'000,
            "the largest decompressed/compressed ratio of a bundle, e.g. 100",
            policy.max_compression_ratio);
  read_size(limits, "max_manifest_bytes", 1024, int64_t{1} << 30,
            "the largest manifest.json, in bytes", policy.max_manifest_bytes);
}

void read_strings(TableReader& reader, const Field& field, std::vector<std::string>& out) {
  std::vector<ts::Located> items;
  if (!pi::read_list(reader, field, false, items) || !ts::check_unique(reader, field.key, items))
    return;
  for (ts::Located& item : items) out.push_back(std::move(item.value));
}

Result<RegistryPolicy> load_checked(const std::filesystem::path& file) {
  MS_ASSIGN_OR_RETURN(toml::table root_table, pi::read_policy_toml(file));
  ts::Diagnostics diag;
  TableReader root(diag, root_table, "", "the top level", Position{}, kRootKeys, owner_of);
  RegistryPolicy policy;
  policy.source = file;
  if (ts::check_schema_id(root, kRegistryPolicySchema)) {
    with_table(root, "limits", kLimitKeys, [&](TableReader& t) { read_limits(t, policy); });
    with_table(root, "formats", kFormatKeys, [&](TableReader& t) {
      read_strings(t,
                   {"forbid", Need::kOptional, "scanner formats to refuse, e.g. [\"pickle\"]",
                    check_format},
                   policy.forbid_formats);
      t.read_bool({"reject_unknown_weights", Need::kOptional,
                   "true to refuse weight-like files (.bin, .pt, ...) whose content no scanner "
                   "recognises"},
                  policy.reject_unknown_weights);
    });
    with_table(root, "bundle", kBundleKeys, [&](TableReader& t) {
      t.read_bool({"require_bundle", Need::kOptional, "true to refuse plain folders and files"},
                  policy.require_bundle);
      t.read_bool({"require_canonical", Need::kOptional,
                   "true to require bundles that rebuild to the same bytes"},
                  policy.require_canonical);
    });
    with_table(root, "findings", kFindingKeys, [&](TableReader& t) {
      read_strings(t,
                   {"downgrade", Need::kOptional,
                    "finding ids to report as warnings, e.g. [\"name.case_collision\"]",
                    check_finding_id},
                   policy.downgrade);
    });
    root.finish();
  }
  if (diag.failed()) return diag.error(file.string());
  return policy;
}

}  // namespace

Result<RegistryPolicy> load_registry_policy(const std::filesystem::path& file) {
  auto policy = pi::load_guarded(file, [&] { return load_checked(file); });
  if (policy.ok()) return policy;
  // The operator's configuration, not the upload, is wrong: never a rejection (exit 2).
  return make_error(ErrorCode::kInvalidArgument, policy.error().detail);
}

}  // namespace modelseal
