// --keystore DIR with its credentials (--passphrase-file or --pin-file, else
// asked at the terminal), shared by seal, open and shred.
#pragma once

#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "modelseal/keystore.hpp"

namespace modelseal::cli {

struct KeystoreArgs {
  std::string dir;
  std::string passphrase_file;
  std::string pin_file;
};

void add_keystore_options(CLI::App& app, KeystoreArgs& args);

Result<keys::Keystore> open_keystore(const KeystoreArgs& args);

}  // namespace modelseal::cli
