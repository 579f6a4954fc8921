// Fuzz target for bundle.toml (specs/bundle-toml-v1.md): parse_bundle_toml
// must reject or accept any bytes without crashing; accepted metadata must
// render and serialise deterministically. Seeds: fuzz/corpus/bundle_toml/.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/model_card.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  modelseal::formats::toml_schema::ProblemList problems;
  const auto result = modelseal::formats::parse_bundle_toml(text, "fuzz/bundle.toml", &problems);
  if (!result.ok()) {
    // Every line of the error names the source and a position (one problem per line), and the
    // list of problems holds the same lines.
    const std::string& detail = result.error().detail;
    std::string joined;
    for (size_t start = 0;;) {
      if (detail.compare(start, 17, "fuzz/bundle.toml:") != 0) std::abort();
      const size_t end = detail.find('\n', start);
      if (end == std::string::npos) break;
      start = end + 1;
    }
    for (const std::string& line : problems.lines) joined += (joined.empty() ? "" : "\n") + line;
    if (!problems.lines.empty() && detail.compare(0, joined.size(), joined) != 0) std::abort();
    if (problems.total < problems.lines.size()) std::abort();
    return 0;
  }
  const std::string markdown = modelseal::formats::render_model_card_markdown(*result);
  const std::string plain = modelseal::formats::render_model_card_text(*result);
  const std::string json = modelseal::formats::metadata_to_json(*result).dump();
  if (markdown != modelseal::formats::render_model_card_markdown(*result)) std::abort();
  if (plain != modelseal::formats::render_model_card_text(*result)) std::abort();
  if (json != modelseal::formats::metadata_to_json(*result).dump()) std::abort();
  // Parsing is a pure function of the text.
  const auto again = modelseal::formats::parse_bundle_toml(text, "fuzz/bundle.toml");
  if (!again.ok() || modelseal::formats::metadata_to_json(*again).dump() != json) std::abort();
  return 0;
}
