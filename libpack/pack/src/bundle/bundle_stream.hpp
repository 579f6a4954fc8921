// One streaming pass over a bundle archive, checking it against its
// manifest as it goes (specs/bundle-v1.md, "Reading"):
//   - the first entry is the manifest; it is parsed strictly;
//   - every later entry is the next file the manifest lists: same path, same
//     size, and its SHA-256 must match before the next entry is used (see below);
//   - the metadata entries are parsed, and the model name and version in
//     bundle.toml must equal the manifest's;
//   - at the end, no listed file may be missing.
// A visitor sees each file's bytes as they pass (extraction writes them).
// Files are hashed on ReadOptions::threads threads (tree/hash_pipeline): a visitor that needs
// no bytes lets the reader run ahead while earlier files are still being hashed (end_file then
// comes later, still in order); an uncompressed archive file is then hashed straight from the
// file. Whatever the threads, the error is the one a sequential read meets first: the first
// file in archive order that does not match, or the archive problem before it.
#pragma once

#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>

#include "archive/archive_reader.hpp"
#include "bundle/manifest.hpp"
#include "tree/file_selection.hpp"
#include "modelseal/bundle.hpp"

namespace modelseal::bundle {

class EntryVisitor {
 public:
  virtual ~EntryVisitor() = default;
  // Called once the manifest is parsed and its reserved entries checked, before any file.
  virtual Status manifest_read(const Manifest&) { return {}; }
  virtual Status begin_file(const FileRecord&) { return {}; }
  virtual Status file_data(std::span<const uint8_t>) { return {}; }
  // Called once the file's digest matched.
  virtual Status end_file(const FileRecord&) { return {}; }
  // False: file_data is only needed for the .modelseal/ files; the others may be hashed
  // without passing through the visitor, and each end_file may come after the next begin_file.
  virtual bool needs_bytes() const { return true; }
};

// The visitor of a read that only checks.
class IgnoreBytes final : public EntryVisitor {
 public:
  bool needs_bytes() const override { return false; }
};

enum class StopAfter { kManifest, kMetadata, kEverything };

struct StreamResult {
  Manifest manifest;
  std::optional<BundleMetadata> metadata;  // once bundle.toml has streamed by
  std::string model_card_markdown;
  uint64_t verified_bytes = 0;
  bool complete = false;  // every listed file was read and matched
};

Result<StreamResult> stream_bundle(const std::filesystem::path& path, const ReadOptions& options,
                                   EntryVisitor& visitor, StopAfter stop = StopAfter::kEverything);
// The same over an archive already open (a decrypting stream); `name` names it in messages.
Result<StreamResult> stream_bundle(archive::ArchiveReader& archive, const std::filesystem::path& name,
                                   const ReadOptions& options, EntryVisitor& visitor,
                                   StopAfter stop = StopAfter::kEverything);

// Runs once every file matched, before an extraction is moved into place;
// an error aborts the extraction and leaves nothing behind.
using BeforeCommit = std::function<Status(const Manifest&)>;

// extract_bundle over an archive already open (a decrypting stream).
Result<VerifiedContent> extract_bundle_stream(archive::ArchiveReader& archive,
                                              const std::filesystem::path& name,
                                              const std::filesystem::path& destination,
                                              const ReadOptions& options,
                                              const BeforeCommit& before_commit,
                                              const tree::FileSelection& filter = {},
                                              bool replace = false);

// "<source>: <option> 'GLOB' matches no file the manifest lists" (kTampered) when a glob of
// `selection` matches none of `files`: the bundle does not hold what the operator asked for.
Status check_every_glob_matches(const tree::FileSelection& selection,
                                const std::vector<FileRecord>& files, std::string_view source,
                                std::string_view option);

// The .modelseal/ files a selection never leaves out of an extracted bundle.
bool is_metadata_path(std::string_view path);

// Checks the metadata entries a v1 manifest must list, and no other entry
// inside the reserved folder.
Status check_reserved_entries(const Manifest& manifest, std::string_view source);

// Parses bundle.toml bytes found in a bundle and checks them against the manifest.
Result<BundleMetadata> parse_bundled_metadata(std::string_view toml, const Manifest& manifest,
                                              std::string_view source);

VerifiedContent verified_content(const Manifest& manifest, BundleMetadata metadata);

}  // namespace modelseal::bundle
