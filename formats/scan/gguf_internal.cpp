#include "formats/scan/gguf_internal.hpp"

#include "formats/text/printable.hpp"
#include "formats/text/utf8.hpp"

#include <array>

namespace modelseal::formats::gguf_detail {

uint64_t fixed_value_size(uint32_t type) {
  switch (type) {
    case kU8: case kI8: case kBool: return 1;
    case kU16: case kI16: return 2;
    case kU32: case kI32: case kF32: return 4;
    case kU64: case kI64: case kF64: return 8;
    default: return 0;
  }
}

// ggml's type traits (ggml.h / ggml.c): ids 4, 5 and 31..33, 36..38 were removed.
const GgmlType* find_ggml_type(uint32_t id) {
  static constexpr std::array<GgmlType, 33> kTypes{{
      {0, "F32", 1, 4},        {1, "F16", 1, 2},         {2, "Q4_0", 32, 18},
      {3, "Q4_1", 32, 20},     {6, "Q5_0", 32, 22},      {7, "Q5_1", 32, 24},
      {8, "Q8_0", 32, 34},     {9, "Q8_1", 32, 36},      {10, "Q2_K", 256, 84},
      {11, "Q3_K", 256, 110},  {12, "Q4_K", 256, 144},   {13, "Q5_K", 256, 176},
      {14, "Q6_K", 256, 210},  {15, "Q8_K", 256, 292},   {16, "IQ2_XXS", 256, 66},
      {17, "IQ2_XS", 256, 74}, {18, "IQ3_XXS", 256, 98}, {19, "IQ1_S", 256, 50},
      {20, "IQ4_NL", 32, 18},  {21, "IQ3_S", 256, 110},  {22, "IQ2_S", 256, 82},
      {23, "IQ4_XS", 256, 136}, {24, "I8", 1, 1},        {25, "I16", 1, 2},
      {26, "I32", 1, 4},       {27, "I64", 1, 8},        {28, "F64", 1, 8},
      {29, "IQ1_M", 256, 56},  {30, "BF16", 1, 2},       {34, "TQ1_0", 256, 54},
      {35, "TQ2_0", 256, 66},  {39, "MXFP4", 32, 17},    {UINT32_MAX, "", 0, 0},
  }};
  for (const auto& t : kTypes)
    if (t.id == id && t.block != 0) return &t;
  return nullptr;
}

bool valid_utf8(std::string_view s) { return utf8::valid(s); }

const HintTable& gguf_hints() {
  static constexpr std::array<HintEntry, 23> kHints{{
      {"gguf.bad_magic", "not a GGUF file: it must start with \"GGUF\""},
      {"gguf.unsupported_version", "convert the model to little-endian GGUF version 2 or 3"},
      {"gguf.truncated", "the file ends inside its header; download or export it again"},
      {"gguf.read_error", "the file could not be read; check the storage and retry"},
      {"gguf.count_exceeds_limit", "the count exceeds the scanner's limit; the file is corrupt or hostile"},
      {"gguf.count_exceeds_file", "the count needs more bytes than the file holds; it is corrupt or hostile"},
      {"gguf.string_too_long", "keys are at most 64 KiB, tensor names 64 bytes, values 64 MiB"},
      {"gguf.bad_utf8", "keys and tensor names must be valid UTF-8"},
      {"gguf.duplicate_key", "each metadata key may appear once"},
      {"gguf.bad_value_type", "metadata value types are 0..12 (uint8 .. float64)"},
      {"gguf.nested_array", "arrays of arrays are not accepted; flatten the metadata"},
      {"gguf.bad_bool", "a bool is one byte, 0 or 1"},
      {"gguf.bad_alignment", "general.alignment must be a uint32 power of two"},
      {"gguf.duplicate_tensor", "each tensor name may appear once"},
      {"gguf.too_many_dims", "ggml tensors have at most 4 dimensions"},
      {"gguf.bad_dimension", "every dimension must be between 1 and 2^63-1"},
      {"gguf.unknown_ggml_type", "use a ggml tensor type this version knows (F32 .. MXFP4)"},
      {"gguf.dim_not_block_multiple", "the first dimension must be a multiple of the type's block size"},
      {"gguf.size_overflow", "the tensor's element count or byte size overflows 64 bits"},
      {"gguf.misaligned_offset", "tensor offsets must be multiples of general.alignment"},
      {"gguf.tensor_out_of_bounds", "the tensor's data lies past the end of the file; it is truncated"},
      {"gguf.tensor_overlap", "tensors must not share bytes; re-export the model"},
      {"gguf.too_many_findings", "fix the problems reported so far; the scan stopped early"},
  }};
  static const HintTable kTable{kHints, ""};
  return kTable;
}

Ctx::Ctx(const ByteSource& src, ScanReport& r, std::string_view f)
    : cur(src),
      report(r),
      file(f),
      sink(r.findings, f, gguf_hints(),
           {kGgufMaxFindings - 1, "gguf.too_many_findings",
            "stopped after " + std::to_string(kGgufMaxFindings - 1) + " findings"}) {}

void Ctx::error(std::string_view id, uint64_t offset, std::string message) {
  if (stop) return;
  sink.error(id, offset, std::move(message));
  if (sink.full()) stop = true;
}

bool Ctx::read_failed() {
  const bool io = cur.state() == GgufCursor::State::kReadError;
  error(io ? "gguf.read_error" : "gguf.truncated", cur.pos(), cur.detail());
  return halt();
}

bool Ctx::read_string(uint64_t limit, std::string_view what, std::string& out) {
  const uint64_t at = cur.pos();
  uint64_t len = 0;
  if (!cur.u64(len)) return read_failed();
  if (len > limit) {
    error("gguf.string_too_long", at, std::string(what) + " of " + std::to_string(len) +
                                          " bytes exceeds the limit of " + std::to_string(limit));
    return halt();
  }
  if (!cur.bytes(len, out)) return read_failed();
  if (!valid_utf8(out)) error("gguf.bad_utf8", at, std::string(what) + " '" + printable_name(out) + "' is not UTF-8");
  return !stop;
}

bool Ctx::skip_string() {
  const uint64_t at = cur.pos();
  uint64_t len = 0;
  if (!cur.u64(len)) return read_failed();
  if (len > kGgufMaxValueStringBytes) {
    error("gguf.string_too_long", at, "a string value of " + std::to_string(len) +
                                          " bytes exceeds the limit of " +
                                          std::to_string(kGgufMaxValueStringBytes));
    return halt();
  }
  if (!cur.skip(len)) return read_failed();
  return true;
}

}  // namespace modelseal::formats::gguf_detail
