// Fuzz target for `init`'s pre-filling (formats/model_card_hints): any bytes as
// README.md (and as config.json and generation_config.json) give hints without
// crashing, and the template generated from them is always TOML, with exactly
// the placeholders it counts and no key the template does not write.
// Seeds: fuzz/corpus/model_card_hints/.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/prescan.hpp"
#include "formats/model_card_hints/model_hints.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace hints = modelseal::formats::model_card_hints;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  hints::HintSources sources;
  sources.readme = text;
  sources.config = text;
  sources.generation_config = text;
  const hints::ModelHints found = hints::collect_model_hints(sources);
  for (const std::string& warning : found.warnings)
    if (warning.find('\x1B') != std::string::npos || warning.find('\r') != std::string::npos) std::abort();
  const auto generated = modelseal::formats::bundle_toml_template("fuzz", found);
  const auto keys = modelseal::formats::bundle_toml_internal::toml_key_paths(generated.text);
  if (!keys) std::abort();
  for (const std::string& key : *keys) {
    if (key.find('"') != std::string::npos || key.find(' ') != std::string::npos) std::abort();
  }
  size_t placeholders = 0;
  for (size_t at = generated.text.find("\"FILL ME:"); at != std::string::npos;
       at = generated.text.find("\"FILL ME:", at + 1))
    ++placeholders;
  if (placeholders != generated.placeholders) std::abort();
  // Still refused until filled in, never crashing the parser.
  if (modelseal::formats::parse_bundle_toml(generated.text, "fuzz").ok()) std::abort();
  return 0;
}
