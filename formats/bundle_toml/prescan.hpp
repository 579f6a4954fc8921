// The depth prescan every TOML file passes (formats/toml/prescan.hpp), as the
// bundle.toml code names it, and the key paths of a document, for tests
// comparing bundle_toml_template() with a filled-in example.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "formats/toml/prescan.hpp"

namespace modelseal::formats::bundle_toml_internal {

using toml_schema::PrescanProblem;
using toml_schema::prescan_toml;

// The dotted paths of every key of a TOML document, array indices left out
// ("dataset.name"), sorted and unique; nullopt when the text is not TOML.
// For tests comparing bundle_toml_template() with a filled-in example.
std::optional<std::vector<std::string>> toml_key_paths(std::string_view text);

}  // namespace modelseal::formats::bundle_toml_internal
