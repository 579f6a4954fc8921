// Tensor infos of a GGUF file and the layout of their data.
#include <algorithm>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_set>
#include <vector>

#include "formats/scan/gguf_internal.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats::gguf_detail {
namespace {

constexpr uint64_t kMaxDim = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());

// A tensor whose size is known: [begin, end) relative to the data section.
struct Placed {
  uint64_t begin;
  uint64_t end;
  uint64_t info_at;
  std::string name;
};

// Reads the dims; elements is their product, 0 when a finding was reported.
bool read_dims(Ctx& c, const std::string& name, uint64_t at, uint64_t& elements, uint64_t& dim0) {
  uint32_t n_dims = 0;
  if (!c.cur.u32(n_dims)) return c.read_failed();
  if (n_dims > kGgufMaxDims) {
    c.error("gguf.too_many_dims", at, "tensor '" + printable_name(name) + "' has " +
                                          std::to_string(n_dims) + " dimensions");
    return c.halt();
  }
  elements = 1;
  dim0 = 1;
  bool bad = false;
  for (uint32_t i = 0; i < n_dims; ++i) {
    const uint64_t dim_at = c.cur.pos();
    uint64_t d = 0;
    if (!c.cur.u64(d)) return c.read_failed();
    if (i == 0) dim0 = d;
    if (bad) continue;
    if (d == 0 || d > kMaxDim) {
      c.error("gguf.bad_dimension", dim_at, "tensor '" + printable_name(name) + "' dimension " +
                                                std::to_string(i) + " is " + std::to_string(d));
      bad = true;
    } else if (__builtin_mul_overflow(elements, d, &elements) || elements > kMaxDim) {
      c.error("gguf.size_overflow", dim_at,
              "tensor '" + printable_name(name) + "' element count overflows 63 bits");
      bad = true;
    }
  }
  if (bad) elements = 0;
  return !c.stop;
}

// The tensor's byte size, 0 after a finding.
uint64_t byte_size(Ctx& c, const std::string& name, uint64_t type_at, uint32_t type,
                   uint64_t elements, uint64_t dim0) {
  const GgmlType* t = find_ggml_type(type);
  if (t == nullptr) {
    c.error("gguf.unknown_ggml_type", type_at,
            "tensor '" + printable_name(name) + "' has unknown ggml type " + std::to_string(type));
    return 0;
  }
  if (elements == 0) return 0;
  if (dim0 % t->block != 0) {
    c.error("gguf.dim_not_block_multiple", type_at,
            "tensor '" + printable_name(name) + "' dimension 0 (" + std::to_string(dim0) +
                ") is not a multiple of " + std::string(t->name) + "'s block size " +
                std::to_string(t->block));
    return 0;
  }
  uint64_t bytes = 0;
  if (__builtin_mul_overflow(elements / t->block, uint64_t{t->bytes}, &bytes)) {
    c.error("gguf.size_overflow", type_at, "tensor '" + printable_name(name) + "' byte size overflows 64 bits");
    return 0;
  }
  return bytes;
}

void read_tensor_info(Ctx& c, std::unordered_set<std::string>& names, std::vector<Placed>& out) {
  const uint64_t at = c.cur.pos();
  std::string name;
  if (!c.read_string(kGgufMaxTensorNameBytes, "tensor name", name)) return;
  if (!names.insert(name).second)
    c.error("gguf.duplicate_tensor", at, "tensor '" + printable_name(name) + "' appears twice");
  uint64_t elements = 0;
  uint64_t dim0 = 0;
  if (!read_dims(c, name, at, elements, dim0)) return;
  const uint64_t type_at = c.cur.pos();
  uint32_t type = 0;
  uint64_t offset = 0;
  if (!c.cur.u32(type) || !c.cur.u64(offset)) {
    c.read_failed();
    return;
  }
  const uint64_t bytes = byte_size(c, name, type_at, type, elements, dim0);
  if (offset % c.alignment != 0)
    c.error("gguf.misaligned_offset", type_at + 4,
            "tensor '" + printable_name(name) + "' offset " + std::to_string(offset) +
                " is not a multiple of the alignment " + std::to_string(c.alignment));
  if (bytes == 0) return;
  uint64_t end = 0;
  if (__builtin_add_overflow(offset, bytes, &end)) {
    c.error("gguf.tensor_out_of_bounds", type_at + 4,
            "tensor '" + printable_name(name) + "' offset " + std::to_string(offset) + " + size " +
                std::to_string(bytes) + " overflows 64 bits");
    return;
  }
  out.push_back({offset, end, at, std::move(name)});
}

void check_layout(Ctx& c, std::vector<Placed>& tensors) {
  const uint64_t infos_end = c.cur.pos();  // <= the file size, so no overflow below
  const uint64_t data_at = (infos_end + (c.alignment - 1)) / c.alignment * c.alignment;
  const uint64_t data_size = data_at <= c.cur.size() ? c.cur.size() - data_at : 0;
  for (const Placed& t : tensors) {
    if (data_at > c.cur.size() || t.end > data_size)
      c.error("gguf.tensor_out_of_bounds", t.info_at,
              "tensor '" + printable_name(t.name) + "' data [" + std::to_string(t.begin) + ", " +
                  std::to_string(t.end) + ") lies past the end of the " +
                  std::to_string(data_size) + "-byte data section at offset " +
                  std::to_string(data_at));
  }
  std::sort(tensors.begin(), tensors.end(),
            [](const Placed& a, const Placed& b) { return a.begin < b.begin; });
  const Placed* reach = nullptr;  // the tensor reaching furthest so far
  for (const Placed& t : tensors) {
    if (c.stop) return;
    if (reach != nullptr && t.begin < reach->end)
      c.error("gguf.tensor_overlap", t.info_at,
              "tensor '" + printable_name(t.name) + "' overlaps tensor '" + printable_name(reach->name) + "'");
    if (reach == nullptr || t.end > reach->end) reach = &t;
  }
}

}  // namespace

void scan_tensors(Ctx& c, uint64_t count) {
  std::unordered_set<std::string> names;
  std::vector<Placed> tensors;
  for (uint64_t i = 0; i < count && !c.stop; ++i) read_tensor_info(c, names, tensors);
  if (!c.stop) check_layout(c, tensors);
}

}  // namespace modelseal::formats::gguf_detail
