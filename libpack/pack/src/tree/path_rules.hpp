// Relative paths inside a model: the rules a name must follow to be stored in
// a bundle or a manifest, and the order OMS lists files in.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "formats/names/relative_path.hpp"
#include "modelseal/result.hpp"

namespace modelseal::tree {

inline constexpr size_t kMaxPathBytes = formats::kBundlePathLimits.max_path_bytes;
inline constexpr size_t kMaxComponentBytes = formats::kBundlePathLimits.max_component_bytes;
inline constexpr size_t kMaxDepth = formats::kBundlePathLimits.max_depth;

// A portable relative POSIX path: '/'-separated, non-empty components other
// than "." and "..", valid UTF-8, no control characters, no backslash, within
// the length limits (formats::check_relative_path with kBundlePathLimits).
// Returns kCorrupt naming the path and the first broken rule.
Status validate_relative_path(std::string_view path);

// The set of paths of one bundle (specs/bundle-v1.md section 2) can be
// extracted side by side on any common filesystem: every path is in Unicode
// NFC, no path is also the folder of another ("a" and "a/b"), and no two paths
// name the same file on a case-insensitive or normalizing filesystem
// ("A.txt" and "a.txt"). Returns kCorrupt naming both paths. Each path must
// already pass validate_relative_path; their order does not matter.
Status check_bundle_paths(const std::vector<std::string>& paths);

// OMS order: compare component lists bytewise, so "a/b" < "a-b/c".
bool path_less(std::string_view a, std::string_view b);

// True when `path` equals `prefix` or lies below it ("a/b" is under "a").
bool path_is_under(std::string_view path, std::string_view prefix);

}  // namespace modelseal::tree
