// Fuzz target for the transparency-log inputs of Sigstore verification: the
// input is read as a C2SP signed note, as checkpoint text, as a checkpoint
// verified with two fixed log keys (fuzz/checkpoint_fuzz_keys.hpp), as a
// Sigstore trusted root and as an RFC 3339 time. Whatever parses must
// serialize back to the same bytes (no malleability). Seeds: fuzz/corpus/checkpoint/,
// written by tests/unit/test_checkpoint_seeds.cpp.
#include <cstdint>
#include <cstdlib>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "checkpoint_fuzz_keys.hpp"
#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "transparency/checkpoint.hpp"

namespace {

using namespace modelseal;

constexpr size_t kMaxTimeInput = 64;

std::vector<keys::CheckpointKey> make_log_keys() {
  std::vector<keys::CheckpointKey> out;
  for (auto [name, pem] : {std::pair{checkpoint_fuzz::kEd25519LogName, checkpoint_fuzz::kEd25519LogKeyPem},
                           std::pair{checkpoint_fuzz::kEcdsaLogName, checkpoint_fuzz::kEcdsaLogKeyPem}}) {
    auto priv = keys::PrivateKey::from_pem(pem, nullptr);
    if (!priv.ok()) std::abort();
    const std::vector<uint8_t> der = priv->public_key().der();
    if (der.empty()) std::abort();
    auto key = keys::CheckpointKey::create(name, der);
    if (!key.ok()) std::abort();
    out.push_back(std::move(key).value());
  }
  return out;
}

std::string serialize_note(const keys::SignedNote& note) {
  std::string out = note.text + "\n";
  for (const keys::NoteSignature& sig : note.signatures) {
    std::vector<uint8_t> blob(sig.key_id.begin(), sig.key_id.end());
    blob.insert(blob.end(), sig.signature.begin(), sig.signature.end());
    out += "\xE2\x80\x94 " + sig.name + " " + formats::base64_encode(blob) + "\n";
  }
  return out;
}

std::string serialize_checkpoint(const keys::Checkpoint& cp) {
  std::string out = cp.origin + "\n" + std::to_string(cp.size) + "\n" +
                    formats::base64_encode(cp.root_hash.bytes) + "\n";
  for (const std::string& ext : cp.extensions) out += ext + "\n";
  return out;
}

void check_checkpoint_text(std::string_view text) {
  const auto cp = keys::parse_checkpoint_text(text);
  if (cp.ok() && serialize_checkpoint(*cp) != text) std::abort();
}

void check_note(std::string_view input) {
  static const std::vector<keys::CheckpointKey> log_keys = make_log_keys();
  const auto note = keys::parse_signed_note(input);
  if (note.ok()) {
    if (serialize_note(*note) != input) std::abort();
    check_checkpoint_text(note->text);
  }
  const auto verified = keys::verify_checkpoint(input, log_keys);
  // Verification implies the note and its text parse.
  if (verified.ok() && (!note.ok() || !keys::parse_checkpoint_text(note->text).ok())) std::abort();
}

void check_trusted_root(std::string_view input) {
  const auto root = formats::parse_trusted_root(input, "fuzz:root");
  if (!root.ok() && root.error().detail.rfind("fuzz:root", 0) != 0 &&
      root.error().code != ErrorCode::kInternal)
    std::abort();
  if (root.ok()) {
    for (const auto& list : {&root->tlogs, &root->ctlogs})
      for (const auto& log : *list)
        if (log.valid_for.end && *log.valid_for.end < log.valid_for.start) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  check_note(input);
  check_checkpoint_text(input);
  check_trusted_root(input);
  if (size <= kMaxTimeInput) (void)formats::parse_rfc3339(input);
  return 0;
}
