// --keystore DIR with its credentials (--passphrase-file/-env or --pin-file/-env,
// else asked at the terminal), shared by seal, open and shred.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "modelseal/keystore.hpp"
#include "secret_args.hpp"

namespace modelseal::cli {

struct KeystoreArgs {
  std::string dir;
  SecretArgs passphrase;
  SecretArgs pin;
  double lock_wait_seconds = 10;  // how long to wait for another command's lock on the keystore
};

void add_keystore_options(CLI::App& app, KeystoreArgs& args);
// --lock-wait SECONDS, for the commands that change the keystore.
void add_lock_wait_option(CLI::App& app, KeystoreArgs& args);

Result<keys::Keystore> open_keystore(const KeystoreArgs& args);

// keys::check_new_keystore_passphrase applies the length rule to a passphrase being set.
inline constexpr const char* kAllowShortPassphraseHelp =
    "Accept a new keystore passphrase shorter than 12 characters";

}  // namespace modelseal::cli
