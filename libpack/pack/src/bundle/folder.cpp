// Plain folders: their OMS content digest, and verification of an extracted
// bundle against the manifest it carries.
#include <map>

#include "bundle/bundle_stream.hpp"
#include "bundle/folder_walk.hpp"
#include "formats/bundle_toml/bundle_toml.hpp"
#include "base/file_io.hpp"
#include "tree/model_tree.hpp"
#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

struct HashedTree {
  std::vector<tree::TreeEntry> entries;
  std::vector<Sha256Digest> digests;
};

Result<HashedTree> hash_tree(const stdfs::path& root, const DigestOptions& options) {
  MS_ASSIGN_OR_RETURN(std::vector<tree::TreeEntry> entries, bundle::walk_model_folder(root, options));
  std::vector<tree::FileToHash> jobs;
  uint64_t total = 0;
  for (const tree::TreeEntry& e : entries) {
    jobs.push_back({e.location, e.size, e.linked});
    total += e.size;
  }
  tree::ProgressMeter meter(options.progress, "hashing", total);
  MS_ASSIGN_OR_RETURN(std::vector<Sha256Digest> digests,
                      tree::hash_files(jobs, options.threads, meter));
  meter.finish();
  return HashedTree{std::move(entries), std::move(digests)};
}

}  // namespace

namespace bundle {

Result<std::vector<tree::TreeEntry>> walk_model_folder(const stdfs::path& path,
                                                       const DigestOptions& options) {
  std::vector<std::string> ignores = tree::default_ignores();
  for (const std::string& ig : options.ignore) {
    std::string normal = stdfs::path(ig).lexically_normal().generic_string();
    while (!normal.empty() && normal.back() == '/') normal.pop_back();
    if (normal.empty() || normal == "." || tree::validate_relative_path(normal).ok() == false)
      return make_error(ErrorCode::kInvalidArgument,
                        "--ignore '" + ig + "' must be a path relative to the model folder");
    ignores.push_back(normal);
  }
  MS_ASSIGN_OR_RETURN(std::vector<tree::TreeEntry> entries,
                      tree::walk_model_tree(path, ignores, {options.allow_symlinks}));
  MS_TRY(tree::require_regular_files(entries, path));
  return entries;
}

}  // namespace bundle

Result<FolderDigest> digest_folder(const stdfs::path& path, const DigestOptions& options) {
  MS_ASSIGN_OR_RETURN(HashedTree hashed, hash_tree(path, options));
  FolderDigest out;
  for (size_t i = 0; i < hashed.entries.size(); ++i)
    out.files.push_back({hashed.entries[i].path, hashed.entries[i].size, hashed.digests[i]});
  MS_ASSIGN_OR_RETURN(out.root, tree::root_digest(hashed.digests));
  return out;
}

Result<VerifiedContent> verify_bundle_folder(const stdfs::path& folder, const ReadOptions& options,
                                             const std::vector<std::string>& only) {
  MS_ASSIGN_OR_RETURN(tree::FileSelection selection, tree::FileSelection::parse(only, "--only"));
  const std::string source = folder.string();
  const stdfs::path manifest_path = folder / kManifestPath;
  auto text = fs::read_small_file(manifest_path, options.limits.max_manifest_bytes, fs::Links::kRefuse);
  if (!text.ok()) {
    if (text.error().code == ErrorCode::kNotFound)
      return make_error(ErrorCode::kNotFound,
                        source + ": not an extracted bundle (no " + kManifestPath + ")");
    return text.error();
  }
  MS_ASSIGN_OR_RETURN(bundle::Manifest manifest,
                      bundle::parse_manifest(*text, manifest_path.string(), options.limits));
  MS_TRY(bundle::check_reserved_entries(manifest, source));
  MS_TRY(bundle::check_every_glob_matches(selection, manifest.files, source, "--only"));

  MS_ASSIGN_OR_RETURN(std::vector<tree::TreeEntry> entries,
                      tree::walk_model_tree(folder, tree::default_ignores()));
  std::map<std::string_view, const tree::TreeEntry*> present;
  for (const tree::TreeEntry& e : entries) present.emplace(e.path, &e);
  std::vector<tree::FileToHash> jobs;
  std::vector<const FileRecord*> hashed;  // the manifest entry of each job
  std::vector<std::string> absent;
  for (const FileRecord& f : manifest.files) {
    auto it = present.find(f.path);
    const bool may_be_absent = !selection.empty() && !selection.selects(f.path) &&
                               !bundle::is_metadata_path(f.path);
    if (it == present.end() && may_be_absent) {
      absent.push_back(f.path);
      continue;
    }
    if (it == present.end())
      return make_error(ErrorCode::kTampered,
                        source + ": file '" + f.path + "' is listed in the manifest but missing" +
                            (selection.empty() ? "" : " (--only selects it)"));
    if (it->second->kind != tree::EntryKind::kRegular)
      return make_error(ErrorCode::kTampered, source + ": '" + f.path + "' is not a regular file");
    if (it->second->size != f.size)
      return make_error(ErrorCode::kTampered,
                        source + ": file '" + f.path + "' has " + std::to_string(it->second->size) +
                            " bytes but the manifest declares " + std::to_string(f.size));
    jobs.push_back({it->second->location, f.size});
    hashed.push_back(&f);
    present.erase(it);
  }
  if (!present.empty())
    return make_error(ErrorCode::kTampered, source + ": file '" + std::string(present.begin()->first) +
                                                "' is not listed in the manifest");

  tree::ProgressMeter meter(options.progress, "verifying", [&] {
    uint64_t t = 0;
    for (const auto& j : jobs) t += j.expected_size;
    return t;
  }());
  MS_ASSIGN_OR_RETURN(std::vector<Sha256Digest> digests, tree::hash_files(jobs, options.threads, meter));
  meter.finish();
  for (size_t i = 0; i < digests.size(); ++i)
    if (!digests_equal(digests[i], hashed[i]->sha256))
      return make_error(ErrorCode::kTampered, source + ": file '" + hashed[i]->path +
                                                  "' does not match the manifest (sha256 mismatch)");

  auto toml = fs::read_small_file(folder / kBundleTomlPath, formats::kMaxBundleTomlBytes, fs::Links::kRefuse);
  if (!toml.ok()) return toml.error();
  MS_ASSIGN_OR_RETURN(BundleMetadata metadata, bundle::parse_bundled_metadata(*toml, manifest, source));
  VerifiedContent verified = bundle::verified_content(manifest, std::move(metadata));
  verified.absent_files = std::move(absent);
  return verified;
}

}  // namespace modelseal
