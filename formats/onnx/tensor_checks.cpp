// check_tensor: where a tensor's data lives and whether it has the right size.
#include <array>
#include <optional>
#include <string_view>

#include "formats/onnx/external_location.hpp"
#include "formats/onnx/onnx_tensor.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats::onnx_detail {
namespace {

constexpr uint64_t kLocationDefault = 0;
constexpr uint64_t kLocationExternal = 1;
constexpr std::array<std::string_view, 4> kKnownKeys{"location", "offset", "length", "checksum"};

std::string describe(const TensorInfo& t) {
  return t.name.empty() ? "unnamed tensor at offset " + std::to_string(t.offset)
                        : "tensor " + quote(t.name);
}

// The byte size product(dims) * element size, nullopt when the data type has
// no fixed size or the tensor is one segment of a larger one.
std::optional<uint64_t> expected_bytes(const TensorInfo& t) {
  const uint32_t bits = data_type_bits(t.data_type);
  if (bits == 0 || t.has_segment || t.dims_negative || t.dims_overflow) return std::nullopt;
  uint64_t total_bits = 0;
  if (__builtin_mul_overflow(t.elements, uint64_t{bits}, &total_bits)) return std::nullopt;
  return total_bits / 8 + (total_bits % 8 != 0);
}

std::optional<uint64_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 20) return std::nullopt;
  uint64_t v = 0;
  for (const char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    if (__builtin_mul_overflow(v, uint64_t{10}, &v) ||
        __builtin_add_overflow(v, static_cast<uint64_t>(c - '0'), &v))
      return std::nullopt;
  }
  return v;
}

struct ExternalFields {
  const ExternalEntry* location = nullptr;
  const ExternalEntry* offset = nullptr;
  const ExternalEntry* length = nullptr;
};

// Sorts the entries by key; false (after a finding) on a duplicate key.
bool collect_keys(const TensorInfo& t, OnnxFindings& out, ExternalFields& fields) {
  std::array<const ExternalEntry*, kKnownKeys.size()> seen{};
  for (const auto& e : t.external) {
    size_t k = 0;
    while (k < kKnownKeys.size() && (e.key_size != e.key.size() || kKnownKeys[k] != e.key)) ++k;
    if (k == kKnownKeys.size()) {
      out.warning("onnx.external_unknown_key", e.offset,
                  describe(t) + " has an unknown external_data key " + quote(e.key));
      continue;
    }
    if (seen[k]) {
      out.error("onnx.external_bad_field", e.offset,
                describe(t) + " repeats the external_data key " + quote(e.key));
      return false;
    }
    seen[k] = &e;
  }
  fields = {seen[0], seen[1], seen[2]};
  return true;
}

bool parse_number(const TensorInfo& t, const ExternalEntry* e, uint64_t& value, OnnxFindings& out) {
  if (!e) return true;
  const auto v = e->value_size == e->value.size() ? parse_decimal(e->value) : std::nullopt;
  if (!v) {
    out.error("onnx.external_bad_field", e->offset,
              describe(t) + " has external_data " + e->key + " " + quote(e->value) +
                  ", not a decimal number below 2^64");
    return false;
  }
  value = *v;
  return true;
}

void check_range(const TensorInfo& t, const ExternalFields& f, uint64_t offset, uint64_t length,
                 const std::string& path, uint64_t file_size, OnnxFindings& out) {
  const auto expected = expected_bytes(t);
  const uint64_t need = f.length ? length : expected.value_or(0);
  uint64_t end = 0;
  if (offset > file_size || __builtin_add_overflow(offset, need, &end) || end > file_size) {
    out.error("onnx.external_out_of_bounds", (f.length ? f.length : f.location)->offset,
              describe(t) + " reads " + std::to_string(need) + " bytes at offset " +
                  std::to_string(offset) + " of " + quote(path) + ", which holds " +
                  std::to_string(file_size) + " bytes");
    return;
  }
  if (f.length && expected && *expected != length)
    out.error("onnx.tensor_size_mismatch", f.length->offset,
              describe(t) + " declares external length " + std::to_string(length) +
                  ", its dims and data type need " + std::to_string(*expected) + " bytes");
}

void check_external(const TensorInfo& t, const OnnxContext& ctx, OnnxFindings& out) {
  if (t.raw_data_size)
    out.error("onnx.external_inline_data", t.raw_data_at,
              describe(t) + " is external but also carries " + std::to_string(*t.raw_data_size) +
                  " bytes of raw_data");
  if (t.external_truncated)
    out.error("onnx.limit_exceeded", t.offset,
              describe(t) + " has more than " + std::to_string(kOnnxMaxExternalEntries) +
                  " external_data entries");
  ExternalFields f;
  if (!collect_keys(t, out, f)) return;
  if (!f.location)
    return out.error("onnx.external_bad_field", t.data_location_at,
                     describe(t) + " has data_location EXTERNAL but no external_data location");
  uint64_t offset = 0, length = 0;
  if (!parse_number(t, f.offset, offset, out) || !parse_number(t, f.length, length, out)) return;
  if (f.location->value_size != f.location->value.size())
    return out.error("onnx.external_bad_path", f.location->offset,
                     describe(t) + " has an external data location of " +
                         std::to_string(f.location->value_size) + " bytes, over the limit of " +
                         std::to_string(kOnnxMaxLocationBytes));
  const ResolvedLocation loc = resolve_location(ctx.model_path, f.location->value);
  if (!loc.problem_id.empty())
    return out.error(loc.problem_id, f.location->offset, describe(t) + ": " + loc.problem);
  if (loc.leaves_model_dir)
    out.warning("onnx.external_outside_model_dir", f.location->offset,
                describe(t) + " reads " + quote(loc.root_relative) + ", outside the folder of " +
                    quote(ctx.model_path));
  if (!ctx.file_size) return;
  const auto size = ctx.file_size(loc.root_relative);
  if (!size)
    return out.error(
        "onnx.external_missing", f.location->offset,
        describe(t) + " reads " + quote(loc.root_relative) + ", which is not in the bundle");
  if (ctx.on_external_file) ctx.on_external_file(loc.root_relative);
  check_range(t, f, offset, length, loc.root_relative, *size, out);
}

}  // namespace

void check_tensor(const TensorInfo& t, const OnnxContext& ctx, OnnxFindings& out) {
  if (t.dims_negative || t.dims_overflow)
    out.error("onnx.tensor_invalid_dims", t.offset,
              describe(t) + (t.dims_negative ? " has a negative dimension"
                                             : " has an element count that overflows 64 bits"));
  else if (data_type_bits(t.data_type) != 0 && !expected_bytes(t) && !t.has_segment)
    out.error("onnx.tensor_invalid_dims", t.offset,
              describe(t) + " has a byte size that overflows 64 bits");
  if (t.data_location == kLocationExternal) return check_external(t, ctx, out);
  if (t.data_location != kLocationDefault)
    return out.error("onnx.external_bad_field", t.data_location_at,
                     describe(t) + " has data_location " + std::to_string(t.data_location) +
                         ", neither DEFAULT (0) nor EXTERNAL (1)");
  const auto expected = expected_bytes(t);
  if (t.raw_data_size && expected && *t.raw_data_size != *expected)
    out.error("onnx.tensor_size_mismatch", t.raw_data_at,
              describe(t) + " holds " + std::to_string(*t.raw_data_size) +
                  " bytes of raw_data, its dims and data type need " + std::to_string(*expected));
}

}  // namespace modelseal::formats::onnx_detail
