#include <algorithm>
#include <system_error>

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
    if ((ext == ".pub" || ext == ".pem") && !it->is_directory(ec)) files.push_back(it->path());
  }
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": cannot list: " + ec.message());
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

Result<std::vector<PublicKey>> load_trusted_keys(const std::filesystem::path& dir) {
  MS_ASSIGN_OR_RETURN(std::vector<std::filesystem::path> files, key_files_in(dir));
  if (files.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      dir.string() + ": no public key files (*.pub, *.pem) in this folder");
  std::vector<PublicKey> keys;
  for (const std::filesystem::path& file : files) {
    MS_ASSIGN_OR_RETURN(PublicKey key, load_public_key(file));
    keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace modelseal::keys
