// The files a signature covers: collected from a bundle (its verified
// manifest) or a folder (hashed with OMS ignore rules), and compared both
// ways with what a signature lists.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "tree/file_selection.hpp"

namespace modelseal::signing {

struct TargetContent {
  bool is_bundle = false;
  // A sealed bundle: the files are those its header's manifest lists; the
  // encrypted payload is authenticated against them only when opened.
  bool is_sealed = false;
  std::string subject_name;  // the in-toto subject: bundle name, or folder/file base name
  std::string model_version; // bundles only
  std::vector<FileRecord> files;
  Sha256Digest root;
  std::vector<std::string> ignored;  // what a folder walk left out (recorded when signing)
  bool allow_symlinks = false;       // a folder walked following its links (recorded too)
  std::optional<BundleMetadata> metadata;  // bundles only
};

// The in-toto subject name of a folder or file: its base name ("model" when it has none).
std::string model_base_name(const std::filesystem::path& target);

// Where a signature goes by default: "<bundle>.sig" or "<file>.sig", "<folder>/model.sig".
std::filesystem::path default_signature_path(const std::filesystem::path& target);

// A plain bundle's content, verified against its manifest, as a signature covers it.
TargetContent bundle_content(VerifiedContent verified);

// kInvalidArgument when a bundle target is given the options only a folder walk takes.
Status check_no_folder_options(const std::vector<std::string>& ignore, bool allow_symlinks);

// `signature` is left out of a folder walk when it lies inside the folder;
// `allow_symlinks` follows a folder's links (DigestOptions::allow_symlinks).
Result<TargetContent> collect_content(const std::filesystem::path& target,
                                      const std::vector<std::string>& ignore,
                                      const std::filesystem::path& signature,
                                      const ReadOptions& read, bool allow_symlinks = false);

struct SignedFile {
  std::string name;
  std::string sha256_hex;
};

// `verify --only`: the globs parsed; kInvalidArgument for a malformed glob, or a target other
// than a folder or a plain bundle (a sealed bundle, a single file). A plain bundle holds every
// file it lists: all are checked, and each glob must still match one of them.
Result<tree::FileSelection> parse_only(const std::vector<std::string>& globs,
                                       const std::filesystem::path& target);

struct ContentComparison {
  std::vector<std::string> unsigned_files;  // present, not signed (only when allowed)
  // With a selection: the signed files present (each matched its digest), and the signed files
  // absent, which no glob selects.
  std::vector<std::string> checked_files;
  std::vector<std::string> absent_files;
};

// Fails naming the first file that changed or is missing, and the first file present but not
// signed unless `allow_unsigned`. With a selection (`verify --only`), a signed file no glob
// selects may be absent (present, it is checked), and a glob that selects no signed file fails.
Result<ContentComparison> compare_content(const std::vector<SignedFile>& signed_files,
                                          const std::vector<FileRecord>& actual,
                                          std::string_view source, bool allow_unsigned,
                                          const tree::FileSelection& only = {});

}  // namespace modelseal::signing
