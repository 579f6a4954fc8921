#include "modelseal/output_file.hpp"

#include "base/file_io.hpp"

namespace modelseal {

Status write_output_file(const std::filesystem::path& path, std::string_view text, bool overwrite) {
  return fs::write_file_atomically(
      path, {reinterpret_cast<const uint8_t*>(text.data()), text.size()}, overwrite);
}

Status check_output_file(const std::filesystem::path& path, bool overwrite) {
  return fs::check_output_path(path, overwrite);
}

}  // namespace modelseal
