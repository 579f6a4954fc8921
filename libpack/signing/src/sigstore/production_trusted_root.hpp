// Sigstore's production trusted_root.json, built into the program (keys/trust/README.md).
#pragma once

#include <string_view>

namespace modelseal::sigstore {

extern const std::string_view kProductionTrustedRootJson;

}  // namespace modelseal::sigstore
