#include "formats/scan/gguf.hpp"

#include <array>
#include <string>
#include <unordered_set>

#include "formats/scan/gguf_internal.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats {
namespace {

using namespace gguf_detail;

constexpr std::string_view kMagic = "GGUF";
// The smallest encodings: a kv is a key length, a value type and a 1-byte value; a
// tensor info is a name length, n_dims (0 dims), a ggml type and an offset.
constexpr uint64_t kMinKvBytes = 8 + 4 + 1;
constexpr uint64_t kMinTensorInfoBytes = 8 + 4 + 4 + 8;

std::string type_text(uint32_t type) { return "value type " + std::to_string(type); }

// Checks a bool byte, reporting a value other than 0 or 1.
bool check_bool(Ctx& c) {
  const uint64_t at = c.cur.pos();
  uint8_t b = 0;
  if (!c.cur.u8(b)) return c.read_failed();
  if (b > 1) c.error("gguf.bad_bool", at, "bool value " + std::to_string(b) + " is not 0 or 1");
  return !c.stop;
}

bool skip_array(Ctx& c) {
  const uint64_t at = c.cur.pos();
  uint32_t type = 0;
  uint64_t count = 0;
  if (!c.cur.u32(type) || !c.cur.u64(count)) return c.read_failed();
  if (type == kArray) {
    c.error("gguf.nested_array", at, "an array of arrays");
    return c.halt();
  }
  if (type >= kValueTypeCount) {
    c.error("gguf.bad_value_type", at, "array element " + type_text(type) + " is unknown");
    return c.halt();
  }
  const uint64_t size = fixed_value_size(type);
  const uint64_t min_size = type == kString ? 8 : size;
  uint64_t need = 0;
  if (count > kGgufMaxArrayElements) {
    c.error("gguf.count_exceeds_limit", at + 4, "array of " + std::to_string(count) +
                                                    " elements exceeds the limit of " +
                                                    std::to_string(kGgufMaxArrayElements));
    return c.halt();
  }
  if (__builtin_mul_overflow(count, min_size, &need) || need > c.cur.remaining()) {
    c.error("gguf.count_exceeds_file", at + 4, "array of " + std::to_string(count) +
                                                   " elements needs more than the " +
                                                   std::to_string(c.cur.remaining()) +
                                                   " bytes left");
    return c.halt();
  }
  if (type != kString && type != kBool) return c.cur.skip(need) || c.read_failed();
  for (uint64_t i = 0; i < count; ++i) {
    if (!(type == kString ? c.skip_string() : check_bool(c))) return false;
  }
  return true;
}

bool skip_value(Ctx& c, uint32_t type, uint64_t type_at) {
  if (type == kBool) return check_bool(c);
  if (type == kString) return c.skip_string();
  if (type == kArray) return skip_array(c);
  if (type >= kValueTypeCount) {
    c.error("gguf.bad_value_type", type_at, type_text(type) + " is unknown");
    return c.halt();
  }
  if (!c.cur.skip(fixed_value_size(type))) return c.read_failed();
  return true;
}

bool read_alignment(Ctx& c, uint32_t type, uint64_t type_at) {
  if (type != kU32) {
    c.error("gguf.bad_alignment", type_at, "general.alignment has " + type_text(type) +
                                               ", not uint32 (4)");
    return skip_value(c, type, type_at);
  }
  const uint64_t at = c.cur.pos();
  uint32_t v = 0;
  if (!c.cur.u32(v)) return c.read_failed();
  if (v == 0 || (v & (v - 1)) != 0)
    c.error("gguf.bad_alignment", at, "general.alignment " + std::to_string(v) +
                                          " is not a power of two");
  else
    c.alignment = v;
  return !c.stop;
}

bool read_header(Ctx& c, uint64_t& tensors, uint64_t& kvs) {
  std::string magic;
  if (c.cur.size() < kMagic.size() || !c.cur.bytes(kMagic.size(), magic) || magic != kMagic) {
    if (c.cur.state() == GgufCursor::State::kReadError) return c.read_failed();
    c.error("gguf.bad_magic", 0, "the file does not start with \"GGUF\"");
    return false;
  }
  uint32_t version = 0;
  if (!c.cur.u32(version) || !c.cur.u64(tensors) || !c.cur.u64(kvs)) return c.read_failed();
  if (version != 2 && version != 3) {
    c.error("gguf.unsupported_version", 4,
            "version " + std::to_string(version) +
                (version >= 0x01000000 ? " (a big-endian file?)" : " is not 2 or 3"));
    return false;
  }
  if (tensors > kGgufMaxTensors || kvs > kGgufMaxMetadataKv) {
    const bool t = tensors > kGgufMaxTensors;
    c.error("gguf.count_exceeds_limit", t ? 8 : 16,
            (t ? "tensor_count " + std::to_string(tensors) + " exceeds the limit of " +
                     std::to_string(kGgufMaxTensors)
               : "metadata_kv_count " + std::to_string(kvs) + " exceeds the limit of " +
                     std::to_string(kGgufMaxMetadataKv)));
    return false;
  }
  // Both counts are at most 2^20, so the products cannot overflow.
  if (tensors * kMinTensorInfoBytes + kvs * kMinKvBytes > c.cur.remaining()) {
    c.error("gguf.count_exceeds_file", 8,
            std::to_string(tensors) + " tensors and " + std::to_string(kvs) +
                " metadata entries need more than the " + std::to_string(c.cur.remaining()) +
                " bytes left");
    return false;
  }
  return true;
}

void scan(Ctx& c) {
  uint64_t tensors = 0;
  uint64_t kvs = 0;
  if (!read_header(c, tensors, kvs)) return;
  scan_metadata(c, kvs);
  if (!c.stop) scan_tensors(c, tensors);
}

}  // namespace

namespace gguf_detail {

void scan_metadata(Ctx& c, uint64_t count) {
  std::unordered_set<std::string> keys;
  for (uint64_t i = 0; i < count && !c.stop; ++i) {
    const uint64_t at = c.cur.pos();
    std::string key;
    if (!c.read_string(kGgufMaxKeyBytes, "metadata key", key)) return;
    const uint64_t type_at = c.cur.pos();
    uint32_t type = 0;
    if (!c.cur.u32(type)) {
      c.read_failed();
      return;
    }
    if (!keys.insert(key).second)
      c.error("gguf.duplicate_key", at, "metadata key '" + printable_name(key) + "' appears twice");
    const bool ok = key == "general.alignment" ? read_alignment(c, type, type_at)
                                               : skip_value(c, type, type_at);
    if (!ok) return;
  }
}

}  // namespace gguf_detail

bool looks_like_gguf(const ByteSource& src) {
  std::array<uint8_t, 4> head{};
  const auto got = src.read_at(0, head);
  return got.ok() && *got == head.size() &&
         std::string_view(reinterpret_cast<const char*>(head.data()), head.size()) == kMagic;
}

ScanReport scan_gguf(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "gguf";
  const auto failure = guarded_parse([&] {
    Ctx c(src, report, name);
    scan(c);
  });
  if (failure)  // listed even after the cap, as the scan's last word
    report.findings.push_back({"gguf.read_error", Severity::kError, std::string(name), 0,
                               failure->message(),
                               std::string(gguf_hints().lookup("gguf.read_error"))});
  return report;
}

}  // namespace modelseal::formats
