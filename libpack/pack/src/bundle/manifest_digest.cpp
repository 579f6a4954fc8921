#include "bundle/manifest_digest.hpp"

#include "bundle/manifest.hpp"

namespace modelseal::bundle {

Result<Sha256Digest> manifest_digest(const VerifiedContent& content) {
  return manifest_digest(serialize_manifest({content.name, content.version, content.content_digest, content.files}));
}

Result<Sha256Digest> manifest_digest(std::string_view manifest_json) {
  return sha256_of({reinterpret_cast<const uint8_t*>(manifest_json.data()), manifest_json.size()});
}

}  // namespace modelseal::bundle
