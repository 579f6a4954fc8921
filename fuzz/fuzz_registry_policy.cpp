// Fuzz target for registry.toml (docs/registry-policy.md):
// load_registry_policy must accept or reject any bytes without crashing,
// every error names the file, and an accepted policy keeps its limits
// positive. Seeds: fuzz/corpus/registry_policy/.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "modelseal/validate.hpp"

namespace {

std::filesystem::path folder;

void remove_folder() {
  std::error_code ec;
  std::filesystem::remove_all(folder, ec);
}

const std::filesystem::path& policy_file() {
  static const std::filesystem::path file = [] {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "fuzz-registry-policy-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    folder = pattern;
    std::atexit(remove_folder);
    return folder / "registry.toml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path& file = policy_file();
  {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    if (!out) std::abort();
  }
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
