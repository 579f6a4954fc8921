#include "formats/scan/safetensors.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include <nlohmann/json.hpp>

#include "formats/json/strict_json.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/safetensors_common.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
using namespace safetensors_detail;
using strict_json::JsonProblemKind;

constexpr strict_json::JsonLimits kHeaderJsonLimits{
    kSafetensorsMaxHeaderBytes, kSafetensorsMaxJsonDepth, kSafetensorsMaxJsonValues,
    kSafetensorsMaxHeaderBytes};

std::string_view header_problem_id(JsonProblemKind kind) {
  switch (kind) {
    case JsonProblemKind::kDuplicateKey: return "safetensors.duplicate_key";
    case JsonProblemKind::kTooDeep: return "safetensors.header_too_deep";
    case JsonProblemKind::kTooManyValues: return "safetensors.header_too_many_values";
    default: return "safetensors.header_not_json";
  }
}

// Bits per element of every dtype of the safetensors specification.
std::optional<uint64_t> dtype_bits(std::string_view d) {
  static constexpr std::array<std::pair<std::string_view, uint64_t>, 20> kDtypes{{
      {"BOOL", 8},  {"F4", 4},      {"F6_E2M3", 6}, {"F6_E3M2", 6}, {"U8", 8},
      {"I8", 8},    {"F8_E5M2", 8}, {"F8_E4M3", 8}, {"F8_E8M0", 8}, {"I16", 16},
      {"U16", 16},  {"F16", 16},    {"BF16", 16},   {"I32", 32},    {"U32", 32},
      {"F32", 32},  {"C64", 64},    {"F64", 64},    {"I64", 64},    {"U64", 64},
  }};
  for (const auto& [name, bits] : kDtypes)
    if (name == d) return bits;
  return std::nullopt;
}

struct Span {
  uint64_t begin;
  uint64_t end;
  uint64_t where;  // header offset of the tensor's key, for messages
  std::string name;
};

struct Scan {
  FindingsSink& out;
  uint64_t data_start;
  uint64_t data_size;
  std::unordered_map<std::string, uint64_t> keys;  // top-level key -> header offset
  std::vector<Span> spans;

  uint64_t where(const std::string& key) const {
    const auto it = keys.find(key);
    return 8 + (it == keys.end() ? 0 : it->second);
  }
};

std::optional<uint64_t> element_count(const json& shape, Scan& s, uint64_t at,
                                      const std::string& name) {
  if (!shape.is_array() || shape.size() > kSafetensorsMaxRank) {
    s.out.error("safetensors.invalid_shape", at,
                quote(name) + ": shape is not an array of at most " +
                    std::to_string(kSafetensorsMaxRank) + " dimensions");
    return std::nullopt;
  }
  uint64_t count = 1;
  bool overflow = false;
  for (const json& dim : shape) {
    if (!dim.is_number_unsigned()) {
      s.out.error("safetensors.invalid_shape", at,
                  quote(name) + ": shape holds " + quote(dim.dump()) + ", not a non-negative integer");
      return std::nullopt;
    }
    overflow = __builtin_mul_overflow(count, dim.get<uint64_t>(), &count) || overflow;
  }
  if (overflow) {
    s.out.error("safetensors.size_overflow", at, quote(name) + ": element count overflows");
    return std::nullopt;
  }
  return count;
}

void check_tensor(const std::string& name, const json& entry, Scan& s) {
  const uint64_t at = s.where(name);
  if (!entry.is_object()) {
    s.out.error("safetensors.tensor_not_object", at, quote(name) + ": entry is not an object");
    return;
  }
  for (const auto& item : entry.items())
    if (item.key() != "dtype" && item.key() != "shape" && item.key() != "data_offsets")
      s.out.error("safetensors.unknown_field", at,
                  quote(name) + ": unknown field " + quote(item.key()));
  for (const char* field : {"dtype", "shape", "data_offsets"})
    if (!entry.contains(field))
      s.out.error("safetensors.missing_field", at,
                  quote(name) + ": missing " + std::string(field));
  std::optional<uint64_t> bits;
  if (const auto d = entry.find("dtype"); d != entry.end()) {
    if (d->is_string()) bits = dtype_bits(d->get_ref<const std::string&>());
    if (!bits) s.out.error("safetensors.unknown_dtype", at, quote(name) + ": dtype " + quote(d->dump()));
  }
  std::optional<uint64_t> count;
  if (const auto sh = entry.find("shape"); sh != entry.end()) count = element_count(*sh, s, at, name);
  const auto o = entry.find("data_offsets");
  if (o == entry.end()) return;
  if (!o->is_array() || o->size() != 2 || !(*o)[0].is_number_unsigned() ||
      !(*o)[1].is_number_unsigned() || (*o)[0].get<uint64_t>() > (*o)[1].get<uint64_t>()) {
    s.out.error("safetensors.invalid_offsets", at,
                quote(name) + ": data_offsets " + quote(o->dump()) + " is not [begin, end]");
    return;
  }
  const uint64_t begin = (*o)[0].get<uint64_t>();
  const uint64_t end = (*o)[1].get<uint64_t>();
  s.spans.push_back({begin, end, at, name});
  if (!bits || !count) return;
  uint64_t total_bits = 0;
  if (__builtin_mul_overflow(*count, *bits, &total_bits)) {
    s.out.error("safetensors.size_overflow", at, quote(name) + ": byte size overflows");
  } else if (total_bits % 8 != 0 || total_bits / 8 != end - begin) {
    s.out.error("safetensors.size_mismatch", s.data_start + begin,
                quote(name) + ": " + std::to_string(*count) + " elements of " +
                    std::to_string(*bits) + " bits, but data_offsets span " +
                    std::to_string(end - begin) + " bytes");
  }
}

void check_metadata(const json& meta, Scan& s) {
  const uint64_t at = s.where("__metadata__");
  if (!meta.is_object()) {
    s.out.error("safetensors.metadata_not_object", at, "__metadata__ is not an object");
    return;
  }
  for (const auto& item : meta.items())
    if (!item.value().is_string())
      s.out.error("safetensors.metadata_not_string", at,
                  "__metadata__ " + quote(item.key()) + " is not a string");
}

void check_layout(Scan& s) {
  std::sort(s.spans.begin(), s.spans.end(), [](const Span& a, const Span& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.end < b.end;
  });
  uint64_t covered = 0;
  for (const Span& t : s.spans) {
    if (t.end > s.data_size)
      s.out.error("safetensors.offsets_out_of_range", t.where,
                  quote(t.name) + ": ends at data byte " + std::to_string(t.end) + " of " +
                      std::to_string(s.data_size));
    if (t.begin > covered)
      s.out.error("safetensors.offsets_gap", s.data_start + std::min(covered, s.data_size),
                  "data bytes " + std::to_string(covered) + ".." + std::to_string(t.begin) +
                      " belong to no tensor (before " + quote(t.name) + ")");
    else if (t.begin < covered)
      s.out.error("safetensors.offsets_overlap", s.data_start + std::min(t.begin, s.data_size),
                  quote(t.name) + " starts at data byte " + std::to_string(t.begin) +
                      ", inside the previous tensor");
    covered = std::max(covered, t.end);
  }
  if (covered < s.data_size)
    s.out.error("safetensors.trailing_bytes", s.data_start + covered,
                std::to_string(s.data_size - covered) + " bytes after the last tensor");
}

void scan_header(const std::string& header, Scan& s) {
  if (header.empty() || header[0] != '{') {
    s.out.error("safetensors.header_not_object", 8, "header does not start with '{'");
    return;
  }
  strict_json::JsonCheck check =
      strict_json::check_json(header, kHeaderJsonLimits, kSafetensorsMaxFindings);
  for (const auto& p : check.problems) {
    const bool duplicate = p.kind == JsonProblemKind::kDuplicateKey;
    s.out.error(header_problem_id(p.kind), 8 + p.offset,
                duplicate ? p.message : "header: " + p.message);
  }
  if (check.has_fatal_problem()) return;
  s.keys = std::move(check.top_level_keys);
  const size_t last = header.find_last_not_of(' ');
  if (header[last] != '}')
    s.out.error("safetensors.header_padding", 8 + last, "header is padded with other than spaces");
  const json doc = json::parse(header, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) return;  // reported by strict_json::check_json
  for (const auto& item : doc.items()) {
    if (item.key() == "__metadata__")
      check_metadata(item.value(), s);
    else
      check_tensor(item.key(), item.value(), s);
  }
  check_layout(s);
}

}  // namespace

bool looks_like_safetensors(const ByteSource& src) {
  std::array<uint8_t, 9> head{};
  const auto got = src.read_at(0, head);
  if (!got.ok() || *got != head.size()) return false;
  uint64_t n = 0;
  for (size_t i = 0; i < 8; ++i) n |= uint64_t{head[i]} << (8 * i);
  return n >= 2 && n <= kSafetensorsMaxHeaderBytes && n <= src.size() - 8 && head[8] == '{';
}

ScanReport scan_safetensors(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "safetensors";
  FindingsSink out = findings_sink(report, name);
  const auto failure = guarded_parse([&] {
    const uint64_t size = src.size();
    if (size < 8) {
      out.error("safetensors.truncated", 0, std::to_string(size) + " bytes, fewer than 8");
      return;
    }
    auto head = src.read_exact(0, 8);
    if (!head.ok()) {
      out.error("safetensors.read_error", 0, head.error().detail);
      return;
    }
    uint64_t n = 0;
    for (size_t i = 0; i < 8; ++i) n |= uint64_t{static_cast<uint8_t>((*head)[i])} << (8 * i);
    if (n > kSafetensorsMaxHeaderBytes || n > size - 8) {
      out.error("safetensors.header_length_out_of_range", 0,
                "header length " + std::to_string(n) + " exceeds the limit of " +
                    std::to_string(kSafetensorsMaxHeaderBytes) + " or the file size " +
                    std::to_string(size));
      return;
    }
    auto header = src.read_exact(8, n);
    if (!header.ok()) {
      out.error("safetensors.read_error", 8, header.error().detail);
      return;
    }
    Scan s{out, 8 + n, size - 8 - n, {}, {}};
    scan_header(*header, s);
  });
  if (failure) out.error("safetensors.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
