// What goes into a bundle: the model folder's bundle.toml and the payload
// files it selects (specs/bundle-toml-v1.md, [payload]).
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "formats/toml/diagnostics.hpp"
#include "modelseal/metadata.hpp"
#include "modelseal/result.hpp"
#include "tree/model_tree.hpp"

namespace modelseal::bundle {

struct ModelSource {
  std::string bundle_toml;  // verbatim bytes, stored in the bundle
  BundleMetadata metadata;
  std::vector<tree::TreeEntry> payload;  // regular files, OMS order
};

// bundle.toml is read from the folder's root, or from .modelseal/ in an
// extracted bundle. Never payload: bundle.toml, the reserved folder, the
// folders and files OMS ignores, and `output` when it lies inside the folder.
// When bundle.toml breaks its schema, `problems` (if given) receives each problem.
// Whether building a folder that holds `path` (relative, '/'-separated) puts it in the
// payload: not bundle.toml, the reserved folder or a path OMS ignores, and selected by `rules`.
bool payload_takes(const std::string& path, const PayloadRules& rules);

Result<ModelSource> load_model_source(const std::filesystem::path& model_dir,
                                      const std::filesystem::path& output,
                                      formats::toml_schema::ProblemList* problems = nullptr);

}  // namespace modelseal::bundle
