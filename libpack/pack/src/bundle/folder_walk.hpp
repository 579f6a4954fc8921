// The files of a model folder (or a single-file model) as digest_folder sees
// them, before any hashing: for callers that hash them differently (OMS shard
// serialization, BLAKE2).
#pragma once

#include <filesystem>
#include <vector>

#include "modelseal/bundle.hpp"
#include "tree/model_tree.hpp"

namespace modelseal::bundle {

// OMS's default ignores plus `options.ignore` (each a relative path, else
// kInvalidArgument), regular files only, in OMS order.
Result<std::vector<tree::TreeEntry>> walk_model_folder(const std::filesystem::path& path,
                                                       const DigestOptions& options);

}  // namespace modelseal::bundle
