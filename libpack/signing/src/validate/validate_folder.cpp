#include "validate/validate_folder.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "formats/names/names.hpp"
#include "formats/text/printable.hpp"
#include "modelseal/bundle.hpp"
#include "tree/link_resolver.hpp"
#include "tree/model_tree.hpp"
#include "validate/scan_files.hpp"

namespace modelseal::validate {
namespace {

namespace stdfs = std::filesystem;

constexpr size_t kMaxDepth = 64;

struct Walk {
  const RegistryPolicy& policy;
  Findings& findings;
  std::optional<stdfs::path> link_boundary;  // set with --allow-symlinks
  std::vector<FileToScan> files;
  std::vector<std::string> all_paths;
  uint64_t entries = 0;
  uint64_t total_bytes = 0;
  bool stopped = false;
};

Status walk(const stdfs::path& dir, const std::string& prefix, size_t depth, Walk& w) {
  if (depth > kMaxDepth) {
    w.findings.error("folder.too_deep", prefix,
                     fmt::format("{}: folders nest deeper than {} levels",
                                 formats::printable_name(prefix), kMaxDepth),
                     "flatten the folder structure");
    return {};
  }
  std::error_code ec;
  std::vector<stdfs::path> children;
  for (stdfs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (++w.entries > w.policy.max_files) {
      w.findings.error("folder.too_many_files", prefix.empty() ? "." : prefix,
                       fmt::format("the folder has more than {} entries", w.policy.max_files),
                       "split the model or raise [limits] max_files in the registry policy");
      w.stopped = true;
      return {};
    }
    children.push_back(it->path());
  }
  if (ec) return make_error(ErrorCode::kIo, fmt::format("{}: cannot list: {}", dir.string(), ec.message()));
  std::sort(children.begin(), children.end());
  for (const stdfs::path& child : children) {
    if (w.stopped) return {};
    const std::string name = child.filename().native();
    const std::string path = prefix.empty() ? name : prefix + "/" + name;
    w.all_paths.push_back(path);
    struct stat st {};
    if (::lstat(child.c_str(), &st) != 0)
      return make_error(ErrorCode::kIo, fmt::format("{}: cannot stat: {}", child.string(),
                                                    std::generic_category().message(errno)));
    std::optional<fs::FileIdentity> linked;
    stdfs::path location = child;
    if (S_ISLNK(st.st_mode) && w.link_boundary) {
      auto link = tree::resolve_link(child, *w.link_boundary);
      if (!link.ok() && !is_rejection(link.error().code)) return link.error();
      if (!link.ok()) {
        // The resolver names the link by its location; the finding names it as the upload does.
        std::string why = link.error().detail;
        if (why.starts_with(child.string())) why = path + why.substr(child.string().size());
        w.findings.error("folder.symlink", path, formats::printable_name(why, 1024),
                         "replace the link with the file it points to");
        continue;
      }
      st.st_mode = S_IFREG;
      st.st_size = static_cast<off_t>(link->size);
      linked = link->identity;
      location = link->target;
    }
    if (S_ISDIR(st.st_mode)) {
      MS_TRY(walk(child, path, depth + 1, w));
    } else if (S_ISLNK(st.st_mode)) {
      w.findings.error("folder.symlink", path, fmt::format("{}: is a symbolic link", formats::printable_name(path)),
                       "replace the link with the file it points to, or pass --allow-symlinks "
                       "if it stays inside the model (a Hugging Face cache snapshot)");
    } else if (!S_ISREG(st.st_mode)) {
      w.findings.error("folder.special_file", path,
                       fmt::format("{}: is a device, socket or pipe, not a regular file",
                                   formats::printable_name(path)),
                       "remove it from the upload");
    } else {
      const auto size = static_cast<uint64_t>(st.st_size);
      w.total_bytes += size;
      if (size > w.policy.max_file_bytes)
        w.findings.error("folder.file_too_large", path,
                         fmt::format("{}: is {} bytes, more than the limit of {}",
                                     formats::printable_name(path), size,
                                     w.policy.max_file_bytes),
                         "split the file or raise [limits] max_file_bytes");
      w.files.push_back({path, location, size, fs::Links::kRefuse, linked});
    }
  }
  return {};
}

void name_findings(const std::vector<std::string>& paths, Findings& findings) {
  for (const std::string& path : paths)
    for (formats::NameProblem& p : formats::check_portable_path(path))
      findings.error(std::move(p.id), path, std::move(p.message), std::move(p.hint));
  for (const formats::NameCollision& c : formats::find_collisions(paths)) {
    std::string list;
    for (const std::string& p : c.paths)
      list += (list.empty() ? "" : ", ") + formats::printable_name(p);
    findings.error(c.case_only ? "name.case_collision" : "name.unicode_collision", c.paths.front(),
                   fmt::format("{} are one file on case-insensitive or normalising filesystems "
                               "(macOS, Windows)",
                               list),
                   "rename them so that no two differ only by case or Unicode normalisation");
  }
}

bool has_manifest(const stdfs::path& folder) {
  std::error_code ec;
  return stdfs::is_regular_file(stdfs::symlink_status(folder / kManifestPath, ec));
}

}  // namespace

Status validate_folder(const ValidateOptions& options, ValidationReport& report,
                       Findings& findings) {
  const RegistryPolicy& policy = options.policy;
  report.kind = "folder";
  if (policy.require_bundle)
    findings.error("policy.bundle_required", report.target,
                   fmt::format("{}: is a plain folder; the registry policy accepts only bundles",
                               report.target),
                   "build a bundle with 'modelseal build' and upload that");
  Walk w{policy, findings, std::nullopt, {}, {}, 0, 0, false};
  if (options.allow_symlinks) {
    MS_ASSIGN_OR_RETURN(w.link_boundary, tree::link_boundary(options.target));
  }
  MS_TRY(walk(options.target, "", 0, w));
  name_findings(w.all_paths, findings);
  if (w.total_bytes > policy.max_total_bytes)
    findings.error("folder.total_too_large", report.target,
                   fmt::format("the folder holds {} bytes, more than the limit of {}",
                               w.total_bytes, policy.max_total_bytes),
                   "raise [limits] max_total_bytes in the registry policy");
  if (has_manifest(options.target)) {
    ReadOptions read;
    read.threads = options.threads;
    auto verified = verify_bundle_folder(options.target, read);
    if (verified.ok()) {
      report.model_name = verified->name;
      report.model_version = verified->version;
      report.content_digest = verified->content_digest.prefixed();
    } else if (is_rejection(verified.error().code)) {
      findings.error("bundle.content_mismatch", kManifestPath, verified.error().detail,
                     "the folder does not match its manifest: re-extract the bundle");
    } else {
      return verified.error();
    }
  }
  if (w.stopped) return {};
  MS_TRY(scan_files(w.files, policy, report.files, findings));
  for (ValidatedFile& file : report.files) file.unsigned_by_default = tree::is_default_ignored(file.path);
  return {};
}

Status validate_single_file(const ValidateOptions& options, ValidationReport& report,
                            Findings& findings) {
  report.kind = "file";
  if (options.policy.require_bundle)
    findings.error("policy.bundle_required", report.target,
                   fmt::format("{}: is a single file; the registry policy accepts only bundles",
                               report.target),
                   "build a bundle with 'modelseal build' and upload that");
  std::error_code ec;
  const uint64_t size = stdfs::file_size(options.target, ec);
  if (ec) return make_error(ErrorCode::kIo, fmt::format("{}: {}", report.target, ec.message()));
  if (size > options.policy.max_file_bytes)
    findings.error("folder.file_too_large", report.target,
                   fmt::format("{}: is {} bytes, more than the limit of {}", report.target, size,
                               options.policy.max_file_bytes),
                   "split the file or raise [limits] max_file_bytes");
  const std::string name = options.target.filename().string();
  return scan_files({{name, options.target, size, fs::Links::kFollow}}, options.policy, report.files,
                    findings);
}

}  // namespace modelseal::validate
