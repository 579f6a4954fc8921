// Fuzzes the ONNX scanner: it must never crash, every finding must be a
// documented "onnx.*" id with a hint, and an empty file is never accepted.
// Seeds: tests/onnx/make_onnx_models.py --seeds fuzz/corpus/scan_onnx
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string_view>

#include "formats/onnx/onnx_scan.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  static const OnnxContext ctx{"model.onnx", [](std::string_view p) -> std::optional<uint64_t> {
                                 if (p == "weights.bin") return 1024;
                                 return std::nullopt;
                               }};
  MemorySource src(std::span<const uint8_t>(data, size));
  (void)looks_like_onnx(src);
  const ScanReport report = scan_onnx(src, "fuzz.onnx", ctx);
  for (const auto& f : report.findings)
    if (!std::string_view(f.id).starts_with("onnx.") || f.hint.empty()) std::abort();
  if (size == 0 && !report.rejected()) std::abort();
  return 0;
}
