#include "tree/link_resolver.hpp"

#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <memory>
#include <string>

namespace modelseal::tree {
namespace {

namespace stdfs = std::filesystem;

bool is_real_folder(const stdfs::path& p) {
  struct stat st;
  return ::lstat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool inside(const stdfs::path& target, const stdfs::path& boundary) {
  const stdfs::path rel = target.lexically_relative(boundary);
  return !rel.empty() && rel != "." && *rel.begin() != "..";
}

std::string kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

}  // namespace

Result<stdfs::path> link_boundary(const stdfs::path& model_root) {
  std::error_code ec;
  const stdfs::path real = stdfs::canonical(model_root, ec);
  if (ec) return fs::errno_error(model_root, "resolve", ec.value());
  const stdfs::path parent = real.parent_path();
  if (parent.filename() == "snapshots") {
    const stdfs::path repo = parent.parent_path();
    if (is_real_folder(repo / "snapshots") && is_real_folder(repo / "blobs")) return repo;
  }
  return real;
}

Result<ResolvedLink> resolve_link(const stdfs::path& link, const stdfs::path& boundary) {
  auto refuse = [&](const std::string& why) {
    return make_error(ErrorCode::kUnsupported, link.string() + ": symbolic link " + why);
  };
  // The chain of links `link` names, hop by hop, bounded; folders on the way
  // are resolved by realpath below (the kernel bounds those).
  stdfs::path at = link;
  struct stat st;
  for (int hops = 0;; ++hops) {
    if (::lstat(at.c_str(), &st) != 0) {
      if (errno == ENOENT || errno == ENOTDIR) return refuse("dangles: " + at.string() + " does not exist");
      if (errno == ELOOP) return refuse("loops");
      return fs::errno_error(at, "follow link", errno);
    }
    if (!S_ISLNK(st.st_mode)) break;
    if (hops == kMaxLinkHops)
      return refuse("loops or chains more than " + std::to_string(kMaxLinkHops) + " links");
    std::error_code ec;
    const stdfs::path next = stdfs::read_symlink(at, ec);
    if (ec) return fs::errno_error(at, "read link", ec.value());
    at = next.is_absolute() ? next : at.parent_path() / next;
  }
  std::unique_ptr<char, decltype(&::free)> real(::realpath(at.c_str(), nullptr), &::free);
  if (!real) {
    if (errno == ELOOP) return refuse("loops");
    if (errno == ENOENT || errno == ENOTDIR) return refuse("dangles: " + at.string() + " does not exist");
    return fs::errno_error(at, "resolve", errno);
  }
  const stdfs::path target(real.get());
  if (!inside(target, boundary))
    return refuse("leads outside " + boundary.string() + " (to " + target.string() +
                  "): links may point only inside the model folder, or inside the repository "
                  "folder of a Hugging Face cache snapshot");
  if (::lstat(target.c_str(), &st) != 0) return fs::errno_error(target, "follow link", errno);
  if (S_ISDIR(st.st_mode))
    return refuse("leads to a folder (" + target.string() +
                  "): linked folders are not followed, as in OpenSSF Model Signing; copy the "
                  "folder in, or ignore the link");
  if (!S_ISREG(st.st_mode)) return refuse("leads to " + kind_of(st.st_mode) + " (" + target.string() + ")");
  return ResolvedLink{target,
                      {static_cast<uint64_t>(st.st_dev), static_cast<uint64_t>(st.st_ino)},
                      static_cast<uint64_t>(st.st_size)};
}

}  // namespace modelseal::tree
