// Registry validation of untrusted uploads (docs/validate.md): a bundle, a
// plain model folder or a single weight file is checked for hostile archive
// and folder constructions, every file is scanned by its content, and a
// registry policy (docs/registry-policy.md) sets limits and forbidden formats.
// The verdict lists every finding; nothing in the upload is ever executed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "formats/scan/scan.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/progress.hpp"
#include "modelseal/result.hpp"

namespace modelseal {

inline constexpr char kRegistryPolicySchema[] = "modelseal.registry-policy/v1";

// Defaults are safe for a public registry; a policy file may change them.
struct RegistryPolicy {
  std::filesystem::path source;  // empty: the defaults
  uint64_t max_files = 100'000;
  uint64_t max_file_bytes = 1ull << 40;   // 1 TiB
  uint64_t max_total_bytes = 1ull << 42;  // 4 TiB
  uint64_t max_compression_ratio = 100;   // decompressed / compressed bytes of a bundle
  uint64_t max_manifest_bytes = 64ull << 20;
  std::vector<std::string> forbid_formats;  // scanner format names, e.g. "pickle", "pytorch-zip"
  bool reject_unknown_weights = false;      // unrecognised content in a weight-like file name
  bool require_bundle = false;              // refuse plain folders and single files
  bool require_canonical = false;           // a bundle must rebuild to the same tar bytes
  std::vector<std::string> downgrade;       // finding ids reported as warnings only
};

// Reads a registry.toml (schema "modelseal.registry-policy/v1"). Errors name
// the file, line and column; all are kInvalidArgument: a policy that cannot be
// used is a configuration error, not a rejected upload.
Result<RegistryPolicy> load_registry_policy(const std::filesystem::path& file);

// The format names scanners report, for policy checks and documentation.
const std::vector<std::string>& known_scan_formats();

struct ValidateOptions {
  std::filesystem::path target;  // .mbundle, model folder, or one weight file
  RegistryPolicy policy;
  // Where a bundle's files a scanner must seek in are copied (a private folder
  // is made inside and removed afterwards; nothing is extracted). Default: the
  // system's temporary folder.
  std::optional<std::filesystem::path> work_dir;
  unsigned threads = 0;
  // Folders: a link to a file inside the folder (or inside the repository
  // folder of a Hugging Face cache snapshot) is scanned as that file; any
  // other link stays a finding (docs/validate.md).
  bool allow_symlinks = false;
  // A bundle's read (the bytes read and hashed), e.g. for a progress bar.
  ProgressFn progress;
};

struct ValidatedFile {
  std::string path;    // relative to the bundle or folder; the file name for a single file
  std::string format;  // scanner format, or "" when no scanner knows the content
  uint64_t size = 0;
  // A folder's file that signing leaves out (model.sig, .git/...: tree default_ignores):
  // scanned, but not counted among the model's files.
  bool unsigned_by_default = false;
};

struct ValidationReport {
  std::string target;
  std::string kind;  // "bundle", "folder" or "file"
  std::optional<std::string> model_name, model_version, content_digest;  // bundles only
  // A bundle whose every file matched its manifest in this read (whatever the scans found):
  // what verify_bundle would have returned for the same bytes.
  std::optional<VerifiedContent> content;
  std::vector<ValidatedFile> files;
  std::vector<formats::Finding> findings;
  bool rejected() const;  // any error finding
};

// Errors only for the environment (target missing, unreadable, work folder
// unusable); everything wrong with the upload itself is a finding.
Result<ValidationReport> validate_upload(const ValidateOptions& options);

// `modelseal scan`: one weight file, its format judged by its content, reported in the shape of
// validate_upload's report so both share renderers. An ONNX model's external data is looked up
// beside it (its folder is the root; links do not count as present). Errors: the file cannot be
// read, or kUnsupported when no scanner knows its format.
Result<ValidationReport> scan_file(const std::string& file);

// One JSON verdict (docs/validate.md) and a SARIF 2.1.0 log of the findings.
std::string validation_to_json(const ValidationReport& report);
std::string validation_to_sarif(const ValidationReport& report);

}  // namespace modelseal
