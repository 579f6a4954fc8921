// Entry-name rules: a name must mean the same path to every unzip tool and
// stay inside the extraction folder.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace modelseal::formats::zip {

struct NameProblem {
  std::string id;       // "zip.absolute_path", "zip.path_traversal", "zip.invalid_name", "zip.non_utf8_name"
  std::string message;
};

// `utf8_flag` is general-purpose flag bit 11: without it the name is CP437,
// which is accepted only when it is plain ASCII.
std::optional<NameProblem> check_entry_name(std::string_view name, bool utf8_flag);

bool is_valid_utf8(std::string_view text);

}  // namespace modelseal::formats::zip
