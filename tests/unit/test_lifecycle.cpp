// seal_into_keystore, open_sealed, shred_sealed, disposal records and
// revocation lists, over a passphrase keystore.
#include <doctest/doctest.h>

#include <filesystem>

#include "modelseal/lifecycle.hpp"
#include "lifecycle_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
namespace stdfs = std::filesystem;

namespace {

struct LifecycleFixture {
  test_support::TempDir dir;
  SecretBytes passphrase = keys_test::secret("unit test passphrase");
  stdfs::path bundle = dir.path() / "model.mbundle";
  stdfs::path keystore_dir = dir.path() / "ks";
  keys::PrivateKey operator_key = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();

  LifecycleFixture() {
    lifecycle_test::build_example_bundle(bundle);
    lifecycle_test::init_passphrase_keystore(keystore_dir, passphrase);
  }

  keys::Keystore keystore() {
    auto ks = keys::Keystore::open(keystore_dir, {&passphrase, nullptr});
    REQUIRE(ks.ok());
    return std::move(ks).value();
  }

  stdfs::path seal(keys::Keystore& ks, const std::string& name = "model.sealed.mbundle") {
    stdfs::path out = dir.path() / name;
    auto sealed = seal_into_keystore({bundle, out, &ks, false});
    REQUIRE(sealed.ok());
    return out;
  }

  Result<ShredOutcome> shred(keys::Keystore& ks, const stdfs::path& sealed) {
    ShredOptions o;
    o.sealed = sealed;
    o.keystore = &ks;
    o.keystore_dir = keystore_dir;
    o.operator_signer = &operator_key;
    o.reason = "retired in a unit test";
    o.custodians = {"custodian@example.org"};
    o.reuse_passphrase = true;
    return shred_sealed(o);
  }
};

}  // namespace

TEST_CASE("a sealed bundle opens into the same files and the same bundle bytes") {
  LifecycleFixture f;
  auto ks = f.keystore();
  stdfs::path sealed = f.seal(ks);
  OpenSealedOptions o;
  o.sealed = sealed;
  o.keystore = &ks;
  o.extract_to = f.dir.path() / "opened";
  o.bundle_out = f.dir.path() / "back.mbundle";
  auto opened = open_sealed(o);
  REQUIRE(opened.ok());
  CHECK(test_support::read_bytes(*o.bundle_out) == test_support::read_bytes(f.bundle));
  CHECK(test_support::read_bytes(f.dir.path() / "opened/model.safetensors") ==
        test_support::read_bytes(test_support::example_model() / "model.safetensors"));
}

TEST_CASE("a sealed payload with a flipped byte is refused and leaves nothing behind") {
  LifecycleFixture f;
  auto ks = f.keystore();
  stdfs::path sealed = f.seal(ks);
  std::string bytes = test_support::read_bytes(sealed);
  bytes[bytes.size() - 40] ^= 0x01;
  test_support::write_bytes(sealed, bytes);
  OpenSealedOptions o;
  o.sealed = sealed;
  o.keystore = &ks;
  o.extract_to = f.dir.path() / "opened";
  auto opened = open_sealed(o);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kTampered);
  CHECK_FALSE(stdfs::exists(f.dir.path() / "opened"));
  for (const auto& entry : stdfs::directory_iterator(f.dir.path()))
    CHECK(entry.path().filename().string().find("extract") == std::string::npos);
}

TEST_CASE("seal refuses an existing output and a sealed input, keeping no key for them") {
  LifecycleFixture f;
  auto ks = f.keystore();
  stdfs::path sealed = f.seal(ks);
  CHECK(seal_into_keystore({f.bundle, sealed, &ks, false}).error().code == ErrorCode::kAlreadyExists);
  CHECK(seal_into_keystore({sealed, f.dir.path() / "again", &ks, false}).error().code ==
        ErrorCode::kInvalidArgument);
  CHECK(ks.keys().size() == 1);
}

TEST_CASE("shred destroys the key, signs a record, and the record revokes the content") {
  LifecycleFixture f;
  auto ks = f.keystore();
  stdfs::path sealed = f.seal(ks);
  stdfs::path other = f.seal(ks, "other.sealed.mbundle");
  auto shredded = f.shred(ks, sealed);
  REQUIRE(shredded.ok());
  CHECK(shredded->evidence.reason == "retired in a unit test");
  CHECK(stdfs::exists(shredded->record));

  OpenSealedOptions o;
  o.sealed = sealed;
  o.keystore = &ks;
  o.extract_to = f.dir.path() / "gone";
  auto refused = open_sealed(o);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().detail.find("shredded") != std::string::npos);
  o.sealed = other;
  o.extract_to = f.dir.path() / "other";
  CHECK(open_sealed(o).ok());

  const std::vector<keys::PublicKey> operator_keys = {f.operator_key.public_key()};
  auto record = read_disposal_record(shredded->record, operator_keys);
  REQUIRE(record.ok());
  CHECK(record->method == "cryptographic-erase");
  CHECK(record->signer == "key " + f.operator_key.public_key().key_id());

  auto digest = read_bundle_digest(f.bundle);
  REQUIRE(digest.ok());
  auto revoked = find_revocation(shredded->record.parent_path(), *digest, operator_keys);
  REQUIRE(revoked.ok());
  REQUIRE(revoked->has_value());
  CHECK((*revoked)->signature_problem.empty());
  Sha256Digest unrelated;
  auto clean = find_revocation(shredded->record.parent_path(), unrelated, operator_keys);
  REQUIRE(clean.ok());
  CHECK_FALSE(clean->has_value());
}

TEST_CASE("a disposal record signed by another key or edited is refused, and still revokes") {
  LifecycleFixture f;
  auto ks = f.keystore();
  stdfs::path sealed = f.seal(ks);
  auto shredded = f.shred(ks, sealed);
  REQUIRE(shredded.ok());
  auto stranger = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  CHECK(read_disposal_record(shredded->record, {stranger.public_key()}).error().code ==
        ErrorCode::kTampered);

  std::string text = test_support::read_bytes(shredded->record);
  const size_t sig = text.find("\"sig\":\"");
  REQUIRE(sig != std::string::npos);
  text[sig + 10] = text[sig + 10] == 'A' ? 'B' : 'A';
  test_support::write_bytes(shredded->record, text);
  CHECK(read_disposal_record(shredded->record, {f.operator_key.public_key()}).error().code ==
        ErrorCode::kTampered);
  auto digest = read_bundle_digest(f.bundle);
  REQUIRE(digest.ok());
  auto revoked = find_revocation(shredded->record.parent_path(), *digest, {f.operator_key.public_key()});
  REQUIRE(revoked.ok());
  REQUIRE(revoked->has_value());
  CHECK_FALSE((*revoked)->signature_problem.empty());
}

TEST_CASE("an unreadable revocation list fails instead of passing") {
  test_support::TempDir dir;
  test_support::write_bytes(dir.path() / "broken.json", "{");
  Sha256Digest any;
  CHECK_FALSE(find_revocation(dir.path(), any, {}).ok());
  CHECK(find_revocation(dir.path() / "missing", any, {}).error().code == ErrorCode::kNotFound);
}
