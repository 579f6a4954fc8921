// Keys: generation, signing and verification for every key type, PEM forms,
// key ids, and the refusals (wrong key, altered message or signature, RSA).
#include <doctest/doctest.h>

#include "keys_test_support.hpp"
#include "modelseal/digest.hpp"

using namespace modelseal;
using namespace keys_test;

namespace {

// A throwaway RSA key: valid, but not a type modelseal signs with.
constexpr char kRsaPrivatePem[] = R"(-----BEGIN PRIVATE KEY-----
MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAOML0vD/iy92HwXJ
haPnqHk+VGXbjAK3e45mC6n9k8oN6KLSOi5HdTiHfdrsODz70dQHcz0nGh9+T46Z
mKq/5Zi0y48FxSA88Xuy5Yk8X3W9yFDahI6D5wxRzOllqAG20cJj2oxZFrVsxLoS
im0+ocFmywlANylzob7UeIvdNq+JAgMBAAECgYB3/Ui2mqapJ4jPmyfobkZIBRu/
VN7SlLtUjzN83Ald0Cnw2p9q09LsVBa8OvihqgfDQUiyudaBbFSJLT1Uh+PC6BWj
sbGsYBh4BtSR/+ejHg/WNB3WZ8+5UgppG1xJZXHPFobTJI/SjjMXE48wpKW+vdv8
DXUtnxjBYF7A8SO/3QJBAP8gwjpvZJupM+UZ5hLKR19S1H8yl28YQsZ8Okdsmirh
AgkGeT5tQia62FWMZwYoXrRggrWWpZ8RsQgBu+ZkBpcCQQDj0n5F+ED406xiJouH
WjDCNK0h+GKknuIC6NOtb9cz3utihgJrQfSbiYONeoXir+TcoVcwa8qwd8bzle1+
Ut7fAkEAl7mkqNncTFJ5IVOgpyYTAhahdy/gLVqRQ7dXdWiZ2sxLyJBIBJ83iw7t
XxsLnfbeM4l90n5P6uS7kpZtZ5uu6wJAcd07lVb9ih+pUaj4JZ8TLY1MVuUg0CxE
w7WATnfOdDNfK+/Ud60QR0iUgnqRPfoxhX/x5taJCGfk/MubVn6uuwJBALrD07in
cbcW+0PnlUtD574TeoDUGSRE4bM/dR7GQqgkSR4csaMX8z47rQmwDKnfJOA31xXn
fBi5iRZAZO/NpNs=
-----END PRIVATE KEY-----
)";

constexpr char kRsaPublicPem[] = R"(-----BEGIN PUBLIC KEY-----
MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDjC9Lw/4svdh8FyYWj56h5PlRl
24wCt3uOZgup/ZPKDeii0jouR3U4h33a7Dg8+9HUB3M9Jxoffk+OmZiqv+WYtMuP
BcUgPPF7suWJPF91vchQ2oSOg+cMUczpZagBttHCY9qMWRa1bMS6EoptPqHBZssJ
QDcpc6G+1HiL3TaviQIDAQAB
-----END PUBLIC KEY-----
)";

void check_key_rejected(const Status& s) {
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kTampered);
  CHECK(s.error().detail == "signature does not verify");
}

void check_canonical_pem(const std::string& pem) {
  const std::string begin = "-----BEGIN PUBLIC KEY-----\n", end = "-----END PUBLIC KEY-----\n";
  REQUIRE(pem.size() > begin.size() + end.size());
  CHECK(pem.starts_with(begin));
  CHECK(pem.ends_with(end));
  std::string body = pem.substr(begin.size(), pem.size() - begin.size() - end.size());
  for (size_t at = 0, next; at < body.size(); at = next + 1) {
    next = body.find('\n', at);
    REQUIRE(next != std::string::npos);
    CHECK(next - at <= 64);
    CHECK(body.find('\r') == std::string::npos);
  }
}

}  // namespace

TEST_CASE("key type names round trip") {
  for (keys::KeyType type : kAllTypes) {
    auto parsed = keys::parse_key_type(keys::key_type_name(type));
    REQUIRE(parsed.ok());
    CHECK(*parsed == type);
  }
  auto bad = keys::parse_key_type("rsa-2048");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("generate sign and verify with every key type") {
  const auto message = bytes("the model's statement");
  for (keys::KeyType type : kAllTypes) {
    CAPTURE(keys::key_type_name(type));
    auto key = keys::PrivateKey::generate(type);
    REQUIRE(key.ok());
    const keys::PublicKey& pub = key->public_key();
    CHECK(pub.type() == type);
    check_canonical_pem(pub.pem());
    auto id = sha256_of(bytes(pub.pem()));
    REQUIRE(id.ok());
    CHECK(pub.key_id() == id->hex());

    auto sig = key->sign(message);
    REQUIRE(sig.ok());
    if (type == keys::KeyType::kEd25519) CHECK(sig->size() == 64);
    CHECK(pub.verify(message, *sig).ok());

    auto flipped_message = message;
    flipped_message[3] ^= 1;
    check_key_rejected(pub.verify(flipped_message, *sig));
    for (size_t i : {size_t{0}, sig->size() / 2, sig->size() - 1}) {
      auto flipped_sig = *sig;
      flipped_sig[i] ^= 0x10;
      check_key_rejected(pub.verify(message, flipped_sig));
    }
    check_key_rejected(pub.verify(message, {}));
    auto other = keys::PrivateKey::generate(type);
    REQUIRE(other.ok());
    CHECK(other->public_key().key_id() != pub.key_id());
    check_key_rejected(other->public_key().verify(message, *sig));
  }
}

TEST_CASE("empty messages sign and verify") {
  for (keys::KeyType type : kAllTypes) {
    auto key = keys::PrivateKey::generate(type);
    REQUIRE(key.ok());
    auto sig = key->sign({});
    REQUIRE(sig.ok());
    CHECK(key->public_key().verify({}, *sig).ok());
  }
}

TEST_CASE("verify with an explicit hash") {
  const auto message = bytes("legacy");
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP384);
  REQUIRE(key.ok());
  auto sig = key->sign(message);
  REQUIRE(sig.ok());
  CHECK(key->public_key().verify_with_hash(message, *sig, "sha384").ok());
  check_key_rejected(key->public_key().verify_with_hash(message, *sig, "sha256"));
  auto unknown = key->public_key().verify_with_hash(message, *sig, "md5");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kUnsupported);
  auto ed = keys::PrivateKey::generate(keys::KeyType::kEd25519);
  REQUIRE(ed.ok());
  CHECK(ed->public_key().verify_with_hash(message, *sig, "sha256").error().code ==
        ErrorCode::kUnsupported);
}

TEST_CASE("public keys from PEM and DER") {
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  REQUIRE(key.ok());
  auto again = keys::PublicKey::from_pem(key->public_key().pem());
  REQUIRE(again.ok());
  CHECK(again->key_id() == key->public_key().key_id());
  CHECK(keys::PublicKey::from_pem("hello").error().code == ErrorCode::kCorrupt);
  CHECK(keys::PublicKey::from_der(bytes("\x30\x03\x02\x01\x01")).error().code ==
        ErrorCode::kCorrupt);
  auto rsa = keys::PublicKey::from_pem(kRsaPublicPem);
  REQUIRE_FALSE(rsa.ok());
  CHECK(rsa.error().code == ErrorCode::kUnsupported);
  CHECK(rsa.error().detail == "only ECDSA P-256/P-384/P-521 and Ed25519 keys are supported");
}

TEST_CASE("private key PEM round trip plain and encrypted") {
  const auto message = bytes("round trip");
  for (keys::KeyType type : kAllTypes) {
    auto key = keys::PrivateKey::generate(type);
    REQUIRE(key.ok());
    auto plain = key->to_pkcs8_pem(nullptr);
    REQUIRE(plain.ok());
    CHECK(plain->reveal_as_text().starts_with("-----BEGIN PRIVATE KEY-----\n"));
    auto loaded = keys::PrivateKey::from_pem(plain->reveal_as_text(), nullptr);
    REQUIRE(loaded.ok());
    CHECK(loaded->public_key().key_id() == key->public_key().key_id());
    auto sig = loaded->sign(message);
    REQUIRE(sig.ok());
    CHECK(key->public_key().verify(message, *sig).ok());

    SecretBytes pass = secret("correct horse");
    auto encrypted = key->to_pkcs8_pem(&pass);
    REQUIRE(encrypted.ok());
    std::string_view text = encrypted->reveal_as_text();
    CHECK(text.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
    auto decrypted = keys::PrivateKey::from_pem(text, &pass);
    REQUIRE(decrypted.ok());
    CHECK(decrypted->public_key().key_id() == key->public_key().key_id());

    SecretBytes wrong = secret("correct horsf");
    auto bad = keys::PrivateKey::from_pem(text, &wrong);
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().code == ErrorCode::kInvalidArgument);
    CHECK(bad.error().detail == "wrong passphrase or corrupt key");
    auto missing = keys::PrivateKey::from_pem(text, nullptr);
    REQUIRE_FALSE(missing.ok());
    CHECK(missing.error().code == ErrorCode::kInvalidArgument);
    CHECK(missing.error().detail.find("needs a passphrase") != std::string::npos);
    CHECK(missing.error().detail.find("--passphrase-file") != std::string::npos);
  }
}

TEST_CASE("private keys that are not ours are refused") {
  auto rsa = keys::PrivateKey::from_pem(kRsaPrivatePem, nullptr);
  REQUIRE_FALSE(rsa.ok());
  CHECK(rsa.error().code == ErrorCode::kUnsupported);
  auto junk = keys::PrivateKey::from_pem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                                         nullptr);
  REQUIRE_FALSE(junk.ok());
  CHECK(junk.error().code == ErrorCode::kCorrupt);
  CHECK(junk.error().detail.find("passphrase") == std::string::npos);
  auto pub_only = keys::PrivateKey::from_pem(kRsaPublicPem, nullptr);
  REQUIRE_FALSE(pub_only.ok());
  CHECK(pub_only.error().code == ErrorCode::kCorrupt);
}
