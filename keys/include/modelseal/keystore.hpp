// The keystore (specs/sealed-bundle-v1.md §2): a folder holding the data keys
// of sealed bundles, each wrapped under one wrapping key W that comes from a
// passphrase (scrypt) or lives in a PKCS#11 token. Rotation re-wraps every key
// under a fresh W; shredding re-wraps all but one key and destroys the old W
// (cryptographic erase). Every change is appended to a hash-chained log.
//
// Concurrent commands: every operation that changes the keystore (init,
// create_data_key, forget_data_key, record_opened, rotate, shred) holds an
// exclusive flock() on DIR/lock while it re-reads the state, changes it and
// appends to the log; waiting longer than the lock wait fails with kBusy.
// Reading (open, keys(), keystore_wrapping_method, audit_keystore) takes no
// lock: keystore.json is replaced atomically, so a reader sees a whole state.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/result.hpp"
#include "modelseal/secret.hpp"

namespace modelseal::keys {

struct KeystoreCredentials {
  const SecretBytes* passphrase = nullptr;
  const SecretBytes* pin = nullptr;
};

enum class WrappingMethod { kPassphrase, kPkcs11 };

// How long an operation waits for another command to release the keystore's lock.
inline constexpr std::chrono::milliseconds kDefaultLockWait{10000};

struct KeystoreInitOptions {
  std::filesystem::path dir;
  WrappingMethod method = WrappingMethod::kPassphrase;
  int scrypt_log2_n = 17;  // >= 14 (tests use 14)
  std::filesystem::path pkcs11_module;
  std::string token_label;
  KeystoreCredentials credentials;
  std::chrono::milliseconds lock_wait = kDefaultLockWait;
};

struct BundleIdentity {
  std::string name, version, content_digest;  // "sha256:<hex>"
};

struct StoredKey {
  std::string key_id;
  BundleIdentity bundle;
  std::string sealed_at;
};

struct NewDataKey {
  std::string key_id;
  SecretBytes key;
};

struct ShredRequest {
  std::string key_id;
  std::string reason;
  std::string operator_key_id;
  std::vector<std::string> custodians;
  std::string sealed_file;
  const SecretBytes* new_passphrase = nullptr;  // passphrase keystores: change it while shredding
  bool reuse_passphrase = false;                // passphrase keystores must choose one of the two
};

struct KeyCopy {
  std::string location, action;
};

struct ShredEvidence {
  std::string keystore_id, key_id;
  BundleIdentity bundle;
  std::string sealed_file, reason, operator_key_id, requested_at, effective_at,
      verification_detail;
  std::vector<std::string> custodians;
  std::vector<KeyCopy> copies;
};

struct RecordWritten {
  std::filesystem::path path;
  std::string sha256_hex;
};

// Called by shred once the key is destroyed and the check passed; writes the signed record.
using DisposalWriter = std::function<Result<RecordWritten>(const ShredEvidence&)>;

// Refuses an existing non-empty dir; of two inits into one folder, one wins and the other
// gets kAlreadyExists.
Status init_keystore(const KeystoreInitOptions& options);

// How a keystore's wrapping key is held, read from its state without unlocking it (so a caller
// knows whether to ask for a passphrase or a token PIN).
Result<WrappingMethod> keystore_wrapping_method(const std::filesystem::path& dir);

class Keystore {
 public:
  // Reads and checks the state, unlocks (passphrase check / token login + object lookup), and
  // finishes interrupted work: destroys token objects of older or orphan generations. Refuses
  // (kInvalidArgument, naming `modelseal shred`) to hand out keys while a shred is pending.
  // `lock_wait` bounds every later operation's wait for the lock.
  static Result<Keystore> open(const std::filesystem::path& dir,
                               const KeystoreCredentials& credentials,
                               std::chrono::milliseconds lock_wait = kDefaultLockWait);

  Keystore(Keystore&&) noexcept;
  Keystore& operator=(Keystore&&) noexcept;
  Keystore(const Keystore&) = delete;
  Keystore& operator=(const Keystore&) = delete;
  ~Keystore();

  const std::string& id() const;
  WrappingMethod method() const;
  uint32_t generation() const;
  std::vector<StoredKey> keys() const;
  Result<NewDataKey> create_data_key(const BundleIdentity& bundle);  // stored + logged "sealed" before returning
  Status forget_data_key(std::string_view key_id);  // seal failed after create: drop it, log it
  // kRevoked "... was shredded on <time>, record <path>" for a shredded key (tombstones stay in
  // the state: key id, time, record path); kNotFound for an unknown key; kTampered if unwrap fails.
  // Under the lock, from the current state; it also checks that the log can take the event
  // record_opened appends (so an open never decrypts what it cannot log).
  Result<SecretBytes> unwrap(std::string_view key_id);
  // kRevoked when the key was shredded since unwrap.
  Status record_opened(std::string_view key_id);
  Status rotate();  // §2.2, logs "rotated"
  Result<ShredEvidence> shred(const ShredRequest& request, const DisposalWriter& write_record);

  struct Impl;

 private:
  explicit Keystore(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;  // holds the unlocked wrapping key or the PKCS#11 session
};

// A "shredded" event as the audit found it, for the disposal-record check above this layer.
struct AuditedShred {
  uint64_t line = 0;  // of log.jsonl, from 1
  std::string key_id, content_digest, record, record_sha256;
  bool committed = false;  // false: logged by a shred that has not finished (yet)
};

struct AuditReport {
  uint64_t entries = 0;
  std::optional<uint64_t> anchored_seq;
  std::string keystore_id;
  std::optional<std::string> pending_shred_key;
  std::vector<std::string> problems;    // "log.jsonl line N: why"; empty = log and state agree
  std::vector<std::string> unanchored;  // traces of interrupted operations: recoverable
  std::vector<AuditedShred> shreds;     // in log order
};

// The hash chain, log_head on it, and the log replayed against the state: every key and
// tombstone has its event, every event names a key the log created, the generation adds up,
// and lines after log_head are the trace of an interrupted operation (specs/sealed-bundle-v1.md
// §2.3). Needs no credentials. Disposal records are checked a layer up
// (modelseal::audit_keystore_and_records).
Result<AuditReport> audit_keystore(const std::filesystem::path& dir);

// A passphrase being SET for a keystore (keystore init, shred with a new passphrase) has at least
// this many characters (Unicode code points; a byte that starts no valid UTF-8 sequence counts as
// one), unless allow_short. Opening a keystore never checks: one made with a short one still opens.
inline constexpr size_t kMinKeystorePassphraseCharacters = 12;
Status check_new_keystore_passphrase(const SecretBytes& passphrase, bool allow_short);

}  // namespace modelseal::keys
