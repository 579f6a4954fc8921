// Walks a model folder the way OpenSSF Model Signing does: the root and every
// descendant, dotfiles included, sorted in OMS order; ignored paths are
// skipped with their subtrees and symlinked folders are never descended. With
// allow_symlinks a link to a file inside the link boundary is an entry named by
// the link's path with its target's content (tree/link_resolver.hpp).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::tree {

inline constexpr size_t kMaxTreeFiles = 1'000'000;

enum class EntryKind { kRegular, kSymlink, kOther };

struct TreeEntry {
  std::string path;  // relative, '/'-separated; "." for a single-file model
  std::filesystem::path location;
  EntryKind kind = EntryKind::kRegular;
  uint64_t size = 0;
  // Set when the entry is a followed link: `location` is its resolved target,
  // which must still be this file when it is opened (open_entry).
  std::optional<fs::FileIdentity> linked;
};

struct WalkOptions {
  // Follow links to files inside the link boundary (model_signing's
  // --allow-symlinks); a link that cannot be followed is an error naming it.
  bool allow_symlinks = false;
};

// Paths OMS ignores at the top level of every model folder, plus the
// manifest of an extracted bundle (it holds the digests, so it cannot be
// covered by them).
const std::vector<std::string>& default_ignores();

// True when `path` (relative, '/'-separated) is or lies under one of default_ignores().
bool is_default_ignored(const std::string& path);

// Lists `root` (a folder, or a single file whose entry is named "."),
// skipping `ignores` (relative paths, with their subtrees). Entries come
// sorted by path_less. Names breaking validate_relative_path are errors.
Result<std::vector<TreeEntry>> walk_model_tree(const std::filesystem::path& root,
                                               const std::vector<std::string>& ignores,
                                               const WalkOptions& options = {});

// Opens an entry's file for reading: never through a link, and a followed
// link's target only while it is the file the walk resolved.
Result<fs::UniqueFd> open_entry(const std::filesystem::path& location,
                                const std::optional<fs::FileIdentity>& linked);

// `path` relative to `folder` ('/'-separated) when it lies inside it, e.g. an
// output file or a signature that a walk of the folder must leave out.
std::optional<std::string> relative_path_inside(const std::filesystem::path& path,
                                                const std::filesystem::path& folder);

// Fails naming the first entry that is not a regular file.
Status require_regular_files(const std::vector<TreeEntry>& entries,
                             const std::filesystem::path& root);

}  // namespace modelseal::tree
