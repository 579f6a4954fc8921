// Fuzzes the streaming bundle reader (strict archive reader + manifest + per-entry
// checks) and extraction: never a crash, and a rejected extraction leaves
// nothing behind.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "modelseal/bundle.hpp"

namespace {
std::filesystem::path scratch() {
  static const std::filesystem::path dir = [] {
    auto d = std::filesystem::temp_directory_path() / ("modelseal-fuzz-" + std::to_string(::getpid()));
    std::filesystem::create_directories(d);
    return d;
  }();
  return dir;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto input = scratch() / "input.mbundle";
  const auto out = scratch() / "out";
  {
    std::ofstream f(input, std::ios::binary | std::ios::trunc);
    f.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  modelseal::ReadLimits limits;
  limits.max_files = 1000;
  limits.max_total_bytes = 64 << 20;
  (void)modelseal::verify_bundle(input, {limits, 1, {}});
  auto extracted = modelseal::extract_bundle(input, out, {limits, 1, {}});
  if (!extracted.ok() && std::filesystem::exists(out)) std::abort();
  std::error_code ec;
  std::filesystem::remove_all(out, ec);
  return 0;
}
