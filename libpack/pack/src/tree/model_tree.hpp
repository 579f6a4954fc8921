// Walks a model folder the way OpenSSF Model Signing does: the root and every
// descendant, dotfiles included, sorted in OMS order; ignored paths are
// skipped with their subtrees and symlinked folders are never descended.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::tree {

inline constexpr size_t kMaxTreeFiles = 1'000'000;

enum class EntryKind { kRegular, kSymlink, kOther };

struct TreeEntry {
  std::string path;  // relative, '/'-separated; "." for a single-file model
  std::filesystem::path location;
  EntryKind kind = EntryKind::kRegular;
  uint64_t size = 0;
};

// Paths OMS ignores at the top level of every model folder, plus the
// manifest of an extracted bundle (it holds the digests, so it cannot be
// covered by them).
const std::vector<std::string>& default_ignores();

// Lists `root` (a folder, or a single file whose entry is named "."),
// skipping `ignores` (relative paths, with their subtrees). Entries come
// sorted by path_less. Names breaking validate_relative_path are errors.
Result<std::vector<TreeEntry>> walk_model_tree(const std::filesystem::path& root,
                                               const std::vector<std::string>& ignores);

// `path` relative to `folder` ('/'-separated) when it lies inside it, e.g. an
// output file or a signature that a walk of the folder must leave out.
std::optional<std::string> relative_path_inside(const std::filesystem::path& path,
                                                const std::filesystem::path& folder);

// Fails naming the first entry that is not a regular file.
Status require_regular_files(const std::vector<TreeEntry>& entries,
                             const std::filesystem::path& root);

}  // namespace modelseal::tree
