// extract_bundle: every file is written below a private temporary folder
// beside the destination, through openat() with O_NOFOLLOW|O_EXCL so no name
// can step outside it, checked against the manifest as it streams, and the
// folder is renamed into place only once the whole bundle matched.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <set>
#include <vector>

#include "bundle/bundle_stream.hpp"
#include "base/file_io.hpp"
#include "fs/temp_dir.hpp"
#include "modelseal/sealed.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

class ExtractVisitor : public bundle::EntryVisitor {
 public:
  ExtractVisitor(fs::UniqueFd root, stdfs::path root_path, const tree::FileSelection& filter,
                 const stdfs::path& bundle)
      : root_(std::move(root)), root_path_(std::move(root_path)), filter_(filter), bundle_(bundle) {}

  Status manifest_read(const bundle::Manifest& manifest) override {
    return bundle::check_every_glob_matches(filter_, manifest.files, bundle_.string(), "--filter");
  }

  // A file the filter leaves out streams by unwritten; stream_bundle still checks its digest.
  Status begin_file(const FileRecord& record) override {
    skipping_ = !bundle::is_metadata_path(record.path) && !filter_.selects(record.path);
    if (skipping_) {
      left_out_.push_back(record.path);
      return {};
    }
    MS_ASSIGN_OR_RETURN(fs::UniqueFd parent, open_parent(record.path));
    std::string leaf = record.path.substr(record.path.rfind('/') + 1);
    int fd = ::openat(parent.get(), leaf.c_str(),
                      O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (fd < 0) return fs::errno_error(root_path_ / record.path, "create", errno);
    file_ = fs::UniqueFd(fd);
    current_ = root_path_ / record.path;
    return {};
  }

  Status file_data(std::span<const uint8_t> data) override {
    if (skipping_) return {};
    return fs::write_all(file_.get(), data, current_);
  }

  Status end_file(const FileRecord&) override {
    if (skipping_) return {};
    if (::fsync(file_.get()) != 0) return fs::errno_error(current_, "fsync", errno);
    file_ = fs::UniqueFd();
    return {};
  }

  // fsync every folder created, deepest first, so the renamed tree is durable.
  Status sync_folders() {
    for (auto it = folders_.rbegin(); it != folders_.rend(); ++it)
      MS_TRY(fs::fsync_directory(root_path_ / *it));
    return fs::fsync_directory(root_path_);
  }

  std::vector<std::string> take_left_out() { return std::move(left_out_); }

 private:
  Result<fs::UniqueFd> open_parent(const std::string& path) {
    fs::UniqueFd dir(::dup(root_.get()));
    if (!dir.valid()) return fs::errno_error(root_path_, "dup", errno);
    size_t start = 0;
    for (size_t slash; (slash = path.find('/', start)) != std::string::npos; start = slash + 1) {
      std::string component = path.substr(start, slash - start);
      if (::mkdirat(dir.get(), component.c_str(), 0755) != 0 && errno != EEXIST)
        return fs::errno_error(root_path_ / path.substr(0, slash), "create folder", errno);
      folders_.insert(path.substr(0, slash));
      int next = ::openat(dir.get(), component.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0) return fs::errno_error(root_path_ / path.substr(0, slash), "open folder", errno);
      dir = fs::UniqueFd(next);
    }
    return dir;
  }

  fs::UniqueFd root_;
  stdfs::path root_path_;
  fs::UniqueFd file_;
  stdfs::path current_;
  std::set<std::string> folders_;
  const tree::FileSelection& filter_;
  const stdfs::path& bundle_;
  bool skipping_ = false;
  std::vector<std::string> left_out_;
};

// Whether the destination is to be replaced: a non-empty folder an earlier extraction wrote,
// with `replace`. A missing or empty folder is extracted into; anything else is refused.
Result<bool> check_destination(const stdfs::path& out_dir, bool replace) {
  std::error_code ec;
  auto status = stdfs::symlink_status(out_dir, ec);
  if (ec || !stdfs::exists(status)) return false;
  if (stdfs::is_directory(status) && stdfs::is_empty(out_dir, ec)) return false;
  if (!replace)
    return make_error(ErrorCode::kAlreadyExists,
                      out_dir.string() + ": already exists and is not an empty folder (--force replaces "
                                         "a folder an earlier extract wrote)");
  if (!stdfs::is_directory(status) || !stdfs::is_regular_file(stdfs::symlink_status(out_dir / kManifestPath, ec)))
    return make_error(ErrorCode::kAlreadyExists,
                      out_dir.string() + ": --force replaces only a folder that extract wrote (one holding " +
                          std::string(kManifestPath) + "); this one is not, and is left as it is");
  return true;
}

// "out/" names the folder "out"; "." and ".." name an existing folder, by its real path.
Result<stdfs::path> destination_folder(const stdfs::path& destination) {
  stdfs::path out_dir = destination.has_filename() ? destination : destination.parent_path();
  if (!out_dir.empty() && (out_dir.filename() == "." || out_dir.filename() == "..")) {
    std::error_code ec;
    out_dir = stdfs::canonical(out_dir, ec);
    if (ec) out_dir.clear();
  }
  if (out_dir.empty() || !out_dir.has_filename())
    return make_error(ErrorCode::kInvalidArgument,
                      destination.string() + ": name a new or empty folder to extract into");
  return out_dir;
}

// Into an existing empty folder (it may be someone's working folder, so it is kept, not
// replaced): each extracted entry is renamed in without replacing anything, the manifest
// folder last, so a folder with the manifest has every file.
Status move_entries_into(const stdfs::path& from, const stdfs::path& into) {
  std::error_code ec;
  std::vector<std::string> names;
  for (stdfs::directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec))
    names.push_back(it->path().filename().string());
  if (ec) return make_error(ErrorCode::kIo, from.string() + ": " + ec.message());
  const std::string manifest_folder = stdfs::path(kManifestPath).begin()->string();
  std::stable_partition(names.begin(), names.end(),
                        [&](const std::string& n) { return n != manifest_folder; });
  for (const std::string& name : names)
    if (::renameat2(AT_FDCWD, (from / name).c_str(), AT_FDCWD, (into / name).c_str(),
                    RENAME_NOREPLACE) != 0)
      return fs::errno_error(into / name, "move the extracted entry into place at", errno);
  return fs::fsync_directory(into);
}

}  // namespace

Result<VerifiedContent> extract_bundle(const stdfs::path& bundle, const stdfs::path& destination,
                                       const ReadOptions& options,
                                       const std::vector<std::string>& filter, bool replace) {
  MS_ASSIGN_OR_RETURN(tree::FileSelection selection, tree::FileSelection::parse(filter, "--filter"));
  if (is_sealed_bundle(bundle))
    return make_error(ErrorCode::kInvalidArgument,
                      bundle.string() + ": is a sealed bundle: `modelseal open` decrypts, verifies "
                                        "and extracts it with its keystore");
  MS_ASSIGN_OR_RETURN(auto reader, archive::ArchiveReader::open(bundle));
  return bundle::extract_bundle_stream(*reader, bundle, destination, options, {}, selection, replace);
}

namespace bundle {

Result<VerifiedContent> extract_bundle_stream(archive::ArchiveReader& archive,
                                              const stdfs::path& name,
                                              const stdfs::path& destination,
                                              const ReadOptions& options,
                                              const BeforeCommit& before_commit,
                                              const tree::FileSelection& filter, bool replace) {
  // The temporary folder goes beside the destination, not inside.
  MS_ASSIGN_OR_RETURN(const stdfs::path out_dir, destination_folder(destination));
  MS_ASSIGN_OR_RETURN(const bool replacing, check_destination(out_dir, replace));
  std::error_code exists_ec;
  const bool into_existing = !replacing && stdfs::is_directory(stdfs::symlink_status(out_dir, exists_ec));
  stdfs::path parent = out_dir.parent_path().empty() ? stdfs::path(".") : out_dir.parent_path();
  MS_ASSIGN_OR_RETURN(fs::TempDir work,
                      fs::TempDir::create(parent, "." + out_dir.filename().string() + ".extract-"));
  const stdfs::path temp = work.path();
  int root = ::open(temp.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (root < 0) return fs::errno_error(temp, "open", errno);
  ExtractVisitor writer(fs::UniqueFd(root), temp, filter, name);
  MS_ASSIGN_OR_RETURN(bundle::StreamResult r, bundle::stream_bundle(archive, name, options, writer));
  if (before_commit) MS_TRY(before_commit(r.manifest));
  VerifiedContent verified = bundle::verified_content(r.manifest, std::move(*r.metadata));
  verified.absent_files = writer.take_left_out();
  // The manifest goes along, so the folder can be verified (and signed) later; the whole
  // manifest, so a filtered folder verifies only with `verify --only`.
  std::string manifest = bundle::serialize_manifest(r.manifest);
  MS_TRY(fs::write_file_atomically(temp / kManifestPath,
                                   {reinterpret_cast<const uint8_t*>(manifest.data()), manifest.size()},
                                   /*overwrite=*/false));
  MS_TRY(writer.sync_folders());
  if (into_existing) {
    MS_TRY(move_entries_into(temp, out_dir));
    return verified;
  }
  if (::chmod(temp.c_str(), 0755) != 0) return fs::errno_error(temp, "chmod", errno);
  if (replacing) {
    // One atomic swap: the new folder takes the name, the old one the temporary name, and
    // goes with the temporary folder.
    if (::renameat2(AT_FDCWD, temp.c_str(), AT_FDCWD, out_dir.c_str(), RENAME_EXCHANGE) != 0)
      return fs::errno_error(out_dir, "replace the folder", errno);
    MS_TRY(fs::fsync_directory(parent));
    return verified;
  }
  if (::rename(temp.c_str(), out_dir.c_str()) != 0)
    return fs::errno_error(out_dir, "move the extracted folder into place at", errno);
  work.release();
  MS_TRY(fs::fsync_directory(parent));
  return verified;
}

}  // namespace bundle
}  // namespace modelseal
