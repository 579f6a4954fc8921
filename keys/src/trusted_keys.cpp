#include <algorithm>
#include <system_error>

#include "base/file_io.hpp"
#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

Result<std::vector<std::filesystem::path>> key_files_in(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec))
    return make_error(ErrorCode::kNotFound, dir.string() + ": no such folder");
  if (!std::filesystem::is_directory(dir, ec))
    return make_error(ErrorCode::kInvalidArgument, dir.string() + ": not a folder");
  std::vector<std::filesystem::path> files;
  std::filesystem::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    std::string ext = it->path().extension().string();
    // Sub-folders are skipped; links and other non-regular entries are kept,
    // for load_found_key to refuse by name.
    if ((ext == ".pub" || ext == ".pem") && !std::filesystem::is_directory(it->symlink_status(ec)))
      files.push_back(it->path());
  }
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

// A key file modelseal found in the folder: only a regular file is read (a
// FIFO never blocks, a device is never opened) and a link is not followed.
// Such an entry is a mistake in the trust setup, not in the model verified:
// kInvalidArgument, like a FIFO named with --key.
Result<PublicKey> load_found_key(const std::filesystem::path& file) {
  auto pem = fs::read_small_file(file, kMaxKeyFileBytes, fs::Links::kRefuse);
  if (!pem.ok()) {
    Error error = pem.error();
    if (error.code == ErrorCode::kUnsupported) error.code = ErrorCode::kInvalidArgument;
    return error;
  }
  auto key = PublicKey::from_pem(*pem);
  if (!key.ok()) return with_context(key.error(), file.string());
  return key;
}

}  // namespace

Result<std::vector<PublicKey>> load_trusted_keys(const std::filesystem::path& dir) {
  MS_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> files, key_files_in(dir));
  if (files.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      dir.string() + ": no public key files (*.pub, *.pem) in this folder");
  std::vector<PublicKey> keys;
  for (const std::filesystem::path& file : files) {
    MS_ASSIGN_OR_RETURN(PublicKey key, load_found_key(file));
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace modelseal::keys
