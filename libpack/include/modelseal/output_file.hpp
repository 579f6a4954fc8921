// Reports and logs the CLI writes (SARIF, compliance reports): atomically, so
// a reader never sees half a file and a crash leaves the old one intact.
#pragma once

#include <filesystem>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal {

// Temp file beside `path`, fsync, rename over any existing file, fsync of the folder.
Status write_output_file(const std::filesystem::path& path, std::string_view text);

}  // namespace modelseal
