// The model card's key facts that travel, signed, in a bundle signature's
// predicate (field "model_card"; OMS verifiers ignore it).
#pragma once

#include <nlohmann/json.hpp>

#include "modelseal/metadata.hpp"

namespace modelseal::signing {

nlohmann::json model_card_facts(const BundleMetadata& metadata);

}  // namespace modelseal::signing
