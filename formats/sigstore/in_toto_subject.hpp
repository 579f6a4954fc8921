// Subjects of an in-toto Statement (parsed JSON, untrusted): which artifacts it is about.
#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

namespace modelseal::formats {

// True when some subject's digest.sha256 is the string `hex`. Never throws,
// whatever the JSON's shape.
bool has_subject_sha256(const nlohmann::json& statement, std::string_view hex);

}  // namespace modelseal::formats
