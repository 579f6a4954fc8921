// keystore.json (specs/sealed-bundle-v1.md §2.1): canonical JSON followed by "\n".
//
//   {"format":"modelseal.keystore/v1","id":"ks-<32 hex>",
//    "keys":[{"bundle":{...},"key_id":"dk-..","sealed_at":"<time>","wrapped":"<b64>"}, ...],
//    "log_head":{"seq":<n>,"sha256":"<hex>"},
//    "pending_shred":null | {...},
//    "shredded":[{"key_id":"dk-..","record":"<path>","shredded_at":"<time>"}, ...],
//    "wrapping":{...}}
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/keystore.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr uint64_t kMaxStateBytes = 16 << 20;
inline constexpr size_t kMaxStoredKeys = 50000;
inline constexpr size_t kMaxTextField = 4096;
inline constexpr size_t kMaxCustodians = 64;  // named in a shred record
inline constexpr int kMinScryptLog2N = 14;
inline constexpr int kMaxScryptLog2N = 22;  // 4 GiB of scrypt memory is already unreasonable
inline constexpr size_t kSaltBytes = 32;

struct WrappedKey {
  std::string key_id;
  BundleIdentity bundle;
  std::string sealed_at;
  std::vector<uint8_t> wrapped;  // nonce || ciphertext || tag
};

struct Tombstone {
  std::string key_id, shredded_at, record;
};

struct Wrapping {
  WrappingMethod method = WrappingMethod::kPassphrase;
  uint32_t generation = 1;
  // passphrase
  std::vector<uint8_t> check;
  int log2_n = 17;
  std::vector<uint8_t> salt;
  // pkcs11
  std::string module, object_label, token;
};

struct PendingShred {
  std::string key_id;
  BundleIdentity bundle;
  std::string reason, operator_key_id, sealed_file, requested_at;
  std::vector<std::string> custodians;
  Wrapping previous;  // the wrapping before the shred: step 3 proves it no longer unlocks
};

struct LogHead {
  uint64_t seq = 0;
  std::string sha256;
};

struct KeystoreState {
  std::string id;
  std::vector<WrappedKey> keys;  // sorted by key_id
  std::vector<Tombstone> shredded;
  LogHead log_head;
  std::optional<PendingShred> pending_shred;
  Wrapping wrapping;

  const WrappedKey* find_key(std::string_view key_id) const;
  const Tombstone* find_tombstone(std::string_view key_id) const;
};

std::string object_label_for(std::string_view keystore_id, uint32_t generation);

// Canonical JSON and "\n".
Result<std::string> serialize_state(const KeystoreState& state);
// Strict: every key required, no other key, canonical form; kCorrupt otherwise.
Result<KeystoreState> parse_state(std::string_view text);

std::filesystem::path state_path(const std::filesystem::path& dir);
std::filesystem::path log_path(const std::filesystem::path& dir);
std::filesystem::path disposals_path(const std::filesystem::path& dir);

Result<KeystoreState> read_state(const std::filesystem::path& dir);
// Atomically (temp file, fsync, rename, fsync folder), mode 0600.
Status write_state(const std::filesystem::path& dir, const KeystoreState& state);

}  // namespace modelseal::keys
