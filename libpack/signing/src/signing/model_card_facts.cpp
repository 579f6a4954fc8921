#include "signing/model_card_facts.hpp"

namespace modelseal::signing {

nlohmann::json model_card_facts(const BundleMetadata& m) {
  nlohmann::json datasets = nlohmann::json::array();
  for (const Dataset& d : m.datasets)
    datasets.push_back({{"name", d.name},
                        {"role", d.role},
                        {"source_url", d.source_url},
                        {"retrieved_at", d.retrieved_at}});
  return {{"name", m.name},
          {"version", m.version},
          {"license", m.license},
          {"supplier", m.supplier},
          {"security_contact", m.security_contact},
          {"intended_use", m.card.intended_use},
          {"prohibited_uses", m.card.prohibited_uses},
          {"limitations", m.card.limitations},
          {"datasets", std::move(datasets)}};
}

}  // namespace modelseal::signing
