#include "attest/statements.hpp"

namespace modelseal::attest {
namespace {

nlohmann::ordered_json sha256_digest(const std::string& prefixed) {
  constexpr std::string_view kPrefix = "sha256:";
  if (!prefixed.starts_with(kPrefix)) return nlohmann::ordered_json::object();
  return {{"sha256", prefixed.substr(kPrefix.size())}};
}

// Training and evaluation data, and the base model: what the build consumed.
nlohmann::ordered_json resolved_dependencies(const BundleMetadata& m) {
  nlohmann::ordered_json deps = nlohmann::ordered_json::array();
  for (const Dataset& d : m.datasets) {
    nlohmann::ordered_json dep = {{"uri", d.source_url}, {"name", d.name}};
    if (d.digest) dep["digest"] = sha256_digest(*d.digest);
    dep["annotations"] = {{"kind", "dataset"},         {"role", d.role},
                          {"retrieved_at", d.retrieved_at}, {"license", d.license},
                          {"custodian", d.custodian},  {"personal_data", d.personal_data}};
    deps.push_back(std::move(dep));
  }
  if (m.base_model) {
    nlohmann::ordered_json dep = {{"name", m.base_model->name}};
    if (m.base_model->source_url) dep["uri"] = *m.base_model->source_url;
    dep["digest"] = sha256_digest(m.base_model->digest);
    dep["annotations"] = {{"kind", "base_model"}, {"relation", m.base_model->relation}};
    deps.push_back(std::move(dep));
  }
  return deps;
}

}  // namespace

nlohmann::ordered_json statement(const BundleSubject& s, std::string_view predicate_type,
                                 nlohmann::ordered_json predicate) {
  return {{"_type", "https://in-toto.io/Statement/v1"},
          {"subject",
           {{{"name", s.name + "@" + s.version}, {"digest", {{"sha256", s.content_digest.hex()}}}},
            {{"name", s.file_name}, {"digest", {{"sha256", s.archive_digest.hex()}}}},
            {{"name", ".modelseal/manifest.json"}, {"digest", {{"sha256", s.manifest_digest.hex()}}}}}},
          {"predicateType", predicate_type},
          {"predicate", std::move(predicate)}};
}

nlohmann::ordered_json slsa_provenance(const BundleSubject& s, const BundleMetadata& m,
                                       const ProvenanceParams& p) {
  nlohmann::ordered_json metadata = nlohmann::ordered_json::object();
  if (p.invocation_id) metadata["invocationId"] = *p.invocation_id;
  if (p.started_on) metadata["startedOn"] = *p.started_on;
  if (p.finished_on) metadata["finishedOn"] = *p.finished_on;
  return {{"buildDefinition",
           {{"buildType", kModelsealBuildType},
            {"externalParameters",
             {{"model", {{"name", m.name}, {"version", m.version}}},
              {"payload", {{"include", m.payload.include}, {"exclude", m.payload.exclude}}}}},
            {"internalParameters", {{"tool", {{"name", "modelseal"}, {"version", MODELSEAL_VERSION}}}}},
            {"resolvedDependencies", resolved_dependencies(m)}}},
          {"runDetails",
           {{"builder", {{"id", p.builder_id}}},
            {"metadata", std::move(metadata)},
            {"byproducts",
             {{{"name", s.file_name}, {"digest", {{"sha256", s.archive_digest.hex()}}},
               {"annotations", {{"content_digest", s.content_digest.prefixed()}}}}}}}}};
}

nlohmann::ordered_json evaluation_results(const BundleSubject& s, const BundleMetadata& m) {
  nlohmann::ordered_json results = nlohmann::ordered_json::array();
  for (const Evaluation& e : m.card.evaluations) {
    nlohmann::ordered_json value;
    if (e.value_is_number) value = nlohmann::ordered_json::parse(e.value, nullptr, false);
    if (!e.value_is_number || value.is_discarded()) value = e.value;
    results.push_back({{"metric", e.metric}, {"value", value}, {"dataset", e.dataset}, {"date", e.date}});
  }
  nlohmann::ordered_json datasets = nlohmann::ordered_json::array();
  for (const Dataset& d : m.datasets)
    if (d.role == "eval") {
      nlohmann::ordered_json entry = {{"name", d.name}, {"uri", d.source_url}};
      if (d.digest) entry["digest"] = sha256_digest(*d.digest);
      datasets.push_back(std::move(entry));
    }
  return {{"model", {{"name", s.name}, {"version", s.version}, {"content_digest", s.content_digest.prefixed()}}},
          {"results", std::move(results)},
          {"evaluation_datasets", std::move(datasets)},
          {"limitations", m.card.limitations}};
}

}  // namespace modelseal::attest
