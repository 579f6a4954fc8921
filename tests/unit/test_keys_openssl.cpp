// Interoperability with the `openssl` command: it reads our key files and
// verifies our signatures; we read its keys and verify its signatures; the key
// id is the SHA-256 of the PEM it prints. Skipped when `openssl` is absent.
#include <doctest/doctest.h>

#include "keys_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
using namespace keys_test;
using test_support::read_bytes;
using test_support::TempDir;
using test_support::write_bytes;

namespace {

bool skip_without_openssl() {
  if (have_openssl()) return false;
  MESSAGE("skipped: no openssl command");
  return true;
}

const char* dgst_flag(keys::KeyType type) {
  switch (type) {
    case keys::KeyType::kEcdsaP256: return "-sha256";
    case keys::KeyType::kEcdsaP384: return "-sha384";
    case keys::KeyType::kEcdsaP521: return "-sha512";
    case keys::KeyType::kEd25519: break;
  }
  return nullptr;
}

std::string openssl_verify_command(keys::KeyType type, const TempDir& dir) {
  if (type == keys::KeyType::kEd25519)
    return "openssl pkeyutl -verify -pubin -inkey " + quoted(dir / "k.pub") + " -rawin -in " +
           quoted(dir / "msg") + " -sigfile " + quoted(dir / "sig");
  return std::string("openssl dgst ") + dgst_flag(type) + " -verify " + quoted(dir / "k.pub") +
         " -signature " + quoted(dir / "sig") + " " + quoted(dir / "msg");
}

}  // namespace

TEST_CASE("openssl reads our key files plain and encrypted") {
  if (skip_without_openssl()) return;
  for (keys::KeyType type : kAllTypes) {
    CAPTURE(keys::key_type_name(type));
    TempDir dir;
    auto key = keys::PrivateKey::generate(type);
    REQUIRE(key.ok());
    REQUIRE(keys::write_key_pair(*key, dir / "plain.key", dir / "plain.pub", nullptr, false).ok());
    CHECK(capture("openssl pkey -in " + quoted(dir / "plain.key") + " -pubout") ==
          key->public_key().pem());
    SecretBytes pass = secret("interop passphrase");
    write_bytes(dir / "pw", "interop passphrase\n");
    write_bytes(dir / "bad-pw", "interop passphrasE\n");
    REQUIRE(keys::write_key_pair(*key, dir / "enc.key", dir / "enc.pub", &pass, false).ok());
    CHECK(capture("openssl pkey -in " + quoted(dir / "enc.key") + " -passin file:" +
                  quoted(dir / "pw") + " -pubout") == key->public_key().pem());
    CHECK(run("openssl pkey -in " + quoted(dir / "enc.key") + " -passin file:" +
              quoted(dir / "bad-pw") + " -noout") != 0);
  }
}

TEST_CASE("key id is the sha256 of the PEM openssl prints") {
  if (skip_without_openssl()) return;
  TempDir dir;
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP384);
  REQUIRE(key.ok());
  write_bytes(dir / "k.pub", key->public_key().pem());
  std::string sum = capture("openssl pkey -pubin -in " + quoted(dir / "k.pub") +
                            " -outform PEM | openssl dgst -sha256 -r");
  CHECK(sum.substr(0, 64) == key->public_key().key_id());
  // The same key stored with a compressed point has the same id.
  REQUIRE(run("openssl pkey -pubin -in " + quoted(dir / "k.pub") +
              " -ec_conv_form compressed -out " + quoted(dir / "c.pub")) == 0);
  CHECK(read_bytes(dir / "c.pub") != key->public_key().pem());
  auto compressed = keys::load_public_key(dir / "c.pub");
  REQUIRE(compressed.ok());
  CHECK(compressed->key_id() == key->public_key().key_id());
  CHECK(compressed->pem() == key->public_key().pem());
}

TEST_CASE("openssl verifies our signatures") {
  if (skip_without_openssl()) return;
  for (keys::KeyType type : kAllTypes) {
    CAPTURE(keys::key_type_name(type));
    TempDir dir;
    auto key = keys::PrivateKey::generate(type);
    REQUIRE(key.ok());
    std::string message = "signed by modelseal\n";
    auto sig = key->sign(bytes(message));
    REQUIRE(sig.ok());
    write_bytes(dir / "k.pub", key->public_key().pem());
    write_bytes(dir / "msg", message);
    write_bytes(dir / "sig", std::string(sig->begin(), sig->end()));
    CHECK(run(openssl_verify_command(type, dir)) == 0);
    write_bytes(dir / "msg", "signed by someone else\n");
    CHECK(run(openssl_verify_command(type, dir)) != 0);
  }
}

TEST_CASE("we read openssl keys and verify its signatures") {
  if (skip_without_openssl()) return;
  TempDir dir;
  auto q = [&](const char* name) { return quoted(dir / name); };
  write_bytes(dir / "msg", "signed by openssl\n");
  write_bytes(dir / "pw", "openssl passphrase\n");
  REQUIRE(run("openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out " + q("p8.pem")) == 0);
  REQUIRE(run("openssl ecparam -name secp521r1 -genkey -noout -out " + q("sec1.pem")) == 0);
  REQUIRE(run("openssl pkcs8 -topk8 -v2 aes-256-cbc -in " + q("p8.pem") + " -passout file:" +
              q("pw") + " -out " + q("p8enc.pem")) == 0);
  REQUIRE(run("openssl ec -in " + q("sec1.pem") + " -aes256 -passout file:" + q("pw") + " -out " +
              q("sec1enc.pem")) == 0);
  REQUIRE(run("openssl dgst -sha256 -sign " + q("p8.pem") + " -out " + q("sig") + " " + q("msg")) == 0);
  CHECK(read_bytes(dir / "sec1.pem").starts_with("-----BEGIN EC PRIVATE KEY-----"));

  SecretBytes pass = secret("openssl passphrase");
  auto p8 = keys::load_private_key(dir / "p8.pem", nullptr);
  REQUIRE(p8.ok());
  auto sec1 = keys::load_private_key(dir / "sec1.pem", nullptr);
  REQUIRE(sec1.ok());
  CHECK(sec1->public_key().type() == keys::KeyType::kEcdsaP521);
  auto p8enc = keys::load_private_key(dir / "p8enc.pem", &pass);
  REQUIRE(p8enc.ok());
  CHECK(p8enc->public_key().key_id() == p8->public_key().key_id());
  CHECK(keys::load_private_key(dir / "sec1enc.pem", nullptr).error().detail.find("needs a passphrase") !=
        std::string::npos);
  auto sec1enc = keys::load_private_key(dir / "sec1enc.pem", &pass);
  REQUIRE(sec1enc.ok());
  CHECK(sec1enc->public_key().key_id() == sec1->public_key().key_id());

  std::string sig = read_bytes(dir / "sig");
  CHECK(p8->public_key().verify(bytes("signed by openssl\n"), bytes(sig)).ok());

  REQUIRE(run("openssl genpkey -algorithm ED25519 -out " + q("ed.pem")) == 0);
  REQUIRE(run("openssl pkeyutl -sign -inkey " + q("ed.pem") + " -rawin -in " + q("msg") +
              " -out " + q("edsig")) == 0);
  auto ed = keys::load_private_key(dir / "ed.pem", nullptr);
  REQUIRE(ed.ok());
  CHECK(ed->public_key().verify(bytes("signed by openssl\n"), bytes(read_bytes(dir / "edsig"))).ok());
}
