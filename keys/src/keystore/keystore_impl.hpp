// What an open Keystore holds, and the steps its operations share.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "keystore/keystore_lock.hpp"
#include "keystore/pkcs11_token.hpp"
#include "keystore/state.hpp"
#include "keystore/wrapping_key.hpp"
#include "modelseal/keystore.hpp"

namespace modelseal::keys {

// Every operation that changes the keystore takes the lock, reloads the state
// (another command may have changed it since this one read it) and commits
// under the same lock: log and commit take the lock as proof it is held.
struct Keystore::Impl {
  std::filesystem::path dir;
  std::chrono::milliseconds lock_wait = kDefaultLockWait;
  KeystoreState state;                  // as read last (by open, or under the lock)
  SecretBytes passphrase;               // passphrase keystores: to derive the next generation
  std::unique_ptr<Pkcs11Token> token;   // pkcs11 keystores: the logged-in session
  std::unique_ptr<WrappingKey> key;     // W of key_generation (uses `token`)
  uint32_t key_generation = 0;

  Result<KeystoreLock> lock() const { return KeystoreLock::acquire(dir, lock_wait); }
  // Re-reads keystore.json (the same keystore id required).
  Status reload(const KeystoreLock& held);
  // W of the state's generation: unlocked again with the same passphrase or
  // token when another command rotated (or shredded) since this one unlocked.
  Status ensure_current_key();
  Status reload_with_key(const KeystoreLock& held) {
    MS_TRY(reload(held));
    return ensure_current_key();
  }
  // kInvalidArgument naming `modelseal shred` while a shred is pending.
  Status refuse_if_pending() const;
  // Appends `event` and returns the state's next log head.
  Result<LogHead> log(const KeystoreLock& held, std::string_view event, const nlohmann::json& details);
  // write_state, then adopt `next`. Refuses (kBusy) when keystore.json is no
  // longer the state this command read: its generation or log head changed.
  Status commit(const KeystoreLock& held, KeystoreState next);
  Result<SecretBytes> unwrap_stored(const WrappedKey& key);
  void adopt_key(std::unique_ptr<WrappingKey> next, uint32_t generation) {
    key = std::move(next);
    key_generation = generation;
  }
};

struct RotationPlan {
  std::string_view crash_prefix;               // "rotate" or "shred"
  std::optional<std::string_view> drop_key;    // shred: the key left out of the new state
  const SecretBytes* new_passphrase = nullptr;  // shred: change the passphrase
  bool log_rotated = true;
};

// §2.2: W' of generation g+1, every kept key re-wrapped, state committed, W destroyed.
// The caller holds the lock and reloaded the state with its key.
Status rotate_wrapping(Keystore::Impl& impl, const KeystoreLock& held, const RotationPlan& plan);

nlohmann::json bundle_details(const BundleIdentity& bundle);

}  // namespace modelseal::keys
