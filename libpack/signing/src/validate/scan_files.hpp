// Scans every file of a bundle or folder by its content with the weight-file
// scanners, and applies the registry policy's format rules.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "modelseal/validate.hpp"
#include "validate/findings.hpp"

namespace modelseal::validate {

struct FileToScan {
  std::string path;  // relative to the bundle or folder root, '/'-separated
  std::filesystem::path location;
  uint64_t size = 0;
  fs::Links links = fs::Links::kRefuse;  // kFollow only for the file the user named
  // A followed link (--allow-symlinks): `location` is its resolved target,
  // opened only while it is still that file.
  std::optional<fs::FileIdentity> linked = std::nullopt;
};

// Appends one ValidatedFile per file and every finding. Errors only when a
// file cannot be opened (the environment, not the upload).
Status scan_files(const std::vector<FileToScan>& files, const RegistryPolicy& policy,
                  std::vector<ValidatedFile>& scanned, Findings& findings);

}  // namespace modelseal::validate
