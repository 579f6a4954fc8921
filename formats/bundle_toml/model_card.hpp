// Human-readable renderings of BundleMetadata.
#pragma once

#include <cstddef>
#include <string>

#include "modelseal/metadata.hpp"

namespace modelseal::formats {

// The largest MODEL_CARD.md a bundle may carry (specs/bundle-v1.md, section 3):
// builders refuse to write a larger one, readers refuse to read it.
inline constexpr size_t kMaxModelCardBytes = size_t{4} << 20;

// MODEL_CARD.md carried in every bundle, byte for byte as specs/bundle-toml-v1.md
// section 7 specifies (deterministic: same metadata, same bytes).
std::string render_model_card_markdown(const BundleMetadata& metadata);

}  // namespace modelseal::formats
