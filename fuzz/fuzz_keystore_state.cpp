// Fuzzes the keystore's readers of keystore.json and log.jsonl lines: they must
// never crash, and what they accept must re-serialize to the same bytes.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "keystore/event_log.hpp"
#include "keystore/state.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace modelseal::keys;
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto state = parse_state(text);
  if (state.ok()) {
    auto again = serialize_state(*state);
    if (!again.ok() || *again != text) std::abort();
  }
  auto line = parse_log_line(text);
  if (line.ok() && line->sha256 != sha256_line_hex(text)) std::abort();
  return 0;
}
