// Fuzzes the TensorFlow SavedModel scanner: it must never crash, every finding
// must be a documented "savedmodel.*" id with a hint, an empty file is never
// accepted, and routing a file named saved_model.pb by content must agree.
// Seeds: hand-encoded SavedModels in fuzz/corpus/scan_savedmodel (see
// tests/unit/test_scan_savedmodel.cpp for the encoding).
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "formats/savedmodel/savedmodel_scan.hpp"
#include "formats/scan/detect.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  const bool sniffed = looks_like_savedmodel(src);
  const ScanReport report = scan_savedmodel(src, "saved_model.pb");
  for (const auto& f : report.findings)
    if (!std::string_view(f.id).starts_with("savedmodel.") || f.hint.empty()) std::abort();
  if (size == 0 && !report.rejected()) std::abort();
  if (sniffed) {
    const auto routed = scan_by_content(src, "model/saved_model.pb");
    if (!routed || routed->format != "tf-savedmodel" ||
        routed->findings.size() != report.findings.size())
      std::abort();
  }
  return 0;
}
