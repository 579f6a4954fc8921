// A selection of files by whole-path globs: `verify --only` and `extract --filter`
// (docs/verify-only.md). The globs are those of bundle.toml's [payload] (tree/glob.hpp: '*' and
// '?' within one component, '**' for whole components, matched against the whole relative path);
// an empty selection selects every file.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"

namespace modelseal::tree {

// Each glob is matched against every listed path: the count is bounded as each glob's length is.
inline constexpr size_t kMaxSelectionGlobs = 256;

class FileSelection {
 public:
  // kInvalidArgument naming `option` and the glob when one breaks the glob syntax, or with more
  // than kMaxSelectionGlobs globs.
  static Result<FileSelection> parse(const std::vector<std::string>& globs, std::string_view option);

  bool empty() const { return globs_.empty(); }
  const std::vector<std::string>& globs() const { return globs_; }
  bool selects(std::string_view path) const;  // true for every path when empty
  // The first glob that matches none of `paths` (a typo must not select nothing), if any.
  std::optional<std::string> glob_matching_nothing(const std::vector<std::string_view>& paths) const;

 private:
  std::vector<std::string> globs_;
};

}  // namespace modelseal::tree
