// Rekor log-entry verification (libpack/signing/src/sigstore/tlog_verify.hpp): each
// check fails, with the documented code, when one field of a valid real entry
// (or of what the bundle claims) is changed. Skipped (with a MESSAGE) when
// ../shared is absent.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "tlog_test_support.hpp"
#include "test_skip.hpp"

namespace {

using namespace tlog_test;
using modelseal::ErrorCode;

std::optional<Case> happy(const char* name) {
  const fs::path dir = conformance_dir();
  if (dir.empty()) return std::nullopt;
  Case c = load_case(dir / name);
  REQUIRE(c.bundle.has_value());
  REQUIRE(c.root.has_value());
  REQUIRE(content_of(c).has_value());
  REQUIRE(c.entries.size() == 1);
  return c;
}

void expect_error(const modelseal::Status& status, ErrorCode code, std::string_view fragment) {
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == code);
  CHECK_MESSAGE(status.error().detail.find(fragment) != std::string::npos, status.error().detail);
}

template <class T>
modelseal::Status status_of(const modelseal::Result<T>& r) {
  if (r.ok()) return {};
  return r.error();
}

modelseal::Status set_status(const formats::TlogEntry& e, const Case& c) {
  return status_of(sigstore::verify_signed_entry_timestamp(e, c.root->tlogs));
}

void flip_first(std::vector<uint8_t>& bytes) { bytes.front() ^= 0x01; }

}  // namespace

TEST_CASE("tlog mutations: the valid Rekor v1 entry passes all three checks") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  const auto& e = c->entries.front();
  CHECK(sigstore::check_logged_body(e, *content_of(*c)).ok());
  auto time = sigstore::verify_signed_entry_timestamp(e, c->root->tlogs);
  REQUIRE(time.ok());
  CHECK(time->time_since_epoch() == std::chrono::seconds(*e.integrated_time));
  CHECK(sigstore::verify_log_inclusion(e, c->root->tlogs).ok());
}

TEST_CASE(
    "tlog mutations: a changed body byte fails the SET, the inclusion proof and the body check") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  auto e = c->entries.front();
  // '"hashedrekord"' -> '"hashedrekorc"': still JSON, no longer the logged body.
  const std::string body(e.canonicalized_body.begin(), e.canonicalized_body.end());
  const size_t at = body.find("hashedrekord");
  REQUIRE(at != std::string::npos);
  e.canonicalized_body[at + 11] = 'c';
  expect_error(set_status(e, *c), ErrorCode::kTampered, "signed entry timestamp");
  expect_error(sigstore::verify_log_inclusion(e, c->root->tlogs), ErrorCode::kTampered,
               "inclusion proof");
  CHECK_FALSE(sigstore::check_logged_body(e, *content_of(*c)).ok());
}

TEST_CASE("tlog mutations: SET, logIndex, integratedTime and log id are bound by the SET") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  auto e = c->entries.front();
  flip_first(*e.signed_entry_timestamp);
  expect_error(set_status(e, *c), ErrorCode::kTampered, "does not verify");
  e = c->entries.front();
  e.log_index += 1;
  expect_error(set_status(e, *c), ErrorCode::kTampered, "does not verify");
  e = c->entries.front();
  *e.integrated_time += 1;
  expect_error(set_status(e, *c), ErrorCode::kTampered, "does not verify");
  e = c->entries.front();
  flip_first(e.log_id);
  expect_error(set_status(e, *c), ErrorCode::kTampered, "not a trusted transparency log");
  expect_error(sigstore::verify_log_inclusion(e, c->root->tlogs), ErrorCode::kTampered,
               "not a trusted transparency log");
  e = c->entries.front();
  e.integrated_time = -1;
  expect_error(set_status(e, *c), ErrorCode::kCorrupt, "out of range");
  e = c->entries.front();
  e.signed_entry_timestamp.reset();
  expect_error(set_status(e, *c), ErrorCode::kCorrupt, "no signed entry timestamp");
}

TEST_CASE(
    "tlog mutations: integratedTime must lie inside the log's validity, both ends inclusive") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  const auto& e = c->entries.front();
  const auto time = std::chrono::system_clock::time_point(std::chrono::seconds(*e.integrated_time));
  auto tlogs = c->root->tlogs;
  for (auto& log : tlogs)
    if (log.log_id == e.log_id) log.valid_for.end = time - std::chrono::seconds(1);
  expect_error(status_of(sigstore::verify_signed_entry_timestamp(e, tlogs)), ErrorCode::kTampered,
               "outside the validity");
  for (auto& log : tlogs)
    if (log.log_id == e.log_id) log.valid_for = {time + std::chrono::seconds(1), std::nullopt};
  expect_error(status_of(sigstore::verify_signed_entry_timestamp(e, tlogs)), ErrorCode::kTampered,
               "outside the validity");
  for (auto& log : tlogs)
    if (log.log_id == e.log_id) log.valid_for = {time, time};
  CHECK(sigstore::verify_signed_entry_timestamp(e, tlogs).ok());
}

TEST_CASE("tlog mutations: proof hash, root, logIndex and treeSize are bound by the proof") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  const auto& tlogs = c->root->tlogs;
  auto e = c->entries.front();
  e.inclusion_proof->hashes.front()[0] ^= 1;
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kTampered, "inclusion proof");
  e = c->entries.front();
  e.inclusion_proof->log_index += 1;
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kTampered, "inclusion proof");
  e = c->entries.front();
  e.inclusion_proof->tree_size += 1;
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kTampered, "treeSize");
  e = c->entries.front();
  e.inclusion_proof->root_hash[0] ^= 1;
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kTampered, "rootHash");
  e = c->entries.front();
  e.inclusion_proof->hashes.pop_back();
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kTampered, "inclusion proof");
  e = c->entries.front();
  e.inclusion_proof->checkpoint.reset();
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kCorrupt, "no checkpoint");
  e = c->entries.front();
  e.inclusion_proof.reset();
  expect_error(sigstore::verify_log_inclusion(e, tlogs), ErrorCode::kCorrupt, "no inclusion proof");
}

TEST_CASE("tlog mutations: the checkpoint must be signed by the entry's own log") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  auto e = c->entries.front();
  std::string& note = *e.inclusion_proof->checkpoint;
  note[note.size() - 3] = note[note.size() - 3] == 'A' ? 'B' : 'A';  // inside the signature
  CHECK_FALSE(sigstore::verify_log_inclusion(e, c->root->tlogs).ok());
  // Another trusted log's key must not vouch for this log's entries.
  auto tlogs = c->root->tlogs;
  for (auto& log : tlogs)
    if (log.log_id == c->entries.front().log_id) log.base_url = "https://other.example";
  expect_error(sigstore::verify_log_inclusion(c->entries.front(), tlogs), ErrorCode::kTampered,
               "checkpoint");
}

TEST_CASE("tlog mutations: signature, verifier and artifact digest must equal the logged ones") {
  const auto c = happy("happy-path-v0.3");
  if (!c) return test_skip::skip_without_shared();
  const auto& e = c->entries.front();
  auto content = *content_of(*c);
  flip_first(content.signature);
  expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered, "signature differs");
  content = *content_of(*c);
  content.verifier_der.back() ^= 1;
  expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered,
               "certificate differs");
  content = *content_of(*c);
  content.verifier_is_certificate = false;
  expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered,
               "verifier is a certificate");
  content = *content_of(*c);
  (*content.artifact_sha256)[0] ^= 1;
  expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered, "artifact digest");
  content = *content_of(*c);
  content.artifact_sha256.reset();
  expect_error(sigstore::check_logged_body(e, content), ErrorCode::kInvalidArgument,
               "artifact digest");
  auto other_kind = e;
  other_kind.kind = "dsse";
  expect_error(sigstore::check_logged_body(other_kind, *content_of(*c)), ErrorCode::kTampered,
               "kindVersion");
}

TEST_CASE("tlog mutations: a logged key is compared with the caller's key") {
  const auto c = happy("managed-key-happy-path");
  if (!c) return test_skip::skip_without_shared();
  const auto& e = c->entries.front();
  REQUIRE(sigstore::check_logged_body(e, *content_of(*c)).ok());
  auto other = modelseal::keys::PrivateKey::generate(modelseal::keys::KeyType::kEcdsaP256);
  REQUIRE(other.ok());
  auto content = *content_of(*c);
  content.verifier_der = transparency_test::spki_der(other->public_key());
  expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered, "key differs");
}

TEST_CASE("tlog mutations: DSSE payload and signature are bound by dsse and intoto bodies") {
  for (const char* name : {"happy-path-intoto-in-dsse-v3", "rekor2-dsse-happy-path",
                           "intoto-expired-certificate_fail"}) {
    CAPTURE(name);
    const auto c = happy(name);
    if (!c) return test_skip::skip_without_shared();
    const auto& e = c->entries.front();
    REQUIRE(sigstore::check_logged_body(e, *content_of(*c)).ok());
    auto envelope = *c->bundle->dsse();
    envelope.payload.push_back(' ');
    auto content = *content_of(*c);
    content.dsse = &envelope;
    expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered,
                 e.kind == "hashedrekord" ? "DSSE PAE" : "payloadHash");
    content = *content_of(*c);
    content.signature.back() ^= 1;
    expect_error(sigstore::check_logged_body(e, content), ErrorCode::kTampered,
                 "signature differs");
    content = *content_of(*c);
    content.dsse = nullptr;
    content.artifact_sha256 = std::array<uint8_t, 32>{};
    CHECK_FALSE(sigstore::check_logged_body(e, content).ok());
  }
}

TEST_CASE("tlog mutations: a Rekor v2 entry has no SET and its proof is bound to its log") {
  const auto c = happy("rekor2-happy-path");
  if (!c) return test_skip::skip_without_shared();
  const auto& e = c->entries.front();
  CHECK(sigstore::check_logged_body(e, *content_of(*c)).ok());
  CHECK(sigstore::verify_log_inclusion(e, c->root->tlogs).ok());
  expect_error(set_status(e, *c), ErrorCode::kCorrupt, "no integratedTime");
  auto changed = e;
  changed.inclusion_proof->tree_size -= 1;
  expect_error(sigstore::verify_log_inclusion(changed, c->root->tlogs), ErrorCode::kTampered,
               "treeSize");
  changed = e;
  changed.canonicalized_body.back() = ' ';
  expect_error(sigstore::verify_log_inclusion(changed, c->root->tlogs), ErrorCode::kTampered,
               "inclusion proof");
}
