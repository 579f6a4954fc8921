// Issue 14, part 3: an open that cannot log its "opened" event leaves no
// plaintext. The log is checked before anything is decrypted, and the event is
// appended before the extracted folder moves into place; when the append fails
// anyway (the log torn, or the key shredded, while the open ran), the decrypted
// bundle it wrote is removed and nothing is extracted.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "modelseal/lifecycle.hpp"
#include "lifecycle_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
namespace stdfs = std::filesystem;

namespace {

struct OpenLoggedFixture : lifecycle_test::SealedExample {
  OpenLoggedFixture() : SealedExample("open logging test passphrase") {}

  OpenSealedOptions open_options(keys::Keystore& ks) {
    OpenSealedOptions o;
    o.sealed = sealed;
    o.keystore = &ks;
    o.extract_to = folder;
    o.bundle_out = plain;
    return o;
  }

  void tear_log() { std::ofstream(keystore_dir / "log.jsonl", std::ios::app) << "{\"details\":{"; }

  size_t opened_events() {
    std::string log = test_support::read_bytes(keystore_dir / "log.jsonl");
    size_t count = 0;
    for (size_t at = 0; (at = log.find("\"event\":\"opened\"", at)) != std::string::npos; ++at) ++count;
    return count;
  }
};

}  // namespace

TEST_CASE("open logs before it releases plaintext: a torn log refuses the open before decrypting") {
  OpenLoggedFixture f;
  f.tear_log();
  auto ks = f.keystore();
  auto o = f.open_options(ks);
  bool decrypted = false;
  o.read.progress = [&](const Progress&) { decrypted = true; };
  auto opened = open_sealed(o);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kCorrupt);
  CHECK(opened.error().detail.find("nothing is decrypted") != std::string::npos);
  CHECK_FALSE(decrypted);
  f.check_no_plaintext();
}

TEST_CASE("open logs before it releases plaintext: a log torn while decrypting leaves nothing") {
  for (bool extract : {true, false}) {
    CAPTURE(extract);
    OpenLoggedFixture f;
    auto ks = f.keystore();
    auto o = f.open_options(ks);
    if (!extract) o.extract_to.reset();
    bool torn = false;
    o.read.progress = [&](const Progress&) {
      if (!torn) f.tear_log();
      torn = true;
    };
    auto opened = open_sealed(o);
    REQUIRE(torn);
    REQUIRE_FALSE(opened.ok());
    CHECK(opened.error().code == ErrorCode::kCorrupt);
    f.check_no_plaintext();
  }
}

TEST_CASE("open logs before it releases plaintext: a key shredded while decrypting leaves nothing") {
  OpenLoggedFixture f;
  auto ks = f.keystore();
  auto o = f.open_options(ks);
  bool shredded = false;
  keys::PrivateKey operator_key = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  o.read.progress = [&](const Progress&) {
    if (shredded) return;
    shredded = true;
    auto other = f.keystore();  // another command, with its own view of the keystore
    ShredOptions s;
    s.sealed = f.sealed;
    s.keystore = &other;
    s.keystore_dir = f.keystore_dir;
    s.operator_signer = &operator_key;
    s.reason = "shredded while it was being opened";
    s.reuse_passphrase = true;
    auto done = shred_sealed(s);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().detail));
  };
  auto opened = open_sealed(o);
  REQUIRE(shredded);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kRevoked);
  CHECK(opened.error().detail.find("while it was being opened") != std::string::npos);
  f.check_no_plaintext();
  CHECK(f.opened_events() == 0);
}

TEST_CASE("open logs before it releases plaintext: a successful open is logged once") {
  OpenLoggedFixture f;
  auto ks = f.keystore();
  auto o = f.open_options(ks);
  REQUIRE(open_sealed(o).ok());
  CHECK(stdfs::exists(f.folder / "model.safetensors"));
  CHECK(stdfs::exists(f.plain));
  CHECK(f.opened_events() == 1);
  auto audit = keys::audit_keystore(f.keystore_dir);
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());
  CHECK(audit->unanchored.empty());
}
