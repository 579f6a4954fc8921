// check_safetensors_index: model.safetensors.index.json of a sharded model.
#include <algorithm>
#include <set>
#include <string>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "formats/json/strict_json.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/safetensors.hpp"
#include "formats/scan/safetensors_common.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
using namespace safetensors_detail;
using KeyOffsets = std::unordered_map<std::string, uint64_t>;  // top-level key -> offset

constexpr strict_json::JsonLimits kIndexJsonLimits{
    kSafetensorsMaxIndexBytes, kSafetensorsMaxJsonDepth, kSafetensorsMaxJsonValues,
    kSafetensorsMaxIndexBytes};

// A plain file name beside the index: no folders, no parent, no control bytes.
bool plain_file_name(std::string_view s) {
  if (s.empty() || s == "." || s == ".." || s.size() > 255) return false;
  return std::none_of(s.begin(), s.end(), [](char c) {
    return c == '/' || c == '\\' || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  });
}

// A file beside the index named like one of its shards: `<base>-*.safetensors`
// for an index named `<base>.safetensors.index.json` (model-00003-of-00003.safetensors
// for model.safetensors.index.json), any `*.safetensors` beside an index named
// otherwise. Other files (config.json, README.md, tokenizer files, another
// checkpoint such as consolidated.safetensors) are not the index's business.
bool named_like_shard(std::string_view file, std::string_view index_name) {
  constexpr std::string_view kIndexSuffix = ".safetensors.index.json";
  if (!file.ends_with(".safetensors")) return false;
  const size_t slash = index_name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? index_name : index_name.substr(slash + 1);
  if (!base.ends_with(kIndexSuffix)) return true;
  base.remove_suffix(kIndexSuffix.size());
  return file.size() > base.size() && file.starts_with(base) && file[base.size()] == '-';
}

void check_weight_map(const json& map, const KeyOffsets& keys, FindingsSink& out,
                      std::string_view index_name, const std::vector<std::string>& present) {
  const uint64_t at = keys.count("weight_map") ? keys.at("weight_map") : 0;
  std::set<std::string> referenced;
  for (const auto& item : map.items()) {
    if (!item.value().is_string()) {
      out.error("safetensors.index_invalid", at,
                "weight_map " + quote(item.key()) + " is not a shard file name");
      continue;
    }
    const auto& shard = item.value().get_ref<const std::string&>();
    if (!referenced.insert(shard).second) continue;
    if (!plain_file_name(shard)) {
      out.error("safetensors.index_unsafe_shard_name", at,
                "weight_map names shard " + quote(shard) + ", not a plain file name");
    } else if (std::find(present.begin(), present.end(), shard) == present.end()) {
      out.error("safetensors.index_missing_shard", at,
                "shard " + quote(shard) + " (for " + quote(item.key()) + ") is missing");
    }
  }
  for (const std::string& file : present)
    if (!referenced.count(file) && named_like_shard(file, index_name))
      out.add("safetensors.index_unreferenced_shard", Severity::kWarning, 0,
              "shard " + quote(file) + " is not referenced by weight_map");
}

void check_index_text(const std::string& text, FindingsSink& out, std::string_view index_name,
                      const std::vector<std::string>& present) {
  strict_json::JsonCheck check =
      strict_json::check_json(text, kIndexJsonLimits, kSafetensorsMaxFindings);
  for (const auto& p : check.problems) {
    const bool dup = p.kind == strict_json::JsonProblemKind::kDuplicateKey;
    out.error(dup ? "safetensors.index_duplicate_key" : "safetensors.index_invalid", p.offset,
              p.message);
  }
  if (check.has_fatal_problem()) return;
  const KeyOffsets keys = std::move(check.top_level_keys);
  const json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) {
    out.error("safetensors.index_invalid", 0, "the index is not a JSON object");
    return;
  }
  for (const auto& item : doc.items())
    if (item.key() != "metadata" && item.key() != "weight_map")
      out.add("safetensors.index_unknown_field", Severity::kWarning,
              keys.count(item.key()) ? keys.at(item.key()) : 0,
              "unknown field " + quote(item.key()));
  if (const auto m = doc.find("metadata"); m != doc.end() && !m->is_object())
    out.error("safetensors.index_invalid", keys.count("metadata") ? keys.at("metadata") : 0,
              "metadata is not an object");
  const auto map = doc.find("weight_map");
  if (map == doc.end() || !map->is_object()) {
    out.error("safetensors.index_invalid", 0, "weight_map is missing or not an object");
    return;
  }
  check_weight_map(*map, keys, out, index_name, present);
}

}  // namespace

ScanReport check_safetensors_index(const ByteSource& index_json, std::string_view name,
                                   const std::vector<std::string>& shard_files_present) {
  ScanReport report;
  report.format = "safetensors-index";
  FindingsSink out = findings_sink(report, name);
  const auto failure = guarded_parse([&] {
    const uint64_t size = index_json.size();
    if (size > kSafetensorsMaxIndexBytes) {
      out.error("safetensors.index_too_large", 0,
                std::to_string(size) + " bytes exceed the limit of " +
                    std::to_string(kSafetensorsMaxIndexBytes));
      return;
    }
    auto text = index_json.read_exact(0, size);
    if (!text.ok()) {
      out.error("safetensors.read_error", 0, text.error().detail);
      return;
    }
    check_index_text(*text, out, name, shard_files_present);
  });
  if (failure) out.error("safetensors.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
