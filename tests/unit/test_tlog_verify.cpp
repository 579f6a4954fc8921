// Rekor log-entry verification (libpack/signing/src/sigstore/tlog_verify.hpp) on the
// shared conformance cases: every happy entry passes the body check, the SET
// and the inclusion proof; entry-level _fail cases fail the check their README
// names. Skipped (with a MESSAGE) when ../shared is absent.
#include <doctest/doctest.h>

#include <map>
#include <set>
#include <string>

#include "tlog_test_support.hpp"
#include "test_skip.hpp"

namespace {

using namespace tlog_test;
using modelseal::ErrorCode;

// Which check fails, per case; a case not listed passes every check that
// applies (the SET only where there is one). "parse": the bundle is rejected
// before any entry is read; "root": its trusted root is rejected.
const std::map<std::string, std::set<std::string>> kExpectedFailures = {
    {"bundle-empty-certificate-chain_fail", {"parse"}},
    {"bundle-invalid-base64-signature_fail", {"parse"}},
    {"bundle-malformed-json_fail", {"parse"}},
    {"bundle-unknown-version_fail", {"parse"}},
    {"trust-root-tlog-missing-validity-start_fail", {"root"}},
    {"bundle-from-wrong-instance_fail", {"set", "inclusion"}},  // staging log
    {"bundle-with-root-cert_fail", {"inclusion"}},              // v0.1: no checkpoint
    {"checkpoint-bad-keyhint_fail", {"inclusion"}},
    {"dsse-invalid-sig_fail", {"body"}},  // the envelope signature was replaced
    {"dsse-mismatch-envelope_fail", {"body"}},
    {"dsse-mismatch-sig_fail", {"body"}},
    {"incorrect-public-key_fail", {"body", "set", "inclusion"}},  // body edited
    {"inclusion-proof-corrupted-hash_fail", {"inclusion"}},
    {"intoto-log-entry-mismatch_fail", {"body"}},
    {"intoto-missing-inclusion-proof_fail", {"inclusion"}},
    {"invalid-checkpoint-signature_fail", {"inclusion"}},
    {"invalid-inclusion-proof_fail", {"inclusion"}},
    {"rekor2-checkpoint-missing-log-signature_fail", {"inclusion"}},
    {"rekor2-checkpoint-missing-root-hash_fail", {"inclusion"}},
    {"rekor2-checkpoint-missing-size_fail", {"inclusion"}},
    {"rekor2-checkpoint-no-matching-signature_fail", {"inclusion"}},
    {"rekor2-dsse-invalid-sig_fail", {"body"}},  // the envelope signature was replaced
    {"rekor2-dsse-mismatch-envelope_fail", {"body"}},
    {"rekor2-dsse-mismatch-sig_fail", {"body"}},
    {"rekor2-no-inclusion-proof_fail", {"inclusion"}},
    {"signature-mismatch_fail", {"body"}},
    {"wrong-hashedrekord-artifact_fail", {"body"}},
    {"wrong-hashedrekord-cert-and-sig_fail", {"body"}},
    {"wrong-material_fail", {"body"}},
};

// Cases without a verifier: the key must come from the caller, and there is
// none, or its key.pub is not a valid key.
const std::set<std::string> kNoVerifier = {"managed-key-no-key_fail", "managed-key-wrong-key_fail"};

// Body failures are kTampered, but for a body that is itself malformed.
const std::set<std::string> kCorruptBody = {
    "intoto-log-entry-mismatch_fail",  // its intoto signature is not double base64
};

std::set<std::string> failures_of(const Case& c) {
  if (!c.bundle) return {"parse"};
  if (!c.root) return {"root"};
  std::set<std::string> failed;
  REQUIRE(c.entries.size() == 1);
  const formats::TlogEntry& entry = c.entries.front();
  if (const auto content = content_of(c)) {
    auto body = sigstore::check_logged_body(entry, *content);
    if (!body.ok()) {
      INFO(body.error().detail);
      CHECK(body.error().code ==
            (kCorruptBody.contains(c.name) ? ErrorCode::kCorrupt : ErrorCode::kTampered));
      failed.insert("body");
    }
  }
  if (entry.integrated_time) {
    auto set = sigstore::verify_signed_entry_timestamp(entry, c.root->tlogs);
    if (!set.ok()) {
      INFO(set.error().detail);
      CHECK(set.error().code == ErrorCode::kTampered);
      failed.insert("set");
    }
  }
  auto inclusion = sigstore::verify_log_inclusion(entry, c.root->tlogs);
  if (!inclusion.ok()) {
    INFO(inclusion.error().detail);
    CHECK((inclusion.error().code == ErrorCode::kTampered ||
           inclusion.error().code == ErrorCode::kCorrupt));
    failed.insert("inclusion");
  }
  return failed;
}

}  // namespace

TEST_CASE("tlog verify: real conformance entries pass or fail the check their README names") {
  const fs::path dir = conformance_dir();
  if (dir.empty()) return test_skip::skip_without_shared();
  size_t cases = 0, happy = 0, with_set = 0;
  for (const auto& item : fs::directory_iterator(dir)) {
    if (!fs::exists(item.path() / "bundle.sigstore.json")) continue;
    const Case c = load_case(item.path());
    CAPTURE(c.name);
    const auto it = kExpectedFailures.find(c.name);
    const std::set<std::string> expected =
        it == kExpectedFailures.end() ? std::set<std::string>{} : it->second;
    CHECK(failures_of(c) == expected);
    if (c.bundle) CHECK(content_of(c).has_value() == !kNoVerifier.contains(c.name));
    ++cases;
    happy += c.name.find("_fail") == std::string::npos;
    with_set += !c.entries.empty() && c.entries.front().integrated_time.has_value();
  }
  MESSAGE(cases, " cases, ", happy, " happy, ", with_set, " with a SET");
  CHECK(cases == 56);  // the vectors as shared on 2026-11-24
  CHECK(happy == 15);
}

TEST_CASE("tlog verify: real sigstore-python entries pass every check that applies") {
  const fs::path dir = transparency_test::shared_dir("vectors/sigstore/sigstore-python");
  if (dir.empty()) return test_skip::skip_without_shared();
  const fs::path trust = fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/trust";
  std::vector<formats::TransparencyLogInstance> tlogs;
  for (const char* name : {"trusted_root.production.json", "trusted_root.staging.json"}) {
    auto root = formats::parse_trusted_root(test_support::read_bytes(trust / name), name);
    REQUIRE(root.ok());
    tlogs.insert(tlogs.end(), root->tlogs.begin(), root->tlogs.end());
  }
  const std::vector<std::pair<std::string, bool>> bundles = {
      {"Python-3.12.5.tgz.sigstore", false},  // v0.1: a proof without checkpoint
      {"a.dsse.staging-rekor-v2.txt.sigstore.json", true},
      {"bundle_v3.txt.sigstore", true},
      {"bundle_v3_github.whl.sigstore", true},
  };
  for (const auto& [file, has_checkpoint] : bundles) {
    CAPTURE(file);
    auto bundle = formats::parse_sigstore_bundle(test_support::read_bytes(dir / file), file);
    REQUIRE(bundle.ok());
    auto entry = formats::parse_tlog_entry(bundle->verification_material.tlog_entries->at(0), file);
    REQUIRE(entry.ok());
    sigstore::LoggedContent content;
    content.verifier_der = bundle->verification_material.certificates.front();
    if (const auto* dsse = bundle->dsse()) {
      content.dsse = dsse;
      content.signature = dsse->signatures.front().sig;
    } else {
      const auto& message = *bundle->message_signature();
      content.signature = message.signature;
      REQUIRE(message.message_digest->digest.size() == 32);
      std::array<uint8_t, 32> digest{};
      std::copy_n(message.message_digest->digest.begin(), 32, digest.begin());
      content.artifact_sha256 = digest;
    }
    CHECK(sigstore::check_logged_body(*entry, content).ok());
    if (entry->integrated_time) CHECK(sigstore::verify_signed_entry_timestamp(*entry, tlogs).ok());
    const auto inclusion = sigstore::verify_log_inclusion(*entry, tlogs);
    CHECK(inclusion.ok() == has_checkpoint);
  }
}
