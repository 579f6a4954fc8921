// Private parts of the GGUF scanner shared by gguf.cpp and gguf_tensors.cpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "formats/scan/gguf.hpp"
#include "formats/scan/findings_sink.hpp"
#include "formats/scan/gguf_cursor.hpp"

namespace modelseal::formats::gguf_detail {

// GGUF metadata value types.
enum ValueType : uint32_t {
  kU8 = 0, kI8, kU16, kI16, kU32, kI32, kF32, kBool, kString, kArray, kU64, kI64, kF64,
  kValueTypeCount
};

// Size of a fixed-size value type; 0 for string, array and unknown types.
uint64_t fixed_value_size(uint32_t type);

// A ggml tensor type: `block` elements take `bytes` bytes.
struct GgmlType {
  uint32_t id;
  std::string_view name;
  uint32_t block;
  uint32_t bytes;
};
const GgmlType* find_ggml_type(uint32_t id);

bool valid_utf8(std::string_view s);
// The documented hints of "gguf.*" ids (docs/findings-gguf.md).
const HintTable& gguf_hints();

struct Ctx {
  explicit Ctx(const ByteSource& src, ScanReport& r, std::string_view f);
  GgufCursor cur;
  ScanReport& report;
  std::string_view file;
  FindingsSink sink;  // kGgufMaxFindings - 1 findings, then "gguf.too_many_findings"
  uint32_t alignment = kGgufDefaultAlignment;
  bool stop = false;

  // Adds a finding unless the scan stopped; the cap stops it.
  void error(std::string_view id, uint64_t offset, std::string message);
  // Reports why the cursor failed (truncated or read error), stops the scan and
  // returns false.
  bool read_failed();
  // Stops the scan (after a finding it cannot parse past) and returns false.
  bool halt() {
    stop = true;
    return false;
  }
  // Reads a string of at most `limit` bytes; false (having reported) when it cannot.
  bool read_string(uint64_t limit, std::string_view what, std::string& out);
  // Skips a string value of at most kGgufMaxValueStringBytes.
  bool skip_string();
};

// Parses the metadata key-value pairs (general.alignment sets ctx.alignment).
void scan_metadata(Ctx& c, uint64_t count);
// Parses the tensor infos and checks their data against the file.
void scan_tensors(Ctx& c, uint64_t count);

}  // namespace modelseal::formats::gguf_detail
