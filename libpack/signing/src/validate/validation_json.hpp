// The validation verdict as a JSON object: validation_to_json prints it alone, the verdict
// documents of `validate --json` and `scan --json` (verdict_json) carry its fields.
#pragma once

#include <nlohmann/json.hpp>

#include "modelseal/validate.hpp"

namespace modelseal {

nlohmann::json validation_json(const ValidationReport& report);

}  // namespace modelseal
