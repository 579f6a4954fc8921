// Reading and atomically replacing keystore.json.
#include <sys/stat.h>
#include <unistd.h>

#include "base/file_io.hpp"
#include "keystore/keystore_support.hpp"
#include "keystore/state.hpp"

namespace modelseal::keys {

std::filesystem::path state_path(const std::filesystem::path& dir) { return dir / "keystore.json"; }
std::filesystem::path log_path(const std::filesystem::path& dir) { return dir / "log.jsonl"; }
std::filesystem::path disposals_path(const std::filesystem::path& dir) { return dir / "disposals"; }

namespace {

// The state names the PKCS#11 module to load and holds the wrapped keys:
// nobody but its owner may be able to change it.
Status check_private(const std::filesystem::path& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};  // a missing file is reported by the read
  if (st.st_uid != ::geteuid() || (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    return make_error(ErrorCode::kInvalidArgument,
                      path.string() + ": refusing a keystore that another user owns or can write "
                                      "(expected: yours, mode 0700 for the folder, 0600 for files)");
  return {};
}

}  // namespace

Result<KeystoreState> read_state(const std::filesystem::path& dir) {
  MS_TRY(check_private(dir));
  MS_TRY(check_private(state_path(dir)));
  auto text = fs::read_small_file(state_path(dir), kMaxStateBytes, fs::Links::kRefuse);
  if (!text.ok()) {
    Error error = text.error();
    if (error.code == ErrorCode::kNotFound)
      error.detail = dir.string() + ": not a keystore (no keystore.json; hint: modelseal keystore init)";
    return error;
  }
  auto state = parse_state(*text);
  if (!state.ok()) return make_error(state.error().code, dir.string() + "/" + state.error().detail);
  return state;
}

Status write_state(const std::filesystem::path& dir, const KeystoreState& state) {
  MS_ASSIGN_OR_RETURN(std::string text, serialize_state(state));
  return fs::write_file_atomically(state_path(dir), bytes_of(text), /*overwrite=*/true, 0600);
}

}  // namespace modelseal::keys
