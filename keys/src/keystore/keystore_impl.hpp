// What an open Keystore holds, and the steps its operations share.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "keystore/pkcs11_token.hpp"
#include "keystore/state.hpp"
#include "keystore/wrapping_key.hpp"
#include "modelseal/keystore.hpp"

namespace modelseal::keys {

struct Keystore::Impl {
  std::filesystem::path dir;
  KeystoreState state;
  SecretBytes passphrase;               // passphrase keystores: to derive the next generation
  std::unique_ptr<Pkcs11Token> token;   // pkcs11 keystores: the logged-in session
  std::unique_ptr<WrappingKey> key;     // W of state.wrapping.generation (uses `token`)

  // kInvalidArgument naming `modelseal shred` while a shred is pending.
  Status refuse_if_pending() const;
  // Appends `event` and returns the state's next log head.
  Result<LogHead> log(std::string_view event, const nlohmann::json& details);
  // write_state, then adopt `next`.
  Status commit(KeystoreState next);
  Result<SecretBytes> unwrap_stored(const WrappedKey& key);
};

struct RotationPlan {
  std::string_view crash_prefix;               // "rotate" or "shred"
  std::optional<std::string_view> drop_key;    // shred: the key left out of the new state
  const SecretBytes* new_passphrase = nullptr;  // shred: change the passphrase
  bool log_rotated = true;
};

// §2.2: W' of generation g+1, every kept key re-wrapped, state committed, W destroyed.
Status rotate_wrapping(Keystore::Impl& impl, const RotationPlan& plan);

nlohmann::json bundle_details(const BundleIdentity& bundle);

}  // namespace modelseal::keys
