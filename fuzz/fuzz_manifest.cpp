// Fuzzes the strict manifest parser: it must never crash, and whatever it
// accepts must re-serialize to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "bundle/manifest.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto parsed = modelseal::bundle::parse_manifest(text, "fuzz", {});
  if (parsed.ok() && modelseal::bundle::serialize_manifest(*parsed) != text) std::abort();
  return 0;
}
