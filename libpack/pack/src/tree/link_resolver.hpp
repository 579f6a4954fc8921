// Symbolic links inside a model folder, followed only with --allow-symlinks
// (docs/hugging-face.md): a link must end, within kMaxLinkHops links, at a
// regular file inside the folder's link boundary.
#pragma once

#include <cstdint>
#include <filesystem>

#include "base/file_io.hpp"
#include "modelseal/result.hpp"

namespace modelseal::tree {

inline constexpr int kMaxLinkHops = 16;

// Where the links of `model_root` may point, canonical: for a Hugging Face hub
// cache snapshot (REPO/snapshots/REV, REPO holding both snapshots/ and blobs/)
// the repository folder REPO, so that ../../blobs/<sha256> is inside; for any
// other folder the folder itself.
Result<std::filesystem::path> link_boundary(const std::filesystem::path& model_root);

struct ResolvedLink {
  std::filesystem::path target;  // canonical, inside the boundary, no link on the way
  fs::FileIdentity identity;     // checked again when the target is opened
  uint64_t size = 0;
};

// Follows the link `link` to a regular file inside `boundary` (canonical).
// kUnsupported naming `link` when it dangles, loops or chains more than
// kMaxLinkHops links, resolves outside `boundary`, or ends at a folder (linked
// folders are not descended, as in OMS), a FIFO, device or socket.
Result<ResolvedLink> resolve_link(const std::filesystem::path& link,
                                  const std::filesystem::path& boundary);

}  // namespace modelseal::tree
