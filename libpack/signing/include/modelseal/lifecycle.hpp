// The end of a model's life (specs/sealed-bundle-v1.md): seal a bundle under
// a data key kept in a keystore, open it again (decrypt, verify, extract), and
// shred it: destroy the key and sign a disposal record. Revocation lists are
// folders of disposal records that `verify --revocations` consults.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/keystore.hpp"
#include "modelseal/sealed.hpp"

namespace modelseal {

inline constexpr char kDisposalPredicateType[] = "https://modelseal.dev/disposal/v1";

struct SealIntoKeystoreOptions {
  std::filesystem::path bundle;
  std::filesystem::path output;
  keys::Keystore* keystore = nullptr;
  bool overwrite = false;
  ProgressFn progress = {};  // "sealing"
  unsigned threads = 0;      // hashing threads, 0: one per core
};

struct SealOutcome {
  SealedInfo info;
  // "<bundle>.sig" copied to "<output>.sig": signatures cover the plaintext
  // content, so they verify the sealed bundle too.
  std::optional<std::filesystem::path> signature_copied;
};

// A fresh data key is stored (wrapped) in the keystore before the sealed file
// is written; if sealing fails the key is dropped again.
Result<SealOutcome> seal_into_keystore(const SealIntoKeystoreOptions& options);

struct OpenSealedOptions {
  std::filesystem::path sealed;
  keys::Keystore* keystore = nullptr;
  std::optional<std::filesystem::path> extract_to;  // a new folder, as `extract -C`
  std::optional<std::filesystem::path> bundle_out;  // the plain .mbundle
  bool overwrite = false;                           // bundle_out only
  ReadOptions read;
};

// Decrypts and verifies as it streams; with extract_to, files are released
// into place only after every chunk authenticated, every file matched the
// manifest and the manifest is the sealed header's. At least one of
// extract_to and bundle_out is required.
Result<VerifiedContent> open_sealed(const OpenSealedOptions& options);

struct ShredOptions {
  std::filesystem::path sealed;
  keys::Keystore* keystore = nullptr;
  std::filesystem::path keystore_dir;
  const keys::Signer* operator_signer = nullptr;
  std::string reason;
  std::vector<std::string> custodians;
  const SecretBytes* new_passphrase = nullptr;  // passphrase keystores
  bool reuse_passphrase = false;
};

struct ShredOutcome {
  keys::ShredEvidence evidence;
  std::filesystem::path record;
};

Result<ShredOutcome> shred_sealed(const ShredOptions& options);

struct DisposalRecord {
  std::filesystem::path path;
  std::string content_digest;  // "sha256:<64 lowercase hex>"
  // SHA-256 of the bundle's .modelseal/manifest.json: binds the file names too. Empty in
  // records written before it was recorded (specs/sealed-bundle-v1.md §3).
  std::string manifest_digest;
  std::string name, version, effective_at, reason, method;
  std::string key_id, keystore_id;  // keys_destroyed: the data key and its keystore (may be empty)
  std::string signer;  // "key <id>" when a trusted key verified it, else empty
};

// Reads a disposal record; with `trusted_keys`, its signature must verify
// with one of them (kTampered otherwise). Any edit of the record is caught.
// Digests that are not "sha256:" and 64 lowercase hex digits are refused
// (kTampered): a record has one reading, for verify-disposal and revocation lists.
Result<DisposalRecord> read_disposal_record(const std::filesystem::path& path,
                                            const std::vector<keys::PublicKey>& trusted_keys);

// `keystore audit`: keys::audit_keystore (the log against the state), then every file of
// the keystore's disposals/ against the log's "shredded" events: each record parses, names a
// key of this keystore whose shred the log committed, with the same bundle and the SHA-256 the
// event logged; each committed shred has its record. The record of a pending shred is reported
// as interrupted (recoverable). Needs no credentials; signatures are checked by verify-disposal.
Result<keys::AuditReport> audit_keystore_and_records(const std::filesystem::path& keystore_dir);

struct Revocation {
  DisposalRecord record;
  std::string signature_problem;  // empty when a trusted key verified the record
};

// The first disposal record in `dir` whose content digest is one of
// `content_digests`, if any. Every entry of `dir` must be a record (a regular
// file named "*.json", in any case); anything else, or an unreadable record,
// fails the call: a revocation list that cannot be read is not an empty one.
// Records that do not verify with `trusted_keys` still count (fail closed),
// with the problem named. Matching by content digest alone over-matches on
// purpose: the same file contents under other names are revoked too.
Result<std::optional<Revocation>> find_revocation(const std::filesystem::path& dir,
                                                  const std::vector<Sha256Digest>& content_digests,
                                                  const std::vector<keys::PublicKey>& trusted_keys);
Result<std::optional<Revocation>> find_revocation(const std::filesystem::path& dir,
                                                  const Sha256Digest& content_digest,
                                                  const std::vector<keys::PublicKey>& trusted_keys);

}  // namespace modelseal
