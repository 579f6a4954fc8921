// Signing and verification of models through the library (specs/signature-v1.md): a bundle, its
// extracted folder and a plain folder sign and verify; a wrong key, a flipped byte in a file or in
// the signature, a missing or an extra file are rejected; a model without files is refused at
// signing and a statement without files at verification (OMS v1.0, section 6.1).
#include <doctest/doctest.h>

#include "formats/sigstore/oms_statement.hpp"
#include "modelseal/signing.hpp"
#include "signing/statement_signing.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using signing_test::check_rejected;
using signing_test::copy_model;
using test_support::TempDir;

namespace {

SignResult sign(const std::filesystem::path& target, const keys::Signer& signer) {
  SignOptions o;
  o.target = target;
  o.signer = &signer;
  auto signed_model = sign_model(o);
  REQUIRE_MESSAGE(signed_model.ok(), signed_model.error().detail);
  return *signed_model;
}

Result<VerifiedSignature> verify(const std::filesystem::path& target, const keys::PublicKey& key,
                                 std::optional<std::filesystem::path> signature = std::nullopt) {
  SignatureVerifyOptions o;
  o.target = target;
  o.signature = std::move(signature);
  o.trusted_keys = {key};
  return verify_model_signature(o);
}

}  // namespace

TEST_CASE("a signed bundle verifies with its key, and its signature verifies the extracted folder") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto bundle = signing_test::build_example(dir);
  SignResult s = sign(bundle, key);
  CHECK(s.signature == dir / "model.mbundle.sig");
  CHECK(s.signer == "key " + key.public_key().key_id());

  auto v = verify(bundle, key.public_key());
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  CHECK(v->method == "key");
  CHECK(v->key_id == key.public_key().key_id());
  CHECK(v->model_name == "tiny-sentiment");
  CHECK(v->content_digest.hex() == s.content_digest.hex());
  CHECK(v->file_count == s.file_count);
  CHECK(v->signed_at.has_value());

  auto extracted = extract_bundle(bundle, dir / "x", {});
  REQUIRE_MESSAGE(extracted.ok(), extracted.error().detail);
  auto folder = verify(dir / "x", key.public_key(), s.signature);
  REQUIRE_MESSAGE(folder.ok(), folder.error().detail);
  CHECK(folder->content_digest.hex() == s.content_digest.hex());
}

TEST_CASE("a signed bundle: a wrong key, a flipped byte and a flipped signature are rejected") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto bundle = signing_test::build_example(dir);
  sign(bundle, key);

  check_rejected(verify(bundle, signing_test::new_key().public_key()), "model.mbundle.sig");

  const auto flipped_sig = dir / "flipped.sig";
  std::filesystem::copy_file(dir / "model.mbundle.sig", flipped_sig);
  signing_test::flip_dsse_signature(flipped_sig);
  check_rejected(verify(bundle, key.public_key(), flipped_sig), "flipped.sig");

  std::string bytes = test_support::read_bytes(bundle);
  bytes[bytes.size() / 2] ^= 0x01;
  test_support::write_bytes(dir / "changed.mbundle", bytes);
  auto changed = verify(dir / "changed.mbundle", key.public_key(), dir / "model.mbundle.sig");
  REQUIRE_FALSE(changed.ok());
  CHECK(is_rejection(changed.error().code));
}

TEST_CASE("a signed folder: a changed, missing or extra file is rejected naming it") {
  TempDir dir;
  const auto key = signing_test::new_key();
  const auto model = copy_model(test_support::example_model(), dir / "m");
  SignResult s = sign(model, key);
  CHECK(s.signature == model / "model.sig");
  CHECK(s.file_count > 1);
  auto v = verify(model, key.public_key());
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  CHECK(v->file_count == s.file_count);

  auto changed = copy_model(model, dir / "changed");
  signing_test::append_byte(changed / "config.json");
  check_rejected(verify(changed, key.public_key()), "config.json");

  auto missing = copy_model(model, dir / "missing");
  std::filesystem::remove(missing / "config.json");
  check_rejected(verify(missing, key.public_key()), "config.json");

  auto extra = copy_model(model, dir / "extra");
  test_support::write_bytes(extra / "extra.bin", "not signed");
  check_rejected(verify(extra, key.public_key()), "extra.bin");
  SignatureVerifyOptions allowing;
  allowing.target = extra;
  allowing.trusted_keys = {key.public_key()};
  allowing.allow_unsigned_files = true;
  auto allowed = verify_model_signature(allowing);
  REQUIRE_MESSAGE(allowed.ok(), allowed.error().detail);
  CHECK(allowed->unsigned_files == std::vector<std::string>{"extra.bin"});
}

TEST_CASE("a model without files is refused at signing, and a statement without files at verification") {
  TempDir dir;
  const auto key = signing_test::new_key();
  std::filesystem::create_directories(dir / "empty");
  SignOptions o;
  o.target = dir / "empty";
  o.signer = &key;
  auto refused = sign_model(o);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidArgument);
  CHECK_MESSAGE(refused.error().detail.find("no file to sign") != std::string::npos,
                refused.error().detail);
  CHECK_FALSE(std::filesystem::exists(dir / "empty/model.sig"));

  // Everything ignored is empty too.
  test_support::write_bytes(dir / "ignored/only.txt", "x");
  o.target = dir / "ignored";
  o.ignore = {"only.txt"};
  CHECK_FALSE(sign_model(o).ok());

  // A validly signed statement that lists no file (another tool may write one).
  formats::OmsStatement st;
  st.subjects = {{"empty", Sha256Digest{}.hex()}};
  auto text = signing::sign_statement(formats::serialize_oms_statement(st), key, {});
  REQUIRE_MESSAGE(text.ok(), text.error().detail);
  test_support::write_bytes(dir / "empty/model.sig", *text);
  check_rejected(verify(dir / "empty", key.public_key()), "lists no file");
}
