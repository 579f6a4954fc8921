// metadata_to_json: BundleMetadata as a JSON object mirroring bundle.toml
// (specs/bundle-toml-v1.md, "JSON form"). Optional fields are omitted when
// absent or empty; nlohmann::json orders keys, so the output is stable.
#include <charconv>
#include <cmath>
#include <cstdint>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/schema_keys.hpp"

namespace modelseal::formats {

namespace {

using nlohmann::json;

// The decimal text of an evaluation value as a JSON number: an integer when it
// is one, else a double; text that is neither stays a string.
json number_from_text(const std::string& text) {
  const char* begin = text.data();
  const char* end = text.data() + text.size();
  int64_t integer = 0;
  if (auto [ptr, ec] = std::from_chars(begin, end, integer); ec == std::errc() && ptr == end)
    return integer;
  double floating = 0;
  if (auto [ptr, ec] = std::from_chars(begin, end, floating);
      ec == std::errc() && ptr == end && std::isfinite(floating))
    return floating;
  return text;
}

void put_if_not_empty(json& object, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) object[key] = values;
}

void put_if_not_empty(json& object, const char* key, const std::string& value) {
  if (!value.empty()) object[key] = value;
}

json model_json(const BundleMetadata& m) {
  json model = {{"name", m.name},
                {"version", m.version},
                {"license", m.license},
                {"description", m.description},
                {"authors", m.authors},
                {"supplier", m.supplier},
                {"security_contact", m.security_contact}};
  if (m.base_model) {
    json base = {{"name", m.base_model->name},
                 {"digest", m.base_model->digest},
                 {"relation", m.base_model->relation}};
    if (m.base_model->source_url) base["source_url"] = *m.base_model->source_url;
    model["base"] = std::move(base);
  }
  return model;
}

json card_json(const ModelCard& c) {
  json card = {{"intended_use", c.intended_use},
               {"prohibited_uses", c.prohibited_uses},
               {"limitations", c.limitations}};
  put_if_not_empty(card, "out_of_scope_uses", c.out_of_scope_uses);
  put_if_not_empty(card, "failure_modes", c.failure_modes);
  put_if_not_empty(card, "guardrails", c.guardrails);
  put_if_not_empty(card, "human_oversight", c.human_oversight);
  if (!c.evaluations.empty()) {
    json evaluations = json::array();
    for (const Evaluation& e : c.evaluations) {
      evaluations.push_back({{"metric", e.metric},
                             {"value", e.value_is_number ? number_from_text(e.value) : json(e.value)},
                             {"dataset", e.dataset},
                             {"date", e.date}});
    }
    card["evaluation"] = std::move(evaluations);
  }
  return card;
}

json dataset_json(const Dataset& d) {
  json dataset = {{"name", d.name},
                  {"role", d.role},
                  {"source_url", d.source_url},
                  {"retrieved_at", d.retrieved_at},
                  {"license", d.license},
                  {"custodian", d.custodian},
                  {"personal_data", d.personal_data}};
  if (d.digest) dataset["digest"] = *d.digest;
  if (d.known_bias) dataset["known_bias"] = *d.known_bias;
  return dataset;
}

}  // namespace

nlohmann::json metadata_to_json(const BundleMetadata& metadata) {
  json datasets = json::array();
  for (const Dataset& d : metadata.datasets) datasets.push_back(dataset_json(d));
  return json{
      {"schema", bundle_toml_internal::kSchemaId},
      {"model", model_json(metadata)},
      {"card", card_json(metadata.card)},
      {"dataset", std::move(datasets)},
      {"transparency",
       {{"data_use", metadata.transparency.data_use},
        {"data_storage", metadata.transparency.data_storage},
        {"data_retention", metadata.transparency.data_retention}}},
      {"payload", {{"include", metadata.payload.include}, {"exclude", metadata.payload.exclude}}},
  };
}

}  // namespace modelseal::formats
