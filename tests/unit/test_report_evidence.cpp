// collect_report_evidence (modelseal/compliance.hpp): the evidence `modelseal report` judges,
// gathered by the library: the content against its manifest first, each signature (verified,
// invalid, not checked, absent) and the `validate` verdict.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>

#include "lifecycle_test_support.hpp"
#include "modelseal/compliance.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
namespace stdfs = std::filesystem;

namespace {

struct ReportedBundle {
  TempDir dir;
  keys::PrivateKey key = signing_test::new_key();
  keys::PrivateKey other = signing_test::new_key(keys::KeyType::kEd25519);
  stdfs::path bundle = dir / "model.mbundle";

  ReportedBundle() {
    lifecycle_test::build_example_bundle(bundle);
    SignOptions o;
    o.target = bundle;
    o.signer = &key;
    auto signed_model = sign_model(o);
    REQUIRE_MESSAGE(signed_model.ok(), signed_model.error().detail);
    REQUIRE(keys::write_key_pair(key, dir / "key.key", dir / "key.pub", nullptr, false).ok());
    REQUIRE(keys::write_key_pair(other, dir / "other.key", dir / "other.pub", nullptr, false).ok());
  }

  ReportRequest request() const {
    ReportRequest r;
    r.target = bundle;
    r.work_dir = dir.path();
    return r;
  }

  ComplianceInput collect(const ReportRequest& r) const {
    auto evidence = collect_report_evidence(r);
    REQUIRE_MESSAGE(evidence.ok(), evidence.error().detail);
    return *evidence;
  }
};

}  // namespace

TEST_CASE("report evidence: a signed bundle with its key: verified signature, scan accepted") {
  ReportedBundle s;
  ReportRequest r = s.request();
  r.trust.key_files = {s.dir / "key.pub"};
  const auto at = std::chrono::system_clock::time_point(std::chrono::seconds(1'800'000'000));
  r.generated_at = at;
  ComplianceInput in = s.collect(r);
  CHECK(in.target == s.bundle.string());
  CHECK(in.content.name == "tiny-sentiment");
  CHECK(in.generated_at == at);
  REQUIRE(in.signatures.size() == 1);
  CHECK(in.signatures[0].file == s.dir / "model.mbundle.sig");
  CHECK(in.signatures[0].state == SignatureEvidence::State::kVerified);
  REQUIRE(in.signatures[0].verified.has_value());
  CHECK(in.signatures[0].verified->key_id == s.key.public_key().key_id());
  CHECK(in.scan.ran);
  CHECK(in.scan.accepted);
  CHECK(in.scan.errors == 0);
  CHECK(in.scan.detail.rfind("modelseal validate: ", 0) == 0);
  CHECK(std::find(in.scan.formats.begin(), in.scan.formats.end(), "safetensors") != in.scan.formats.end());
}

TEST_CASE("report evidence: a wrong key, no key and no signature each say so") {
  ReportedBundle s;
  ReportRequest wrong = s.request();
  wrong.trust.key_files = {s.dir / "other.pub"};
  ComplianceInput in = s.collect(wrong);
  CHECK(in.signatures[0].state == SignatureEvidence::State::kInvalid);
  CHECK_FALSE(in.signatures[0].verified.has_value());
  CHECK_FALSE(in.signatures[0].detail.empty());

  ComplianceInput unchecked = s.collect(s.request());
  CHECK(unchecked.signatures[0].state == SignatureEvidence::State::kNotChecked);

  stdfs::remove(s.dir / "model.mbundle.sig");
  ComplianceInput absent = s.collect(s.request());
  CHECK(absent.signatures[0].state == SignatureEvidence::State::kAbsent);

  ReportRequest named = s.request();
  named.signatures = {s.dir / "missing.sig"};
  auto missing = collect_report_evidence(named);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
}

TEST_CASE("report evidence: nothing is gathered about content that is not a matching bundle") {
  ReportedBundle s;
  ReportRequest folder = s.request();
  folder.target = test_support::example_model();  // a model folder, no manifest
  auto not_bundle = verify_report_content(folder);
  REQUIRE_FALSE(not_bundle.ok());
  CHECK(not_bundle.error().code == ErrorCode::kInvalidArgument);

  std::string bytes = test_support::read_bytes(s.bundle);
  bytes[bytes.size() / 2] ^= 0x01;
  test_support::write_bytes(s.bundle, bytes);
  auto flipped = collect_report_evidence(s.request());
  REQUIRE_FALSE(flipped.ok());
  CHECK(is_rejection(flipped.error().code));

  ReportRequest gone = s.request();
  gone.target = s.dir / "absent.mbundle";
  CHECK(verify_report_content(gone).error().code == ErrorCode::kNotFound);
}

TEST_CASE("report evidence: a bundle file's content and scan come from one read") {
  ReportedBundle s;
  auto target = verify_report_content(s.request());
  REQUIRE_MESSAGE(target.ok(), target.error().detail);
  REQUIRE(target->scan.has_value());
  REQUIRE(target->scan->content.has_value());
  CHECK(target->scan->content->content_digest.prefixed() == target->content.content_digest.prefixed());
  CHECK(target->content.name == "tiny-sentiment");

  // A scan that refuses the archive itself (here: its registry policy allows 1 file) leaves
  // verify's own read to check the content; the scan's verdict is still the evidence.
  ReportRequest strict = s.request();
  const stdfs::path policy = s.dir / "one-file.toml";
  test_support::write_bytes(policy, "schema = \"modelseal.registry-policy/v1\"\n[limits]\nmax_files = 1\n");
  strict.registry_policy = policy;
  auto refused = verify_report_content(strict);
  REQUIRE_MESSAGE(refused.ok(), refused.error().detail);
  REQUIRE(refused->scan.has_value());
  CHECK(refused->scan->rejected());
  ComplianceInput in = s.collect(strict);
  CHECK_FALSE(in.scan.accepted);
  CHECK(in.content.name == "tiny-sentiment");
}
