// Creating a keystore: folder 0700, first wrapping key, "created" event, state,
// under the keystore's lock so that of two inits into one folder only one fills it.
#include <sys/stat.h>

#include "base/file_io.hpp"
#include "keystore/event_log.hpp"
#include "keystore/keystore_impl.hpp"
#include "keystore/keystore_lock.hpp"
#include "keystore/keystore_support.hpp"

namespace modelseal::keys {
namespace {

// Empty, or holding only the lock file (another init is at work, or failed).
Status check_empty(const std::filesystem::path& dir) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().filename() == lock_path(dir).filename()) continue;
    if (it->path().filename() == state_path(dir).filename())
      return make_error(ErrorCode::kAlreadyExists, dir.string() + ": is a keystore already");
    return make_error(ErrorCode::kAlreadyExists,
                      dir.string() + ": the folder is not empty; a keystore needs a new folder");
  }
  if (ec) return make_error(ErrorCode::kIo, dir.string() + ": " + ec.message());
  return {};
}

// True when this call created the folder.
Result<bool> make_private_folder(const std::filesystem::path& dir) {
  if (::mkdir(dir.c_str(), 0700) == 0) return true;
  if (errno != EEXIST) return fs::errno_error(dir, "create the folder", errno);
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec))
    return make_error(ErrorCode::kAlreadyExists, dir.string() + ": exists and is not a folder");
  MS_TRY(check_empty(dir));
  if (::chmod(dir.c_str(), 0700) != 0) return fs::errno_error(dir, "chmod", errno);
  return false;
}

Result<Wrapping> first_wrapping(const KeystoreInitOptions& options, const std::string& id) {
  if (options.method == WrappingMethod::kPassphrase) {
    if (options.credentials.passphrase == nullptr)
      return make_error(ErrorCode::kInvalidArgument, "a passphrase keystore needs a passphrase");
    MS_ASSIGN_OR_RETURN(NewWrapping fresh, new_passphrase_wrapping(id, 1, *options.credentials.passphrase,
                                                                   options.scrypt_log2_n));
    return fresh.wrapping;
  }
  if (options.credentials.pin == nullptr || options.pkcs11_module.empty() ||
      options.token_label.empty())
    return make_error(ErrorCode::kInvalidArgument,
                      "a pkcs11 keystore needs a module, a token label and a PIN");
  std::filesystem::path module = std::filesystem::absolute(options.pkcs11_module);
  MS_ASSIGN_OR_RETURN(std::unique_ptr<Pkcs11Token> token,
                      Pkcs11Token::open(module, options.token_label, *options.credentials.pin));
  MS_ASSIGN_OR_RETURN(NewWrapping fresh,
                      new_token_wrapping(*token, id, 1, module.string(), options.token_label));
  return fresh.wrapping;
}

Status populate(const KeystoreInitOptions& options) {
  KeystoreState state;
  MS_ASSIGN_OR_RETURN(state.id, random_id("ks-"));
  MS_ASSIGN_OR_RETURN(state.wrapping, first_wrapping(options, state.id));
  if (::mkdir(disposals_path(options.dir).c_str(), 0700) != 0)
    return fs::errno_error(disposals_path(options.dir), "create the folder", errno);
  const char* method = options.method == WrappingMethod::kPkcs11 ? "pkcs11" : "passphrase";
  MS_ASSIGN_OR_RETURN(state.log_head,
                      start_log(options.dir, "created", {{"keystore_id", state.id}, {"method", method}}));
  MS_TRY(write_state(options.dir, state));
  MS_TRY(fs::fsync_directory(options.dir));
  return fs::fsync_directory(options.dir.parent_path().empty() ? "." : options.dir.parent_path());
}

}  // namespace

Status init_keystore(const KeystoreInitOptions& options) {
  if (options.method == WrappingMethod::kPassphrase &&
      (options.scrypt_log2_n < kMinScryptLog2N || options.scrypt_log2_n > kMaxScryptLog2N))
    return make_error(ErrorCode::kInvalidArgument,
                      "scrypt log2_n must be in " + std::to_string(kMinScryptLog2N) + ".." +
                          std::to_string(kMaxScryptLog2N));
  if (options.dir.empty()) return make_error(ErrorCode::kInvalidArgument, "no keystore folder given");
  MS_ASSIGN_OR_RETURN(const bool created, make_private_folder(options.dir));
  MS_ASSIGN_OR_RETURN(KeystoreLock held, KeystoreLock::acquire(options.dir, options.lock_wait));
  MS_TRY(check_empty(options.dir));  // again, under the lock: another init may have filled it
  Status made = populate(options);
  if (!made.ok()) {  // leave the folder as it was: absent, or empty (a waiting init sees the lock file go)
    std::error_code ec;
    if (created) std::filesystem::remove_all(options.dir, ec);
    else
      for (const auto& entry : std::filesystem::directory_iterator(options.dir, ec))
        std::filesystem::remove_all(entry.path(), ec);
  }
  return made;
}

}  // namespace modelseal::keys
