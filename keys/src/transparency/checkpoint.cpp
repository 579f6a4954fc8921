// Checkpoint keys and signature verification (formats in checkpoint.hpp).
#include "transparency/checkpoint.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "base/bytes.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::keys {

namespace {

// DER SubjectPublicKeyInfo of an Ed25519 key is this prefix and the 32-byte key.
constexpr std::array<uint8_t, 12> kEd25519SpkiPrefix = {0x30, 0x2a, 0x30, 0x05, 0x06, 0x03,
                                                         0x2b, 0x65, 0x70, 0x03, 0x21, 0x00};
constexpr size_t kEd25519KeyBytes = 32;
constexpr uint8_t kEd25519NoteAlgorithm = 0x01;

NoteKeyId first_bytes(const Sha256Digest& digest) {
  NoteKeyId id{};
  std::copy_n(digest.bytes.begin(), id.size(), id.begin());
  return id;
}

Result<NoteKeyId> ed25519_key_id(std::string_view name, std::span<const uint8_t> spki_der) {
  if (spki_der.size() != kEd25519SpkiPrefix.size() + kEd25519KeyBytes ||
      !std::equal(kEd25519SpkiPrefix.begin(), kEd25519SpkiPrefix.end(), spki_der.begin()))
    return make_error(ErrorCode::kCorrupt, "checkpoint key: Ed25519 key is not a plain SPKI");
  std::vector<uint8_t> input(name.begin(), name.end());
  input.push_back('\n');
  input.push_back(kEd25519NoteAlgorithm);
  input.insert(input.end(), spki_der.begin() + kEd25519SpkiPrefix.size(), spki_der.end());
  MS_ASSIGN_OR_RETURN(Sha256Digest digest, sha256_of(input));
  return first_bytes(digest);
}

bool matches(const NoteSignature& sig, const CheckpointKey& key) {
  return sig.name == key.name() && sig.key_id == key.key_id();
}

}  // namespace

Result<CheckpointKey> CheckpointKey::create(std::string_view name,
                                            std::span<const uint8_t> spki_der) {
  if (name.empty()) return make_error(ErrorCode::kInvalidArgument, "checkpoint key: empty name");
  MS_ASSIGN_OR_RETURN(PublicKey key, PublicKey::from_der(spki_der));
  NoteKeyId id{};
  switch (key.type()) {
    case KeyType::kEd25519: {
      MS_ASSIGN_OR_RETURN(id, ed25519_key_id(name, spki_der));
      break;
    }
    case KeyType::kEcdsaP256:
    case KeyType::kEcdsaP384:
    case KeyType::kEcdsaP521: {
      MS_ASSIGN_OR_RETURN(Sha256Digest digest, sha256_of(spki_der));
      id = first_bytes(digest);
      break;
    }
  }
  return CheckpointKey(std::string(name), id, std::move(key));
}

std::string checkpoint_name_from_base_url(std::string_view base_url) {
  for (std::string_view scheme : {"https://", "http://"}) {
    if (base_url.substr(0, scheme.size()) == scheme) {
      base_url.remove_prefix(scheme.size());
      break;
    }
  }
  while (!base_url.empty() && base_url.back() == '/') base_url.remove_suffix(1);
  return std::string(base_url);
}

Result<Checkpoint> verify_checkpoint(std::string_view note,
                                     std::span<const CheckpointKey> log_keys) {
  MS_ASSIGN_OR_RETURN(SignedNote signed_note, parse_signed_note(note));
  MS_ASSIGN_OR_RETURN(Checkpoint checkpoint, parse_checkpoint_text(signed_note.text));
  bool verified = false;
  for (const NoteSignature& sig : signed_note.signatures) {
    for (const CheckpointKey& key : log_keys) {
      if (!matches(sig, key)) continue;
      const Status status = key.key().verify(bytes_of(signed_note.text), sig.signature);
      if (!status.ok())
        return make_error(ErrorCode::kTampered, "checkpoint: signature of " +
                                                    formats::quote(sig.name) +
                                                    " does not verify with the log key");
      verified = true;
    }
  }
  if (!verified)
    return make_error(ErrorCode::kTampered, "checkpoint of " + formats::quote(checkpoint.origin) +
                                                " carries no signature from a trusted log key");
  return checkpoint;
}

}  // namespace modelseal::keys
