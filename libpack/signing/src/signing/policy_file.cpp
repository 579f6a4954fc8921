#include "signing/policy_file.hpp"

#include "base/file_io.hpp"
#include "formats/toml/parse.hpp"

namespace modelseal::policy_internal {

std::filesystem::path resolve(const std::filesystem::path& base, const std::string& written) {
  const std::filesystem::path path(written);
  return path.is_absolute() ? path : base / path;
}

Status check_regular_file(const std::filesystem::path& path) {
  std::error_code ec;
  const std::filesystem::file_status status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status) || std::filesystem::is_regular_file(status)) return {};
  return make_error(ErrorCode::kInvalidArgument,
                    path.string() + (std::filesystem::is_directory(status)
                                         ? ": is a folder, not a file"
                                         : ": not a regular file"));
}

Result<toml::table> read_policy_toml(const std::filesystem::path& file) {
  MS_TRY(check_regular_file(file));
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(file, kMaxPolicyBytes));
  return formats::toml_schema::parse_toml(text, file.string(), kMaxPolicyBytes);
}

}  // namespace modelseal::policy_internal
