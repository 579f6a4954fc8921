// Entry-name rules: a name must mean the same path to every unzip tool and
// stay inside the extraction folder.
#pragma once

#include <optional>
#include <string_view>

#include "formats/names/names.hpp"

namespace modelseal::formats::zip {

// The first broken rule of the relative-path rule (formats/names/relative_path.hpp)
// with kZipNameLimits, as "zip.absolute_path", "zip.path_traversal",
// "zip.invalid_name" or "zip.non_utf8_name" (no hint). `utf8_flag` is
// general-purpose flag bit 11: without it the name is CP437, which is accepted
// only when it is plain ASCII.
std::optional<NameProblem> check_entry_name(std::string_view name, bool utf8_flag);

}  // namespace modelseal::formats::zip
