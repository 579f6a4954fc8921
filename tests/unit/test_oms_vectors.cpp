// OpenSSF Model Signing interoperability in every clone: the golden signatures copied into
// tests/vectors/oms (model_signing v0.2.0 to v1.1.0; key, certificate, single-file, legacy and
// keyless) verify, and a changed, added or removed file, a flipped signature byte, a wrong key
// or a wrong CA is rejected. The full set in ../shared is run by tests/e2e/test_oms_*.sh.
#include <doctest/doctest.h>

#include "modelseal/signing.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using signing_test::check_rejected;
using signing_test::copy_model;
using test_support::TempDir;

namespace {

const std::filesystem::path kOms = std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/oms";
constexpr char kIdentity[] = "stefanb@us.ibm.com";
constexpr char kIssuer[] = "https://sigstore.verify.ibm.com/oauth2";

keys::PublicKey oms_key() {
  auto key = keys::load_public_key(kOms / "keys/signing-key-pub.pem");
  REQUIRE_MESSAGE(key.ok(), key.error().detail);
  return *key;
}

keys::Certificate oms_root() {
  auto roots = keys::Certificate::from_pem_file(kOms / "keys/ca-cert.pem");
  REQUIRE_MESSAGE(roots.ok(), roots.error().detail);
  REQUIRE(roots->size() == 1);
  return roots->front();
}

SignatureVerifyOptions by_key(const std::filesystem::path& target) {
  SignatureVerifyOptions o;
  o.target = target;
  o.trusted_keys = {oms_key()};
  o.ignore = {"ignore-me"};
  return o;
}

void check_verified(const Result<VerifiedSignature>& v, std::string_view method, uint64_t files) {
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  CHECK(v->method == method);
  CHECK(v->file_count == files);
}

}  // namespace

TEST_CASE("OMS golden signatures in tests/vectors verify: key, certificate, single file, legacy, keyless") {
  check_verified(verify_model_signature(by_key(kOms / "v1.1.0-elliptic-key")), "key", 2);

  SignatureVerifyOptions cert;
  cert.target = kOms / "v1.1.0-certificate";
  cert.trusted_roots = {oms_root()};
  cert.ignore = {"ignore-me"};
  check_verified(verify_model_signature(cert), "certificate", 2);

  SignatureVerifyOptions single = by_key(kOms / "v0.3.1-elliptic-key/signme-1");
  single.signature = kOms / "v0.3.1-elliptic-key/model.sig";
  single.ignore.clear();
  check_verified(verify_model_signature(single), "key", 1);

  SignatureVerifyOptions legacy;
  legacy.target = kOms / "v0.2.0-certificate";
  legacy.trusted_roots = {oms_root()};
  check_verified(verify_model_signature(legacy), "certificate", 2);

  SignatureVerifyOptions keyless;
  keyless.target = kOms / "v1.1.0-sigstore";
  keyless.ignore = {"ignore-me"};
  keyless.certificate_identity = kIdentity;
  keyless.certificate_oidc_issuer = kIssuer;
  auto v = verify_model_signature(keyless);
  check_verified(v, "keyless", 2);
  CHECK(v->signer == kIdentity);
}

TEST_CASE("OMS golden signatures: changed, added or removed files and a flipped signature are rejected") {
  TempDir dir;
  const auto golden = kOms / "v1.1.0-elliptic-key";

  auto changed = copy_model(golden, dir / "changed");
  signing_test::append_byte(changed / "signme-1");
  check_rejected(verify_model_signature(by_key(changed)), "signme-1");

  auto added = copy_model(golden, dir / "added");
  test_support::write_bytes(added / "added.bin", "added");
  check_rejected(verify_model_signature(by_key(added)), "added.bin");

  auto removed = copy_model(golden, dir / "removed");
  std::filesystem::remove(removed / "signme-2");
  check_rejected(verify_model_signature(by_key(removed)), "signme-2");

  auto flipped = copy_model(golden, dir / "flipped");
  signing_test::flip_dsse_signature(flipped / "model.sig");
  check_rejected(verify_model_signature(by_key(flipped)), "model.sig");

  auto keyless = copy_model(kOms / "v1.1.0-sigstore", dir / "keyless");
  signing_test::flip_dsse_signature(keyless / "model.sig");
  SignatureVerifyOptions o;
  o.target = keyless;
  o.ignore = {"ignore-me"};
  o.certificate_identity = kIdentity;
  o.certificate_oidc_issuer = kIssuer;
  check_rejected(verify_model_signature(o), "model.sig");
}

TEST_CASE("OMS golden signatures: a wrong key, CA or keyless identity is rejected") {
  SignatureVerifyOptions wrong_key = by_key(kOms / "v1.1.0-elliptic-key");
  wrong_key.trusted_keys = {signing_test::new_key().public_key()};
  auto v = verify_model_signature(wrong_key);
  REQUIRE_FALSE(v.ok());
  CHECK(is_rejection(v.error().code));

  // Another CA: the Fulcio certificate of the keyless golden signature.
  SignatureVerifyOptions wrong_ca;
  wrong_ca.target = kOms / "v1.1.0-certificate";
  wrong_ca.ignore = {"ignore-me"};
  const auto keyless = nlohmann::json::parse(test_support::read_bytes(kOms / "v1.1.0-sigstore/model.sig"));
  auto der = formats::base64_decode(
      keyless["verificationMaterial"]["certificate"]["rawBytes"].get<std::string>());
  REQUIRE(der.ok());
  auto other = keys::Certificate::from_der(*der);
  REQUIRE(other.ok());
  wrong_ca.trusted_roots = {*other};
  v = verify_model_signature(wrong_ca);
  REQUIRE_FALSE(v.ok());
  CHECK(is_rejection(v.error().code));

  SignatureVerifyOptions wrong_identity;
  wrong_identity.target = kOms / "v1.1.0-sigstore";
  wrong_identity.ignore = {"ignore-me"};
  wrong_identity.certificate_identity = "someone@example.org";
  wrong_identity.certificate_oidc_issuer = kIssuer;
  check_rejected(verify_model_signature(wrong_identity), "someone@example.org");
}
