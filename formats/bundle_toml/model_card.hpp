// Human-readable renderings of BundleMetadata.
#pragma once

#include <string>

#include "modelseal/metadata.hpp"

namespace modelseal::formats {

// MODEL_CARD.md carried in every bundle (deterministic: same metadata, same bytes).
std::string render_model_card_markdown(const BundleMetadata& metadata);

// Plain text for `modelseal inspect` on a terminal: identity, card,
// provenance, limitations, transparency.
std::string render_model_card_text(const BundleMetadata& metadata);

}  // namespace modelseal::formats
