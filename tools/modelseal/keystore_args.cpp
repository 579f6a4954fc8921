#include "keystore_args.hpp"

#include "modelseal/keys.hpp"

namespace modelseal::cli {

void add_keystore_options(CLI::App& app, KeystoreArgs& args) {
  app.add_option("--keystore", args.dir, "The keystore folder (modelseal keystore init)")->required();
  add_secret_options(app, args.passphrase, "passphrase", "the keystore's passphrase");
  add_secret_options(app, args.pin, "pin", "the token's user PIN (PKCS#11)");
  add_lock_wait_option(app, args);
}

void add_lock_wait_option(CLI::App& app, KeystoreArgs& args) {
  app.add_option("--lock-wait", args.lock_wait_seconds,
                 "Seconds to wait while another command holds the keystore's lock (default 10)")
      ->check(CLI::Range(0.0, 3600.0));
}

Result<keys::Keystore> open_keystore(const KeystoreArgs& args) {
  MS_ASSIGN_OR_RETURN(std::optional<SecretBytes> passphrase, read_secret(args.passphrase));
  MS_ASSIGN_OR_RETURN(std::optional<SecretBytes> pin, read_secret(args.pin));
  if (!passphrase && !pin) {
    MS_ASSIGN_OR_RETURN(keys::WrappingMethod method, keys::keystore_wrapping_method(args.dir));
    if (method == keys::WrappingMethod::kPkcs11) {
      MS_ASSIGN_OR_RETURN(pin, keys::prompt_passphrase("token PIN of keystore " + args.dir + ": ",
                                                       false, keys::SecretKind::kPin));
    } else {
      MS_ASSIGN_OR_RETURN(passphrase,
                          keys::prompt_passphrase("passphrase of keystore " + args.dir + ": ", false));
    }
  }
  keys::KeystoreCredentials credentials{passphrase ? &*passphrase : nullptr, pin ? &*pin : nullptr};
  auto lock_wait = std::chrono::milliseconds(static_cast<int64_t>(args.lock_wait_seconds * 1000));
  return keys::Keystore::open(args.dir, credentials, lock_wait);
}

}  // namespace modelseal::cli
