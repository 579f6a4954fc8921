// Key files and passphrase files on disk, trusted-key folders, and the OMS
// test vectors: SEC1 private key, key id = OMS hint, OMS signatures verify.
#include <sys/stat.h>

#include <cstdlib>

#include <doctest/doctest.h>

#include "keys_test_support.hpp"
#include "test_support.hpp"
#include "test_skip.hpp"

using namespace modelseal;
using namespace keys_test;
using test_support::read_bytes;
using test_support::TempDir;
using test_support::write_bytes;

namespace {

unsigned mode_of(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

// The first string value of `key` in `json` (enough for the vectors' layout).
std::string json_string(const std::string& json, const std::string& key) {
  size_t at = json.find("\"" + key + "\"");
  if (at == std::string::npos) return {};
  at = json.find_first_not_of(" \n:", at + key.size() + 2);
  if (at == std::string::npos || json[at] != '"') return {};
  return json.substr(at + 1, json.find('"', at + 1) - at - 1);
}

std::vector<uint8_t> base64_decode(const std::string& text) {
  static const std::string kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::vector<uint8_t> out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : text) {
    size_t v = kAlphabet.find(c);
    if (v == std::string::npos) continue;  // padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(acc >> bits));
    }
  }
  return out;
}

std::vector<uint8_t> dsse_pae(const std::vector<uint8_t>& payload) {
  std::string type = "application/vnd.in-toto+json";
  std::string head = "DSSEv1 " + std::to_string(type.size()) + " " + type + " " +
                     std::to_string(payload.size()) + " ";
  std::vector<uint8_t> pae(head.begin(), head.end());
  pae.insert(pae.end(), payload.begin(), payload.end());
  return pae;
}

}  // namespace

TEST_CASE("key files are 0600 and refuse to overwrite") {
  TempDir dir;
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  REQUIRE(key.ok());
  auto priv = dir / "release.key", pub = dir / "release.pub";
  REQUIRE(keys::write_key_pair(*key, priv, pub, nullptr, false).ok());
  CHECK(mode_of(priv) == 0600);
  CHECK(mode_of(pub) == 0644);
  CHECK(read_bytes(pub) == key->public_key().pem());
  std::string before = read_bytes(priv);

  auto other = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  REQUIRE(other.ok());
  auto again = keys::write_key_pair(*other, priv, pub, nullptr, false);
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kAlreadyExists);
  CHECK(read_bytes(priv) == before);
  // Only the public file exists: nothing is written either.
  auto lone = dir / "lone.key";
  auto refused = keys::write_key_pair(*other, lone, pub, nullptr, false);
  REQUIRE_FALSE(refused.ok());
  CHECK_FALSE(std::filesystem::exists(lone));
  CHECK(keys::write_key_pair(*key, priv, priv, nullptr, true).error().code ==
        ErrorCode::kInvalidArgument);

  REQUIRE(keys::write_key_pair(*other, priv, pub, nullptr, true).ok());
  CHECK(mode_of(priv) == 0600);
  auto loaded = keys::load_private_key(priv, nullptr);
  REQUIRE(loaded.ok());
  CHECK(loaded->public_key().key_id() == other->public_key().key_id());
  auto loaded_pub = keys::load_public_key(pub);
  REQUIRE(loaded_pub.ok());
  CHECK(loaded_pub->key_id() == other->public_key().key_id());
}

TEST_CASE("encrypted key files need the right passphrase") {
  TempDir dir;
  auto key = keys::PrivateKey::generate(keys::KeyType::kEd25519);
  REQUIRE(key.ok());
  SecretBytes pass = secret("s3cret passphrase");
  REQUIRE(keys::write_key_pair(*key, dir / "k.key", dir / "k.pub", &pass, false).ok());
  CHECK(read_bytes(dir / "k.key").starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----"));
  auto none = keys::load_private_key(dir / "k.key", nullptr);
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().detail.find("k.key") != std::string::npos);
  CHECK(none.error().detail.find("passphrase") != std::string::npos);
  SecretBytes wrong = secret("s3cret passphrasE");
  CHECK(keys::load_private_key(dir / "k.key", &wrong).error().detail.find("wrong passphrase") !=
        std::string::npos);
  auto right = keys::load_private_key(dir / "k.key", &pass);
  REQUIRE(right.ok());
  CHECK(right->public_key().key_id() == key->public_key().key_id());
  CHECK(keys::load_private_key(dir / "absent.key", nullptr).error().code == ErrorCode::kNotFound);
  write_bytes(dir / "huge.key", std::string((1 << 20) + 1, 'A'));
  CHECK(keys::load_private_key(dir / "huge.key", nullptr).error().code ==
        ErrorCode::kLimitExceeded);
}

TEST_CASE("whether a key file needs a passphrase is read from the file, not from an error") {
  TempDir dir;
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  REQUIRE(key.ok());
  SecretBytes pass = secret("s3cret passphrase");
  REQUIRE(keys::write_key_pair(*key, dir / "locked.key", dir / "locked.pub", &pass, false).ok());
  REQUIRE(keys::write_key_pair(*key, dir / "plain.key", dir / "plain.pub", nullptr, false).ok());
  CHECK(keys::private_key_file_is_encrypted(dir / "locked.key").value());
  CHECK_FALSE(keys::private_key_file_is_encrypted(dir / "plain.key").value());
  // A legacy encrypted PEM (Proc-Type header) counts too; a public key is not encrypted.
  write_bytes(dir / "legacy.key", "-----BEGIN EC PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\n"
                                  "DEK-Info: AES-256-CBC,00\n\nAAAA\n-----END EC PRIVATE KEY-----\n");
  CHECK(keys::private_key_file_is_encrypted(dir / "legacy.key").value());
  CHECK_FALSE(keys::private_key_file_is_encrypted(dir / "plain.pub").value());
  CHECK(keys::private_key_file_is_encrypted(dir / "absent.key").error().code == ErrorCode::kNotFound);
  std::filesystem::create_directory(dir / "folder.key");
  CHECK_FALSE(keys::private_key_file_is_encrypted(dir / "folder.key").ok());
}

TEST_CASE("passphrase files give their first line") {
  TempDir dir;
  const std::pair<std::string, std::string> good[] = {
      {"secret\n", "secret"}, {"secret\r\nsecond line\n", "secret"}, {"secret", "secret"},
      {"with space \n", "with space "}};
  for (const auto& [content, expected] : good) {
    write_bytes(dir / "pass", content);
    auto pass = keys::read_passphrase_file(dir / "pass");
    REQUIRE(pass.ok());
    CHECK(pass->reveal_as_text() == expected);
  }
  for (const char* empty : {"", "\n", "\r\nsecret\n"}) {
    write_bytes(dir / "pass", empty);
    auto pass = keys::read_passphrase_file(dir / "pass");
    REQUIRE_FALSE(pass.ok());
    CHECK(pass.error().code == ErrorCode::kInvalidArgument);
  }
  CHECK(keys::read_passphrase_file(dir / "absent").error().code == ErrorCode::kNotFound);
}

TEST_CASE("a passphrase from an environment variable is read once, then wiped and unset") {
  ::setenv("MODELSEAL_TEST_PASS", "env secret\nsecond line", 1);
  const char* before = std::getenv("MODELSEAL_TEST_PASS");
  REQUIRE(before != nullptr);
  auto pass = keys::read_passphrase_env("MODELSEAL_TEST_PASS");
  REQUIRE(pass.ok());
  CHECK(pass->reveal_as_text() == "env secret");
  CHECK(std::getenv("MODELSEAL_TEST_PASS") == nullptr);  // a child process does not inherit it
  // Read again: it is gone, and saying so is an error, not an empty passphrase.
  auto again = keys::read_passphrase_env("MODELSEAL_TEST_PASS");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == ErrorCode::kInvalidArgument);
  CHECK(again.error().detail.find("is not set") != std::string::npos);
  ::setenv("MODELSEAL_TEST_PASS", "", 1);
  CHECK(keys::read_passphrase_env("MODELSEAL_TEST_PASS").error().detail.find("empty") != std::string::npos);
  for (const char* bad : {"", "1ABC", "A-B", "A=B", "PATH/X"})
    CHECK(keys::read_passphrase_env(bad).error().code == ErrorCode::kInvalidArgument);
  ::unsetenv("MODELSEAL_TEST_PASS");
}

TEST_CASE("trusted key folders") {
  TempDir dir;
  auto a = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  auto b = keys::PrivateKey::generate(keys::KeyType::kEd25519);
  REQUIRE((a.ok() && b.ok()));
  auto empty = keys::load_trusted_keys(dir.path());
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.error().detail.find("no public key files") != std::string::npos);
  write_bytes(dir / "a.pub", a->public_key().pem());
  write_bytes(dir / "b.pem", b->public_key().pem());
  write_bytes(dir / "notes.txt", "not a key");
  auto trusted = keys::load_trusted_keys(dir.path());
  REQUIRE(trusted.ok());
  REQUIRE(trusted->size() == 2);
  CHECK((*trusted)[0].key_id() == a->public_key().key_id());
  CHECK((*trusted)[1].key_id() == b->public_key().key_id());
  write_bytes(dir / "c.pub", "garbage");
  auto bad = keys::load_trusted_keys(dir.path());
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().detail.find("c.pub") != std::string::npos);
  CHECK(keys::load_trusted_keys(dir / "absent").error().code == ErrorCode::kNotFound);
}

TEST_CASE("OMS test key loads and its key id is the OMS hint") {
  std::filesystem::path oms = oms_dir();
  if (oms.empty()) return test_skip::skip_without_shared();
  std::string sig = read_bytes(oms / "v1.1.0-elliptic-key/model.sig");
  std::string hint = json_string(sig, "hint");
  REQUIRE(hint.size() == 64);
  auto pub = keys::load_public_key(oms / "keys/certificate/signing-key-pub.pem");
  REQUIRE(pub.ok());
  CHECK(pub->type() == keys::KeyType::kEcdsaP384);
  CHECK(pub->key_id() == hint);
  // signing-key.pem is SEC1 ("EC PRIVATE KEY") after certtool's text dump.
  CHECK(read_bytes(oms / "keys/certificate/signing-key.pem").find("BEGIN EC PRIVATE KEY") !=
        std::string::npos);
  auto priv = keys::load_private_key(oms / "keys/certificate/signing-key.pem", nullptr);
  REQUIRE(priv.ok());
  CHECK(priv->public_key().key_id() == hint);
}

TEST_CASE("OMS key signatures verify with the OMS test key") {
  std::filesystem::path oms = oms_dir();
  if (oms.empty()) return test_skip::skip_without_shared();
  auto pub = keys::load_public_key(oms / "keys/certificate/signing-key-pub.pem");
  REQUIRE(pub.ok());
  int checked = 0;
  for (std::string version : {"v1.0.0", "v1.0.1", "v1.1.0"}) {
    CAPTURE(version);
    std::string json = read_bytes(oms / (version + "-elliptic-key/model.sig"));
    auto payload = base64_decode(json_string(json, "payload"));
    auto sig = base64_decode(json_string(json, "sig"));
    REQUIRE_FALSE(payload.empty());
    CHECK(pub->verify(dsse_pae(payload), sig).ok());
    payload.back() ^= 1;
    CHECK(pub->verify(dsse_pae(payload), sig).error().code == ErrorCode::kTampered);
    ++checked;
  }
  CHECK(checked == 3);
}
