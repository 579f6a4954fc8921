// The files a signature covers: collected from a bundle (its verified
// manifest) or a folder (hashed with OMS ignore rules), and compared both
// ways with what a signature lists.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"

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

// Where a signature goes by default: "<bundle>.sig" or "<file>.sig", "<folder>/model.sig".
std::filesystem::path default_signature_path(const std::filesystem::path& target);

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

// Fails naming the first file that changed or is missing, and the first file
// present but not signed unless `allow_unsigned`; returns the unsigned files.
Result<std::vector<std::string>> compare_content(const std::vector<SignedFile>& signed_files,
                                                 const std::vector<FileRecord>& actual,
                                                 std::string_view source, bool allow_unsigned);

}  // namespace modelseal::signing
