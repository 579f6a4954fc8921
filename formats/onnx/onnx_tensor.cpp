#include "formats/onnx/onnx_tensor.hpp"

#include <array>
#include <limits>

namespace modelseal::formats::onnx_detail {
namespace {

using protobuf::Field;
using protobuf::MessageReader;
using protobuf::WireType;

enum TensorField : uint32_t {
  kDims = 1,
  kDataType = 2,
  kSegment = 3,
  kName = 8,
  kRawData = 9,
  kExternalData = 13,
  kDataLocation = 14,
};

void add_dim(TensorInfo& t, uint64_t dim) {
  if (dim > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    t.dims_negative = true;
    return;
  }
  if (__builtin_mul_overflow(t.elements, dim, &t.elements)) t.dims_overflow = true;
}

bool read_entry(MessageReader entry, uint64_t offset, ExternalEntry& out) {
  out.offset = offset;
  while (auto f = entry.next()) {
    if (f->number != 1 && f->number != 2) continue;
    if (!entry.expect(*f, WireType::kLengthDelimited, "external_data key/value")) return false;
    const bool is_key = f->number == 1;
    auto text = entry.bytes(*f, is_key ? kOnnxMaxKeyBytes : kOnnxMaxLocationBytes);
    if (!text) return false;
    (is_key ? out.key : out.value) = std::move(*text);
    (is_key ? out.key_size : out.value_size) = f->value;
  }
  return !entry.state().failed();
}

bool read_field(MessageReader& r, const Field& f, TensorInfo& t) {
  switch (f.number) {
    case kDims:
      if (f.type == WireType::kLengthDelimited)
        return r.packed_varints(f, [&t](uint64_t d) { add_dim(t, d); });
      if (!r.expect(f, WireType::kVarint, "TensorProto.dims")) return false;
      add_dim(t, f.value);
      return true;
    case kDataType:
      if (!r.expect(f, WireType::kVarint, "TensorProto.data_type")) return false;
      t.data_type = f.value;
      return true;
    case kSegment:
      t.has_segment = true;
      return r.expect(f, WireType::kLengthDelimited, "TensorProto.segment");
    case kName: {
      if (!r.expect(f, WireType::kLengthDelimited, "TensorProto.name")) return false;
      auto name = r.bytes(f, kOnnxMaxNameBytes);
      if (name) t.name = std::move(*name);
      return name.has_value();
    }
    case kRawData:
      if (!r.expect(f, WireType::kLengthDelimited, "TensorProto.raw_data")) return false;
      t.raw_data_size = f.value;  // last one wins, as in protobuf
      t.raw_data_at = f.offset;
      return true;
    case kExternalData:
      if (!r.expect(f, WireType::kLengthDelimited, "TensorProto.external_data")) return false;
      if (t.external.size() == kOnnxMaxExternalEntries) {
        t.external_truncated = true;
        return true;
      }
      t.external.emplace_back();
      return read_entry(r.sub(f), f.offset, t.external.back());
    case kDataLocation:
      if (!r.expect(f, WireType::kVarint, "TensorProto.data_location")) return false;
      t.data_location = f.value;
      t.data_location_at = f.offset;
      return true;
    default:
      return true;  // unknown and uninteresting fields are skipped
  }
}

}  // namespace

uint32_t data_type_bits(uint64_t data_type) {
  // Indexed by TensorProto.DataType: UNDEFINED, FLOAT, UINT8, INT8, UINT16, INT16,
  // INT32, INT64, STRING, BOOL, FLOAT16, DOUBLE, UINT32, UINT64, COMPLEX64,
  // COMPLEX128, BFLOAT16, FLOAT8E4M3FN, FLOAT8E4M3FNUZ, FLOAT8E5M2, FLOAT8E5M2FNUZ,
  // UINT4, INT4, FLOAT4E2M1, FLOAT8E8M0.
  static constexpr std::array<uint32_t, 25> kBits{0,  32, 8,   8,  16, 16, 32, 64, 0, 8, 16, 64, 32,
                                                  64, 64, 128, 16, 8,  8,  8,  8,  4, 4, 4,  8};
  return data_type < kBits.size() ? kBits[data_type] : 0;
}

bool read_tensor(const MessageReader& parent, const Field& field, TensorInfo& out) {
  out.offset = field.offset;
  MessageReader r = parent.sub(field);
  while (auto f = r.next())
    if (!read_field(r, *f, out)) return false;
  return !r.state().failed();
}

}  // namespace modelseal::formats::onnx_detail
