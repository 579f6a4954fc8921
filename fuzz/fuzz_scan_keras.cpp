// Fuzzes the Keras v3 scanner: the input is config.json's text, scanned on its
// own and inside a .keras archive (stored config.json, metadata.json, weights)
// through the ZIP scanner. Neither may crash; both must agree on rejection, the
// archive must be recognised as "keras", and every finding must carry a hint.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string>
#include <string_view>

#include "empty_hdf5.hpp"
#include "formats/scan/keras.hpp"
#include "formats/scan/zip_scan.hpp"
#include "formats/zip/crc32.hpp"

namespace {

void put(std::string& out, uint64_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out += static_cast<char>((v >> (8 * i)) & 0xff);
}

// A stored ZIP of `members` ({name, content}), no extras.
std::string stored_zip(std::span<const std::pair<std::string_view, std::string_view>> members) {
  std::string out;
  std::string central;
  for (const auto& [name, content] : members) {
    const uint32_t crc = modelseal::formats::zip::crc32_update(
        0, {reinterpret_cast<const uint8_t*>(content.data()), content.size()});
    const size_t at = out.size();
    put(out, 0x04034b50, 4); put(out, 20, 2); put(out, 0, 2); put(out, 0, 2); put(out, 0, 4);
    put(out, crc, 4); put(out, content.size(), 4); put(out, content.size(), 4);
    put(out, name.size(), 2); put(out, 0, 2);
    out += name; out += content;
    put(central, 0x02014b50, 4); put(central, 20, 2); put(central, 20, 2); put(central, 0, 2);
    put(central, 0, 2); put(central, 0, 4); put(central, crc, 4); put(central, content.size(), 4);
    put(central, content.size(), 4); put(central, name.size(), 2); put(central, 0, 2);
    put(central, 0, 2); put(central, 0, 8); put(central, at, 4);
    central += name;
  }
  const size_t dir = out.size();
  out += central;
  put(out, 0x06054b50, 4); put(out, 0, 4); put(out, members.size(), 2); put(out, members.size(), 2);
  put(out, central.size(), 4); put(out, dir, 4); put(out, 0, 2);
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::formats;
  const std::string_view config(reinterpret_cast<const char*>(data), size);
  const ScanReport alone = scan_keras_config(config, "config.json");
  if (alone.format != "keras") std::abort();
  for (const Finding& f : alone.findings)
    if (f.hint.empty() || !f.id.starts_with("keras.")) std::abort();

  const std::pair<std::string_view, std::string_view> members[] = {
      {"metadata.json", R"({"keras_version": "3.6.0"})"},
      {"config.json", config},
      {"model.weights.h5", fuzz_fixtures::kEmptyHdf5}};
  const std::string zip = stored_zip(members);
  MemorySource src(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(zip.data()), zip.size()));
  const ScanReport in_zip = scan_zip(src, "fuzz.keras");
  if (in_zip.format != "keras") std::abort();
  // config.json nested as a ZIP is a zip.nested_archive instead of being parsed.
  if (!looks_like_zip(MemorySource(std::span<const uint8_t>(data, size))) &&
      in_zip.rejected() != alone.rejected())
    std::abort();
  for (const Finding& f : in_zip.findings)
    if (f.hint.empty()) std::abort();
  return 0;
}
