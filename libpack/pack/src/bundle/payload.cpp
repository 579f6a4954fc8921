#include "bundle/payload.hpp"

#include <sys/stat.h>

#include <algorithm>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "base/file_io.hpp"
#include "modelseal/bundle.hpp"
#include "tree/glob.hpp"
#include "tree/path_rules.hpp"

namespace modelseal::bundle {
namespace {

namespace stdfs = std::filesystem;

Result<stdfs::path> find_bundle_toml(const stdfs::path& model_dir) {
  std::error_code ec;
  if (!stdfs::is_directory(model_dir, ec))
    return make_error(ErrorCode::kNotFound, model_dir.string() + ": not a folder");
  for (const stdfs::path& candidate : {model_dir / "bundle.toml", model_dir / kBundleTomlPath}) {
    struct stat st;
    if (::lstat(candidate.c_str(), &st) != 0) continue;
    if (S_ISREG(st.st_mode)) return candidate;
    // A link, folder, FIFO or device in its place is the publisher's setup, not a rejected
    // model; open_for_reading names what it is without opening it (a FIFO would block).
    auto refused = fs::open_for_reading(candidate, fs::Links::kRefuse);
    return make_error(ErrorCode::kInvalidArgument,
                      refused.ok() ? candidate.string() + ": not a regular file" : refused.error().detail);
  }
  return make_error(ErrorCode::kNotFound,
                    (model_dir / "bundle.toml").string() +
                        ": no such file (hint: run 'modelseal init " + model_dir.string() +
                        "' to write a template)");
}

bool selected(const std::string& path, const PayloadRules& rules) {
  auto matches = [&](const std::string& glob) { return tree::glob_match(glob, path); };
  return std::any_of(rules.include.begin(), rules.include.end(), matches) &&
         std::none_of(rules.exclude.begin(), rules.exclude.end(), matches);
}

// The reserved folder is left out of the walk; anything else by that name
// would vanish silently, so it is an error.
Status refuse_reserved_file(const stdfs::path& model_dir) {
  const stdfs::path reserved = model_dir / kMetadataDir;
  struct stat st;
  if (::lstat(reserved.c_str(), &st) != 0 || S_ISDIR(st.st_mode)) return {};
  return make_error(ErrorCode::kUnsupported,
                    reserved.string() + ": the name " + kMetadataDir +
                        " is reserved for bundle metadata and must be a folder (hint: rename " +
                        "the file)");
}

// The paths of the bundle to be must be extractable side by side, the check
// every reader makes on the manifest (specs/bundle-v1.md section 2).
Status check_payload_names(const std::vector<tree::TreeEntry>& payload,
                           const stdfs::path& model_dir) {
  std::vector<std::string> paths = {kBundleTomlPath, kModelCardPath};
  for (const tree::TreeEntry& e : payload) paths.push_back(e.path);
  auto checked = tree::check_bundle_paths(paths);
  if (checked.ok()) return {};
  return make_error(ErrorCode::kUnsupported,
                    model_dir.string() + ": " + checked.error().detail +
                        " (hint: rename the file, to its NFC spelling for an NFC error, e.g. with " +
                        "'convmv -f utf8 -t utf8 --nfc --notest -r FOLDER'; or leave it out with " +
                        "[payload] exclude)");
}

}  // namespace

bool payload_takes(const std::string& path, const PayloadRules& rules) {
  return path != "bundle.toml" && !tree::path_is_under(path, kMetadataDir) &&
         !tree::is_default_ignored(path) && selected(path, rules);
}

Result<ModelSource> load_model_source(const stdfs::path& model_dir, const stdfs::path& output,
                                      formats::toml_schema::ProblemList* problems) {
  MS_ASSIGN_OR_RETURN(stdfs::path toml_path, find_bundle_toml(model_dir));
  ModelSource source;
  MS_ASSIGN_OR_RETURN(source.bundle_toml,
                      fs::read_small_file(toml_path, formats::kMaxBundleTomlBytes, fs::Links::kRefuse));
  MS_ASSIGN_OR_RETURN(source.metadata,
                      formats::parse_bundle_toml(source.bundle_toml, toml_path.string(), problems));

  MS_TRY(refuse_reserved_file(model_dir));
  std::vector<std::string> ignores = tree::default_ignores();
  ignores.push_back(kMetadataDir);
  ignores.push_back("bundle.toml");
  if (auto inside = tree::relative_path_inside(output, model_dir)) ignores.push_back(*inside);
  MS_ASSIGN_OR_RETURN(std::vector<tree::TreeEntry> entries, tree::walk_model_tree(model_dir, ignores));

  for (tree::TreeEntry& e : entries)
    if (selected(e.path, source.metadata.payload)) source.payload.push_back(std::move(e));
  MS_TRY(tree::require_regular_files(source.payload, model_dir));
  MS_TRY(check_payload_names(source.payload, model_dir));
  if (source.payload.empty())
    return make_error(ErrorCode::kInvalidMetadata,
                      toml_path.string() + ": no payload file selected (hint: check [payload] " +
                          "include and exclude)");
  return source;
}

}  // namespace modelseal::bundle
