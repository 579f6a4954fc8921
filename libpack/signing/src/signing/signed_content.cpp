#include "signing/signed_content.hpp"

#include <map>

#include "bundle/bundle_stream.hpp"
#include "bundle/manifest.hpp"
#include "modelseal/sealed.hpp"
#include "modelseal/signing.hpp"
#include "tree/model_tree.hpp"
#include "tree/path_rules.hpp"

namespace modelseal::signing {
namespace {

namespace stdfs = std::filesystem;

}  // namespace

std::string model_base_name(const stdfs::path& p) {
  std::error_code ec;
  stdfs::path abs = stdfs::weakly_canonical(p, ec);
  std::string name = (ec ? p : abs).filename().string();
  return name.empty() ? "model" : name;
}

std::filesystem::path default_signature_path(const std::filesystem::path& target) {
  std::error_code ec;
  if (std::filesystem::is_directory(target, ec)) return target / kFolderSignatureName;
  std::filesystem::path sig = target;
  sig += ".sig";
  return sig;
}

TargetContent bundle_content(VerifiedContent verified) {
  TargetContent content;
  content.is_bundle = true;
  content.subject_name = std::move(verified.name);
  content.model_version = std::move(verified.version);
  content.files = std::move(verified.files);
  content.root = verified.content_digest;
  content.ignored = {kManifestPath};
  content.metadata = std::move(verified.metadata);
  return content;
}

Status check_no_folder_options(const std::vector<std::string>& ignore, bool allow_symlinks) {
  if (!ignore.empty())
    return make_error(ErrorCode::kInvalidArgument, "--ignore applies to folders, not bundles");
  if (allow_symlinks)
    return make_error(ErrorCode::kInvalidArgument, "--allow-symlinks applies to folders, not bundles");
  return {};
}

Result<TargetContent> collect_content(const stdfs::path& target, const std::vector<std::string>& ignore,
                                      const stdfs::path& signature, const ReadOptions& read,
                                      bool allow_symlinks) {
  const bool sealed = is_sealed_bundle(target);
  if (sealed || is_bundle_file(target)) {
    MS_TRY(check_no_folder_options(ignore, allow_symlinks));
    if (sealed) {
      // The header's manifest, already checked; the payload is checked when opened.
      MS_ASSIGN_OR_RETURN(SealedInfo info, read_sealed_info(target));
      MS_ASSIGN_OR_RETURN(bundle::Manifest manifest,
                          bundle::parse_manifest(info.header.manifest_json, target.string(), read.limits));
      TargetContent content = bundle_content(bundle::verified_content(manifest, std::move(info.metadata)));
      content.is_sealed = true;
      return content;
    }
    MS_ASSIGN_OR_RETURN(VerifiedContent verified, verify_bundle(target, read));
    return bundle_content(std::move(verified));
  }
  TargetContent content;
  DigestOptions options{ignore, read.threads, read.progress, allow_symlinks};
  if (auto sig = tree::relative_path_inside(signature, target)) options.ignore.push_back(*sig);
  MS_ASSIGN_OR_RETURN(FolderDigest digest, digest_folder(target, options));
  content.subject_name = model_base_name(target);
  content.files = std::move(digest.files);
  content.root = digest.root;
  content.allow_symlinks = allow_symlinks;
  content.ignored = tree::default_ignores();
  content.ignored.insert(content.ignored.end(), options.ignore.begin(), options.ignore.end());
  return content;
}

Result<tree::FileSelection> parse_only(const std::vector<std::string>& globs,
                                       const stdfs::path& target) {
  MS_ASSIGN_OR_RETURN(tree::FileSelection only, tree::FileSelection::parse(globs, "--only"));
  if (only.empty()) return only;
  std::error_code ec;
  if (is_sealed_bundle(target))
    return make_error(ErrorCode::kInvalidArgument,
                      target.string() + ": --only applies to folders and plain bundles; a sealed "
                                        "bundle's files are checked when `modelseal open` decrypts it");
  if (!stdfs::is_directory(target, ec) && !is_bundle_file(target))
    return make_error(ErrorCode::kInvalidArgument,
                      target.string() + ": --only applies to folders (a model folder or an "
                                        "extracted bundle) and plain bundles");
  return only;
}

Result<ContentComparison> compare_content(const std::vector<SignedFile>& signed_files,
                                          const std::vector<FileRecord>& actual,
                                          std::string_view source, bool allow_unsigned,
                                          const tree::FileSelection& only) {
  auto reject = [&](const std::string& name, std::string_view why) {
    return make_error(ErrorCode::kTampered,
                      std::string(source) + ": file '" + name + "' " + std::string(why));
  };
  if (!only.empty()) {
    std::vector<std::string_view> names;
    for (const SignedFile& s : signed_files) names.push_back(s.name);
    if (auto glob = only.glob_matching_nothing(names))
      return make_error(ErrorCode::kTampered, std::string(source) + ": --only '" + *glob +
                                                  "' matches no file the signature lists");
  }
  std::map<std::string_view, const FileRecord*> present;
  for (const FileRecord& f : actual) present.emplace(f.path, &f);
  ContentComparison result;
  for (const SignedFile& s : signed_files) {
    auto it = present.find(s.name);
    if (it == present.end()) {
      if (only.empty()) return reject(s.name, "is signed but missing");
      if (only.selects(s.name)) return reject(s.name, "is signed but missing (--only selects it)");
      result.absent_files.push_back(s.name);
      continue;
    }
    auto expected = Sha256Digest::from_hex(s.sha256_hex);
    if (!expected || !digests_equal(*expected, it->second->sha256))
      return reject(s.name, "changed since it was signed (sha256 mismatch)");
    if (!only.empty()) result.checked_files.push_back(s.name);
    present.erase(it);
  }
  if (!present.empty() && !allow_unsigned)
    return reject(std::string(present.begin()->first), "is not covered by the signature");
  for (const auto& [name, record] : present) result.unsigned_files.emplace_back(name);
  return result;
}

}  // namespace modelseal::signing
