// C2SP signed notes (c2sp.org/signed-note) carrying transparency-log
// checkpoints (c2sp.org/tlog-checkpoint), as in Sigstore bundles'
// inclusionProof.checkpoint.envelope.
//
//   note       = text "\n" 1*sig_line                 ; "\n" = the blank line
//   text       = origin LF size LF root_hash LF *(extension LF)
//   origin     = 1*non-control                        ; e.g. "rekor.sigstore.dev - 2605736670972794746"
//   size       = "0" / %x31-39 *DIGIT                 ; decimal, no leading zeros, < 2^64
//   root_hash  = base64 of 32 bytes                   ; strict (formats/sigstore/base64.hpp)
//   extension  = 1*non-control                        ; e.g. "Timestamp: 1689177396617352539"
//   sig_line   = U+2014 SP name SP base64(key_id[4] || signature) LF
//   name       = 1*(printable, no space, no "+")
//
// Text is valid UTF-8 without control characters other than LF.
// Key ids: ECDSA keys (Rekor v1) = SHA-256(SPKI DER)[0:4]; Ed25519 keys
// (Rekor v2, c2sp.org/signed-note) = SHA-256(name || 0x0A || 0x01 || raw key)[0:4].
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "modelseal/digest.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/result.hpp"

namespace modelseal::keys {

inline constexpr size_t kMaxSignedNoteBytes = size_t{64} << 10;
inline constexpr size_t kMaxNoteSignatures = 100;
inline constexpr size_t kMaxCheckpointExtensions = 100;
inline constexpr size_t kNoteKeyIdBytes = 4;

using NoteKeyId = std::array<uint8_t, kNoteKeyIdBytes>;

struct NoteSignature {
  std::string name;
  NoteKeyId key_id{};
  std::vector<uint8_t> signature;  // after the key id
};

struct SignedNote {
  std::string text;  // the signed bytes: up to and including the LF before the blank line
  std::vector<NoteSignature> signatures;
};

struct Checkpoint {
  std::string origin;
  uint64_t size = 0;
  Sha256Digest root_hash;
  std::vector<std::string> extensions;
};

// A log's checkpoint-signing key and the (name, key id) its signature lines carry.
class CheckpointKey {
 public:
  // `name` is the signature line name (the log's host, e.g. "rekor.sigstore.dev"
  // or "log2025-1.rekor.sigstore.dev"); `spki_der` the key from the trusted root.
  // kUnsupported for key types other than ECDSA and Ed25519; kCorrupt for bad DER.
  static Result<CheckpointKey> create(std::string_view name, std::span<const uint8_t> spki_der);

  const std::string& name() const { return name_; }
  const NoteKeyId& key_id() const { return key_id_; }
  const PublicKey& key() const { return key_; }

 private:
  CheckpointKey(std::string name, NoteKeyId key_id, PublicKey key)
      : name_(std::move(name)), key_id_(key_id), key_(std::move(key)) {}
  std::string name_;
  NoteKeyId key_id_;
  PublicKey key_;
};

// The signature line name for a trusted-root baseUrl: the URL without its
// "https://" (or "http://") scheme and trailing "/".
std::string checkpoint_name_from_base_url(std::string_view base_url);

// Errors: kCorrupt (malformed), kLimitExceeded (a bound above). No cryptography.
Result<SignedNote> parse_signed_note(std::string_view note);
Result<Checkpoint> parse_checkpoint_text(std::string_view text);

// Parses `note` and verifies it: every signature line whose (name, key id)
// matches one of `log_keys` must verify, and at least one must. Lines from
// other keys (witness cosignatures) are ignored. kTampered when no line
// verifies or a matching one fails.
Result<Checkpoint> verify_checkpoint(std::string_view note,
                                     std::span<const CheckpointKey> log_keys);

}  // namespace modelseal::keys
