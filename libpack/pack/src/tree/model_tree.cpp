#include "tree/model_tree.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>

#include "base/file_io.hpp"
#include "tree/link_resolver.hpp"
#include "tree/path_rules.hpp"

namespace modelseal::tree {
namespace {

namespace stdfs = std::filesystem;

EntryKind kind_of(const struct stat& st) {
  if (S_ISREG(st.st_mode)) return EntryKind::kRegular;
  if (S_ISLNK(st.st_mode)) return EntryKind::kSymlink;
  return EntryKind::kOther;
}

bool is_ignored(const std::string& path, const std::vector<std::string>& ignores) {
  return std::any_of(ignores.begin(), ignores.end(),
                     [&](const std::string& ig) { return path_is_under(path, ig); });
}

struct Walker {
  const std::vector<std::string>& ignores;
  std::optional<stdfs::path> link_boundary;  // set when links are followed
  std::vector<TreeEntry> entries;

  Status walk(const stdfs::path& dir, const std::string& prefix, size_t depth) {
    if (depth > kMaxDepth)
      return make_error(ErrorCode::kLimitExceeded, dir.string() + ": folders nested too deep");
    std::error_code ec;
    stdfs::directory_iterator it(dir, ec);
    if (ec) return fs::errno_error(dir, "list folder", ec.value());
    for (; it != stdfs::directory_iterator(); it.increment(ec)) {
      if (ec) return fs::errno_error(dir, "list folder", ec.value());
      std::string name = it->path().filename().string();
      std::string rel = prefix.empty() ? name : prefix + "/" + name;
      if (is_ignored(rel, ignores)) continue;
      struct stat st;
      if (::lstat(it->path().c_str(), &st) != 0) return fs::errno_error(it->path(), "stat", errno);
      if (auto valid = validate_relative_path(rel); !valid.ok())
        return make_error(ErrorCode::kUnsupported, dir.string() + ": " + valid.error().detail);
      if (S_ISDIR(st.st_mode)) {
        MS_TRY(walk(it->path(), rel, depth + 1));
        continue;
      }
      if (entries.size() >= kMaxTreeFiles)
        return make_error(ErrorCode::kLimitExceeded,
                          dir.string() + ": more than " + std::to_string(kMaxTreeFiles) + " files");
      if (S_ISLNK(st.st_mode) && link_boundary) {
        MS_ASSIGN_OR_RETURN(ResolvedLink link, resolve_link(it->path(), *link_boundary));
        entries.push_back({rel, link.target, EntryKind::kRegular, link.size, link.identity});
        continue;
      }
      entries.push_back({rel, it->path(), kind_of(st), static_cast<uint64_t>(st.st_size), {}});
    }
    return {};
  }
};

}  // namespace

const std::vector<std::string>& default_ignores() {
  static const std::vector<std::string> kIgnores = {
      ".git", ".gitattributes", ".github", ".gitignore", "model.sig", ".modelseal/manifest.json"};
  return kIgnores;
}

bool is_default_ignored(const std::string& path) { return is_ignored(path, default_ignores()); }

Result<std::vector<TreeEntry>> walk_model_tree(const stdfs::path& root,
                                               const std::vector<std::string>& ignores,
                                               const WalkOptions& options) {
  struct stat st;
  if (::lstat(root.c_str(), &st) != 0) return fs::errno_error(root, "open model", errno);
  const bool linked = S_ISLNK(st.st_mode);
  if (linked && ::stat(root.c_str(), &st) != 0)
    return fs::errno_error(root, "follow", errno);
  if (!S_ISDIR(st.st_mode)) {
    if (!S_ISREG(st.st_mode))
      return make_error(ErrorCode::kInvalidArgument, root.string() + ": not a file or folder");
    // The user named the link: its target is what gets read (files are opened without following).
    std::error_code ec;
    const stdfs::path location = linked ? stdfs::canonical(root, ec) : root;
    if (ec) return make_error(ErrorCode::kIo, root.string() + ": cannot follow: " + ec.message());
    return std::vector<TreeEntry>{
        {".", location, EntryKind::kRegular, static_cast<uint64_t>(st.st_size), {}}};
  }
  Walker walker{ignores, std::nullopt, {}};
  if (options.allow_symlinks) {
    MS_ASSIGN_OR_RETURN(walker.link_boundary, link_boundary(root));
  }
  MS_TRY(walker.walk(root, "", 0));
  std::sort(walker.entries.begin(), walker.entries.end(),
            [](const TreeEntry& a, const TreeEntry& b) { return path_less(a.path, b.path); });
  return std::move(walker.entries);
}

Result<fs::UniqueFd> open_entry(const stdfs::path& location,
                                const std::optional<fs::FileIdentity>& linked) {
  if (linked) return fs::open_identified(location, *linked);
  return fs::open_for_reading(location, fs::Links::kRefuse);
}

std::optional<std::string> relative_path_inside(const stdfs::path& path, const stdfs::path& folder) {
  std::error_code ec;
  stdfs::path abs_path = stdfs::weakly_canonical(path, ec);
  if (ec) return std::nullopt;
  stdfs::path abs_folder = stdfs::weakly_canonical(folder, ec);
  if (ec) return std::nullopt;
  stdfs::path rel = abs_path.lexically_relative(abs_folder);
  if (rel.empty() || *rel.begin() == ".." || rel == ".") return std::nullopt;
  return rel.generic_string();
}

Status require_regular_files(const std::vector<TreeEntry>& entries, const stdfs::path& root) {
  for (const TreeEntry& e : entries) {
    if (e.kind == EntryKind::kSymlink)
      return make_error(ErrorCode::kUnsupported,
                        (root / e.path).string() + ": symbolic links are not allowed in a model " +
                            "(hint: replace the link with the file, or ignore it; sign, verify, " +
                            "digest and validate follow links that stay inside the model, as in " +
                            "a Hugging Face cache snapshot, with --allow-symlinks)");
    if (e.kind == EntryKind::kOther)
      return make_error(ErrorCode::kUnsupported,
                        (root / e.path).string() + ": not a regular file (only regular files " +
                            "can be part of a model)");
  }
  return {};
}

}  // namespace modelseal::tree
