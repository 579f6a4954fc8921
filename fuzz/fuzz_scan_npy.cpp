// Fuzzes the .npy scanner: it must never crash, and a file it accepts must
// carry the .npy magic.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "formats/scan/npy.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  const bool looks = looks_like_npy(src);
  const ScanReport report = scan_npy(src, "fuzz.npy");
  if (!report.rejected() && !looks) std::abort();
  return 0;
}
