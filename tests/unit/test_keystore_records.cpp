// audit_keystore_and_records: the disposal records of a keystore against the
// "shredded" events of its log (issue 14, part 4), with real signed records.
#include <doctest/doctest.h>

#include <filesystem>

#include "modelseal/lifecycle.hpp"
#include "lifecycle_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
namespace stdfs = std::filesystem;

namespace {

std::string joined(const std::vector<std::string>& lines) {
  std::string out;
  for (const std::string& line : lines) out += line + "\n";
  return out;
}

// A keystore with two sealed bundles; `shred()` shreds the first.
struct ShreddedKeystore {
  test_support::TempDir dir;
  SecretBytes passphrase = keys_test::secret("records unit test passphrase");
  stdfs::path keystore_dir = dir.path() / "ks";
  keys::PrivateKey operator_key = keys::PrivateKey::generate(keys::KeyType::kEd25519).value();
  stdfs::path sealed = dir.path() / "model.sealed.mbundle";

  ShreddedKeystore() {
    stdfs::path bundle = dir.path() / "model.mbundle";
    lifecycle_test::build_example_bundle(bundle);
    lifecycle_test::init_passphrase_keystore(keystore_dir, passphrase);
    keys::Keystore ks = open();
    REQUIRE(seal_into_keystore({bundle, sealed, &ks, false}).ok());
  }
  keys::Keystore open() {
    auto ks = keys::Keystore::open(keystore_dir, {&passphrase, nullptr});
    REQUIRE(ks.ok());
    return std::move(ks).value();
  }
  stdfs::path shred() {
    keys::Keystore ks = open();
    ShredOptions o;
    o.sealed = sealed;
    o.keystore = &ks;
    o.keystore_dir = keystore_dir;
    o.operator_signer = &operator_key;
    o.reason = "records unit test";
    o.reuse_passphrase = true;
    auto done = shred_sealed(o);
    REQUIRE_MESSAGE(done.ok(), (done.ok() ? "" : done.error().detail));
    return done->record;
  }
  keys::AuditReport audit() const {
    auto report = audit_keystore_and_records(keystore_dir);
    REQUIRE_MESSAGE(report.ok(), (report.ok() ? "" : report.error().detail));
    return std::move(report).value();
  }
};

void expect_problem(const keys::AuditReport& report, const std::string& text) {
  CAPTURE(joined(report.problems));
  REQUIRE_FALSE(report.problems.empty());
  CHECK(joined(report.problems).find(text) != std::string::npos);
}

}  // namespace

TEST_CASE("keystore records: a shred's record agrees with its event") {
  ShreddedKeystore ks;
  ks.shred();
  keys::AuditReport report = ks.audit();
  CHECK_MESSAGE(report.problems.empty(), joined(report.problems));
  CHECK(report.unanchored.empty());
}

TEST_CASE("keystore records: a file named *.JSON is read as a record, as revocation lists read it") {
  ShreddedKeystore ks;
  stdfs::path record = ks.shred();
  stdfs::rename(record, record.parent_path() / "RECORD.JSON");
  // Read and checked as a record: it is the shred's record, under another name than the log's.
  keys::AuditReport report = ks.audit();
  expect_problem(report, "RECORD.JSON: a record of the shred of");
  CHECK(joined(report.problems).find("not a disposal record") == std::string::npos);
}

TEST_CASE("keystore records forgery: a record without its shredded event") {
  ShreddedKeystore ks;
  stdfs::copy(ks.keystore_dir, ks.dir.path() / "before", stdfs::copy_options::recursive);
  stdfs::path record = ks.shred();
  stdfs::path before = ks.dir.path() / "before";
  stdfs::copy_file(record, before / "disposals" / record.filename());
  auto report = audit_keystore_and_records(before);
  REQUIRE(report.ok());
  expect_problem(*report, "which no \"shredded\" event of log.jsonl names");
}

TEST_CASE("keystore records forgery: a replaced record does not match the digest its event logged") {
  ShreddedKeystore ks;
  stdfs::path record = ks.shred();
  std::string bytes = test_support::read_bytes(record);
  test_support::write_bytes(record, bytes + "\n");
  expect_problem(ks.audit(), record.filename().string());
}

TEST_CASE("keystore records forgery: a shred whose record is gone") {
  ShreddedKeystore ks;
  stdfs::path record = ks.shred();
  stdfs::remove(record);
  expect_problem(ks.audit(), "is not in disposals/");
}

TEST_CASE("keystore records forgery: a file in disposals/ that is not a record") {
  ShreddedKeystore ks;
  ks.shred();
  test_support::write_bytes(ks.keystore_dir / "disposals" / "note.json", "{}");
  expect_problem(ks.audit(), "note.json");
}

TEST_CASE("keystore records forgery: a record of another keystore") {
  ShreddedKeystore ks;
  ShreddedKeystore other;
  stdfs::path record = other.shred();
  stdfs::copy_file(record, ks.keystore_dir / "disposals" / record.filename());
  expect_problem(ks.audit(), "does not name a key destroyed in this keystore");
}
