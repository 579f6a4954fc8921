// Scans every file of a bundle or folder by its content with the weight-file
// scanners, and applies the registry policy's format rules.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "formats/scan/scan.hpp"
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

// The scan of a bundle's or folder's files one by one, each from whatever
// ByteSource holds it (a file, or a bundle's file as it streams by); a file no
// scanner recognises is judged once every file was scanned, as an ONNX model
// later in the list may read it as external data.
class FileScanner {
 public:
  FileScanner(const std::vector<FileToScan>& files, const RegistryPolicy& policy);
  // The report of files[index]'s scan, its findings not yet recorded (nullopt: no scanner
  // knows it). `trial`: what an ONNX model reads as external data is not remembered.
  std::optional<formats::ScanReport> scan(size_t index, const formats::ByteSource& src,
                                          bool trial = false);
  // Records files[index] and its scan's findings; call in file order.
  void record(size_t index, std::optional<formats::ScanReport> report,
              std::vector<ValidatedFile>& scanned, Findings& findings);
  // Judges the unrecognised files, once every file was recorded.
  void finish(std::vector<ValidatedFile>& scanned, Findings& findings);

 private:
  const std::vector<FileToScan>& files_;
  const RegistryPolicy& policy_;
  std::map<std::string, uint64_t, std::less<>> sizes_;
  std::set<std::string, std::less<>> external_data_;
  std::vector<size_t> unknown_;  // indices into `scanned`
};

// Appends one ValidatedFile per file and every finding. Errors only when a
// file cannot be opened (the environment, not the upload).
Status scan_files(const std::vector<FileToScan>& files, const RegistryPolicy& policy,
                  std::vector<ValidatedFile>& scanned, Findings& findings);

}  // namespace modelseal::validate
