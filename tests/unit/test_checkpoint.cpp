// C2SP signed notes and checkpoints (keys/src/transparency/checkpoint.hpp),
// signed in the test with fresh Ed25519 (Rekor v2) and P-256 (Rekor v1) keys.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "transparency_test_support.hpp"

namespace {

using namespace transparency_test;
using modelseal::ErrorCode;

const std::string kOrigin = "log.example.dev";

Sha256Digest some_root() { return leaf_hash("root"); }

std::string valid_text() { return checkpoint_text(kOrigin, 736, some_root()); }

void check_error(const modelseal::Result<keys::Checkpoint>& r, ErrorCode code,
                 std::string_view detail_part = {}) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == code);
  CHECK_MESSAGE(r.error().detail.find(detail_part) != std::string::npos, r.error().detail);
}

}  // namespace

TEST_CASE("checkpoint key ids follow Rekor v1 (SPKI hash) and C2SP Ed25519 rules") {
  const auto ed = TestLog::create(keys::KeyType::kEd25519, kOrigin);
  const auto der = spki_der(ed.private_key.public_key());
  REQUIRE(der.size() == 44);
  std::vector<uint8_t> input(kOrigin.begin(), kOrigin.end());
  input.push_back('\n');
  input.push_back(0x01);
  input.insert(input.end(), der.begin() + 12, der.end());
  auto h = modelseal::sha256_of(input);
  REQUIRE(h.ok());
  CHECK(std::equal(ed.key.key_id().begin(), ed.key.key_id().end(), h->bytes.begin()));

  const auto ec = TestLog::create(keys::KeyType::kEcdsaP256, "rekor.example.dev");
  const auto ec_der = spki_der(ec.private_key.public_key());
  auto eh = modelseal::sha256_of(ec_der);
  REQUIRE(eh.ok());
  CHECK(std::equal(ec.key.key_id().begin(), ec.key.key_id().end(), eh->bytes.begin()));

  CHECK(keys::checkpoint_name_from_base_url("https://log2025-1.rekor.sigstore.dev") ==
        "log2025-1.rekor.sigstore.dev");
  CHECK(keys::checkpoint_name_from_base_url("https://rekor.sigstore.dev/") == "rekor.sigstore.dev");
  CHECK_FALSE(keys::CheckpointKey::create("", der).ok());
  const std::vector<uint8_t> junk{0x30, 0x00};
  CHECK_FALSE(keys::CheckpointKey::create(kOrigin, junk).ok());
}

TEST_CASE("checkpoint signed by the log verifies with Ed25519 and ECDSA keys") {
  for (auto type : {keys::KeyType::kEd25519, keys::KeyType::kEcdsaP256}) {
    const auto log = TestLog::create(type, kOrigin);
    const std::string text = checkpoint_text(kOrigin, 736, some_root()) + "Timestamp: 1689177396617352539\n";
    const std::string note = text + "\n" + log.sign_line(text);
    auto cp = keys::verify_checkpoint(note, std::span(&log.key, 1));
    REQUIRE_MESSAGE(cp.ok(), cp.error().detail);
    CHECK(cp->origin == kOrigin);
    CHECK(cp->size == 736);
    CHECK(modelseal::digests_equal(cp->root_hash, some_root()));
    REQUIRE(cp->extensions.size() == 1);
    CHECK(cp->extensions[0] == "Timestamp: 1689177396617352539");
  }
}

TEST_CASE("checkpoint cosignatures from unknown keys are ignored in any order") {
  const auto log = TestLog::create(keys::KeyType::kEd25519, kOrigin);
  const auto witness = TestLog::create(keys::KeyType::kEd25519, "witness.example");
  const auto same_name = TestLog::create(keys::KeyType::kEcdsaP256, kOrigin);
  const std::string text = valid_text();
  const std::string others = witness.sign_line(text) + same_name.sign_line(text);
  for (const std::string& note : {text + "\n" + others + log.sign_line(text),
                                  text + "\n" + log.sign_line(text) + others}) {
    auto cp = keys::verify_checkpoint(note, std::span(&log.key, 1));
    CHECK_MESSAGE(cp.ok(), cp.error().detail);
  }
  // Only cosignatures: no signature from the log.
  check_error(keys::verify_checkpoint(text + "\n" + others, std::span(&log.key, 1)),
              ErrorCode::kTampered, "no signature from a trusted log key");
}

TEST_CASE("checkpoint mutations are rejected with the expected codes") {
  const auto log = TestLog::create(keys::KeyType::kEcdsaP256, kOrigin);
  const std::string text = valid_text();
  const std::string line = log.sign_line(text);
  const std::span<const keys::CheckpointKey> trusted(&log.key, 1);

  SUBCASE("corrupt signature") {
    auto sig = log.private_key.sign(bytes_of(text));
    REQUIRE(sig.ok());
    auto bad = *sig;
    bad[bad.size() / 2] ^= 0x01;
    check_error(keys::verify_checkpoint(text + "\n" + signature_line(kOrigin, log.key.key_id(), bad), trusted),
                ErrorCode::kTampered, "does not verify");
  }
  SUBCASE("wrong key hint") {
    auto sig = log.private_key.sign(bytes_of(text));
    REQUIRE(sig.ok());
    auto id = log.key.key_id();
    id[0] ^= 0x80;
    check_error(keys::verify_checkpoint(text + "\n" + signature_line(kOrigin, id, *sig), trusted),
                ErrorCode::kTampered, "no signature from a trusted log key");
  }
  SUBCASE("wrong signer name") {
    auto sig = log.private_key.sign(bytes_of(text));
    REQUIRE(sig.ok());
    check_error(keys::verify_checkpoint(text + "\n" + signature_line("other.dev", log.key.key_id(), *sig), trusted),
                ErrorCode::kTampered);
  }
  SUBCASE("body changed after signing") {
    const std::string other = checkpoint_text(kOrigin, 737, some_root());
    check_error(keys::verify_checkpoint(other + "\n" + line, trusted), ErrorCode::kTampered);
  }
  SUBCASE("missing signature") {
    check_error(keys::verify_checkpoint(text + "\n", trusted), ErrorCode::kCorrupt, "no signature lines");
    check_error(keys::verify_checkpoint(text, trusted), ErrorCode::kCorrupt, "no blank line");
  }
  SUBCASE("no trusted keys") {
    check_error(keys::verify_checkpoint(text + "\n" + line, {}), ErrorCode::kTampered);
  }
}

TEST_CASE("checkpoint and signed note syntax errors are kCorrupt") {
  const auto log = TestLog::create(keys::KeyType::kEd25519, kOrigin);
  const std::string root = formats::base64_encode(some_root().bytes);
  const std::string sig = log.sign_line(valid_text());
  struct Case {
    std::string name;
    std::string note;
    std::string detail;
  };
  const std::vector<Case> cases = {
      {"missing size", kOrigin + "\n" + root + "\n\n" + sig, "tree size"},
      {"missing root hash", kOrigin + "\n736\n\n" + sig, "needs origin, tree size and root hash"},
      {"leading zero", kOrigin + "\n0736\n" + root + "\n\n" + sig, "tree size"},
      {"negative size", kOrigin + "\n-1\n" + root + "\n\n" + sig, "tree size"},
      {"size beyond 2^64", kOrigin + "\n18446744073709551616\n" + root + "\n\n" + sig, "tree size"},
      {"short root", kOrigin + "\n736\nAAAA\n\n" + sig, "not 32"},
      {"bad base64 root", kOrigin + "\n736\n" + root.substr(1) + "\n\n" + sig, "root hash"},
      {"empty origin", "\n736\n" + root + "\n\n" + sig, "origin is empty"},
      {"empty extension", kOrigin + "\n736\n" + root + "\n\n\n" + sig, ""},
      {"control character", kOrigin + "\t\n736\n" + root + "\n\n" + sig, "control"},
      {"carriage return", kOrigin + "\r\n736\n" + root + "\n\n" + sig, "control"},
      {"invalid UTF-8", kOrigin + "\xff\n736\n" + root + "\n\n" + sig, "UTF-8"},
      {"hyphen not em dash", valid_text() + "\n- " + sig.substr(4), "em dash"},
      {"no newline at end", valid_text() + "\n" + sig.substr(0, sig.size() - 1), "newline"},
      {"name with plus", valid_text() + "\n\xE2\x80\x94 a+b AAAAAAAA\n", "key name"},
      {"signature too short", valid_text() + "\n\xE2\x80\x94 a AAAA\n", "only 3 bytes"},
      {"signature not base64", valid_text() + "\n\xE2\x80\x94 a AAAA*AAA\n", "signature of"},
      {"no space in line", valid_text() + "\n\xE2\x80\x94 AAAAAAAA\n", "no signature"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto r = keys::verify_checkpoint(c.note, std::span(&log.key, 1));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kCorrupt);
    CHECK_MESSAGE(r.error().detail.find(c.detail) != std::string::npos, r.error().detail);
  }
}

TEST_CASE("signed note limits are kLimitExceeded") {
  const auto log = TestLog::create(keys::KeyType::kEd25519, kOrigin);
  const std::string text = valid_text();
  std::string many = text + "\n";
  for (size_t i = 0; i <= keys::kMaxNoteSignatures; ++i) many += "\xE2\x80\x94 w AAAAAAAA\n";
  check_error(keys::verify_checkpoint(many, std::span(&log.key, 1)), ErrorCode::kLimitExceeded,
              "signature lines");
  const std::string huge = kOrigin + std::string(keys::kMaxSignedNoteBytes, 'a') + "\n";
  check_error(keys::verify_checkpoint(huge, std::span(&log.key, 1)), ErrorCode::kLimitExceeded);
  std::string extensions = text;
  for (size_t i = 0; i <= keys::kMaxCheckpointExtensions; ++i) extensions += "x\n";
  check_error(keys::verify_checkpoint(extensions + "\n" + log.sign_line(extensions), std::span(&log.key, 1)),
              ErrorCode::kLimitExceeded, "extension lines");
}
