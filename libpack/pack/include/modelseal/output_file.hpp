// Reports and logs the CLI writes (SARIF, compliance reports): atomically, so
// a reader never sees half a file and a crash leaves the old one intact.
#pragma once

#include <filesystem>
#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal {

// Temp file beside `path`, fsync, rename, fsync of the folder. An existing
// `path` is replaced only with `overwrite` (--force) and only when it is a
// regular file: a link, device, FIFO or folder never is (kAlreadyExists).
Status write_output_file(const std::filesystem::path& path, std::string_view text, bool overwrite);

// The same check, made before the work that produces an output.
Status check_output_file(const std::filesystem::path& path, bool overwrite);

}  // namespace modelseal
