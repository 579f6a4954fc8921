#include "formats/bundle_toml/bundle_toml.hpp"
#include "base/file_io.hpp"
#include "modelseal/bundle.hpp"

namespace modelseal {

Result<std::filesystem::path> write_bundle_toml_template(const std::filesystem::path& model_dir,
                                                         std::string_view model_name, bool overwrite) {
  std::string text = formats::bundle_toml_template(model_name);
  std::filesystem::path target = model_dir / "bundle.toml";
  MS_TRY(fs::write_file_atomically(
      target, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, overwrite));
  return target;
}

}  // namespace modelseal
