#include "formats/sigstore/trusted_root.hpp"
#include "base/file_io.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "sigstore/production_trusted_root.hpp"

namespace modelseal::sigstore {

Result<formats::TrustedRoot> load_trusted_root(const std::optional<std::filesystem::path>& path) {
  if (!path)
    return formats::parse_trusted_root(kProductionTrustedRootJson,
                                       "built-in Sigstore production trusted root");
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(*path, formats::kMaxTrustedRootBytes));
  return formats::parse_trusted_root(text, path->string());
}

}  // namespace modelseal::sigstore
