#include "tree/file_selection.hpp"

#include "formats/bundle_toml/validators.hpp"
#include "formats/text/printable.hpp"
#include "tree/glob.hpp"

namespace modelseal::tree {

Result<FileSelection> FileSelection::parse(const std::vector<std::string>& globs,
                                           std::string_view option) {
  if (globs.size() > kMaxSelectionGlobs)
    return make_error(ErrorCode::kInvalidArgument,
                      std::string(option) + " is given " + std::to_string(globs.size()) +
                          " times; at most " + std::to_string(kMaxSelectionGlobs) + " globs");
  FileSelection selection;
  for (const std::string& glob : globs) {
    if (auto problem = formats::bundle_toml_internal::check_payload_glob(glob))
      return make_error(ErrorCode::kInvalidArgument,
                        std::string(option) + " '" + formats::printable_name(glob) + "' " + *problem +
                            " (a glob is matched against the whole relative path: '*' and '?' "
                            "stay within one path component, '**' spans components)");
    selection.globs_.push_back(glob);
  }
  return selection;
}

std::optional<std::string> FileSelection::glob_matching_nothing(
    const std::vector<std::string_view>& paths) const {
  for (const std::string& glob : globs_) {
    bool matched = false;
    for (std::string_view path : paths)
      if ((matched = glob_match(glob, path))) break;
    if (!matched) return glob;
  }
  return std::nullopt;
}

bool FileSelection::selects(std::string_view path) const {
  if (globs_.empty()) return true;
  for (const std::string& glob : globs_)
    if (glob_match(glob, path)) return true;
  return false;
}

}  // namespace modelseal::tree
