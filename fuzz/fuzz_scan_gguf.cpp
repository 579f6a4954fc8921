// Fuzzes the GGUF scanner: it must never crash, must bound its findings, must
// give every finding a documented-looking id, a hint and an offset inside the
// file, and a file it accepts must carry the GGUF magic.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "formats/scan/gguf.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  const bool looks = looks_like_gguf(src);
  const ScanReport report = scan_gguf(src, "fuzz.gguf");
  if (report.format != "gguf" || report.findings.size() > kGgufMaxFindings) std::abort();
  for (const Finding& f : report.findings)
    if (f.id.rfind("gguf.", 0) != 0 || f.hint.empty() || f.offset > size) std::abort();
  if (!report.rejected() && !looks) std::abort();
  return 0;
}
