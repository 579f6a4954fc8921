// The `license` of a Hugging Face model card (its license identifiers, e.g.
// "apache-2.0", "openrail", "llama3") as an SPDX license expression.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace modelseal::formats::model_card_hints {

struct LicenseMapping {
  // The SPDX expression: an SPDX id ("Apache-2.0") for a license SPDX lists,
  // "LicenseRef-<id>" for a named license it does not (openrail, llama3, ...).
  // nullopt when a person must decide: "other", "unknown", an identifier
  // modelseal does not know, or one SPDX splits in two (gpl-3.0: -only or -or-later?).
  std::optional<std::string> spdx;
  // Why there is none, to show beside the placeholder; empty when `spdx` is set.
  std::string why_not;
};

// Case-insensitive; `hf_id` is the value as written in the front matter.
LicenseMapping map_hf_license(std::string_view hf_id);

}  // namespace modelseal::formats::model_card_hints
