// Fuzzes the safetensors scanner and index check: they must never crash,
// whatever the bytes, and a file they accept must pass the sniffing test.
#include <cstdint>
#include <cstdlib>
#include <span>

#include "formats/scan/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  MemorySource src(std::span<const uint8_t>(data, size));
  const bool looks = looks_like_safetensors(src);
  const ScanReport report = scan_safetensors(src, "fuzz.safetensors");
  if (!report.rejected() && !looks) std::abort();
  (void)check_safetensors_index(src, "model.safetensors.index.json", {"model-00001.safetensors"});
  return 0;
}
