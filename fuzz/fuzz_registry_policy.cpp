// Fuzz target for registry.toml (docs/registry-policy.md):
// load_registry_policy must accept or reject any bytes without crashing,
// every error names the file, and an accepted policy keeps its limits
// positive. Seeds: fuzz/corpus/registry_policy/.
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "modelseal/validate.hpp"
#include "scratch_folder.hpp"

namespace {

const std::filesystem::path& policy_file() {
  static const std::filesystem::path file =
      fuzz_support::scratch_folder("fuzz-registry-policy") / "registry.toml";
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path& file = policy_file();
  fuzz_support::write_file(file, data, size);
  const auto policy = modelseal::load_registry_policy(file);
  if (!policy.ok()) {
    if (policy.error().detail.rfind(file.string(), 0) != 0) std::abort();
    return 0;
  }
  if (policy->max_files == 0 || policy->max_file_bytes == 0 || policy->max_total_bytes == 0 ||
      policy->max_compression_ratio == 0)
    std::abort();
  return 0;
}
