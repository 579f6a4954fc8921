// Fulcio certificate checks (keys/src/fulcio) on certificates made in the
// test (fulcio_test_support.hpp): usages, names, chains and embedded SCTs,
// each check with a valid input and the mutations it must reject.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fulcio_test_support.hpp"
#include "fulcio/fulcio.hpp"

namespace {

using namespace fulcio_test;
using modelseal::ErrorCode;
using modelseal::Status;

const std::vector<keys::Certificate> kNoIntermediates;

template <class R>
void expect_fulcio_error(const R& result, ErrorCode code, const std::string& detail_part) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == code);
  CHECK_MESSAGE(result.error().detail.find(detail_part) != std::string::npos,
                result.error().detail);
}

std::vector<formats::CertificateAuthority> authorities() { return {test_fulcio().authority()}; }
}  // namespace

TEST_CASE("fulcio synthetic: a Fulcio-like leaf verifies end to end") {
  const keys::Certificate leaf = test_fulcio().leaf();
  auto path = keys::verify_fulcio_chain(leaf, kNoIntermediates, authorities(), kInside);
  REQUIRE_MESSAGE(path.ok(), path.error().detail);
  REQUIRE(path->size() == 2);  // partial chain: the intermediate is the anchor
  CHECK((*path)[1].der() == test_fulcio().issuer().der());
  Status sct = keys::verify_embedded_sct(leaf, (*path)[1], test_ctlogs());
  CHECK_MESSAGE(sct.ok(), (sct.ok() ? "" : sct.error().detail));
  auto id = keys::fulcio_identity(leaf);
  REQUIRE(id.ok());
  CHECK(id->identities ==
        std::vector<std::string>{"signer@example.com", "https://example.com/workflow"});
  CHECK(id->oidc_issuer == "https://issuer.example.com");
}

TEST_CASE("fulcio synthetic: leaf usage must be digitalSignature and codeSigning") {
  const std::pair<Usage, const char*> cases[] = {
      {Usage::kNoKeyUsage, "KeyUsage digitalSignature is required"},
      {Usage::kKeyAgreementOnly, "KeyUsage digitalSignature is required"},
      {Usage::kNoEku, "ExtendedKeyUsage codeSigning is required"},
      {Usage::kEmailProtectionEku, "ExtendedKeyUsage codeSigning is required"},
  };
  for (const auto& [usage, reason] : cases) {
    CAPTURE(reason);
    LeafSpec spec;
    spec.usage = usage;
    expect_fulcio_error(
        keys::verify_fulcio_chain(test_fulcio().leaf(spec), kNoIntermediates, authorities(), kInside),
        ErrorCode::kTampered, reason);
  }
}

TEST_CASE("fulcio synthetic: chain from another CA or through a non-CA is untrusted") {
  const Issued other_root = issue_ca("other root", nullptr, 7);
  const Issued other_intermediate = issue_ca("test fulcio intermediate", &other_root, 8);
  expect_fulcio_error(keys::verify_fulcio_chain(test_fulcio().leaf({}, &other_intermediate), kNoIntermediates,
                                         authorities(), kInside),
               ErrorCode::kTampered, "untrusted certificate chain");
  // An intermediate the authority does not list, offered by the bundle, from another root.
  expect_fulcio_error(keys::verify_fulcio_chain(test_fulcio().leaf({}, &other_intermediate),
                                         {certificate_of(other_intermediate.cert.get())},
                                         authorities(), kInside),
               ErrorCode::kTampered, "untrusted certificate chain");
  // A leaf (CA:FALSE) used as an issuer.
  Issued leaf_as_ca{new_ec_key(), test_fulcio().leaf_x509()};
  REQUIRE(X509_set_pubkey(leaf_as_ca.cert.get(), leaf_as_ca.key.get()) == 1);
  REQUIRE(X509_sign(leaf_as_ca.cert.get(), test_fulcio().intermediate.key.get(), EVP_sha256()) > 0);
  expect_fulcio_error(
      keys::verify_fulcio_chain(test_fulcio().leaf({}, &leaf_as_ca),
                                {certificate_of(leaf_as_ca.cert.get())}, authorities(), kInside),
      ErrorCode::kTampered, "untrusted certificate chain");
}

TEST_CASE("fulcio synthetic: bundle intermediates complete a chain to a root-only authority") {
  formats::CertificateAuthority root_only = test_fulcio().authority();
  root_only.cert_chain.erase(root_only.cert_chain.begin());
  const keys::Certificate leaf = test_fulcio().leaf();
  expect_fulcio_error(keys::verify_fulcio_chain(leaf, kNoIntermediates, {&root_only, 1}, kInside),
               ErrorCode::kTampered, "untrusted certificate chain");
  auto path = keys::verify_fulcio_chain(leaf, {test_fulcio().issuer()}, {&root_only, 1}, kInside);
  REQUIRE(path.ok());
  CHECK(path->size() == 3);
  std::vector<keys::Certificate> too_many(keys::kMaxFulcioChainCertificates + 1, test_fulcio().issuer());
  expect_fulcio_error(keys::verify_fulcio_chain(leaf, too_many, {&root_only, 1}, kInside),
               ErrorCode::kLimitExceeded, "intermediate certificates");
}

TEST_CASE("fulcio synthetic: every certificate of the path must be valid at the time") {
  const keys::Certificate leaf = test_fulcio().leaf();
  CHECK(keys::verify_fulcio_chain(leaf, kNoIntermediates, authorities(), kLeafUntil).ok());
  expect_fulcio_error(
      keys::verify_fulcio_chain(leaf, kNoIntermediates, authorities(), kLeafUntil + seconds(1)),
      ErrorCode::kTampered, "expired at 2025-01-01T00:00:01Z");
  // An intermediate that expired before the leaf did.
  const Issued short_lived =
      issue_ca("short-lived intermediate", &test_fulcio().root, 9, at_seconds(1577836800), kInside);
  formats::CertificateAuthority ca = test_fulcio().authority();
  ca.cert_chain = {der_of(short_lived.cert.get()), der_of(test_fulcio().root.cert.get())};
  expect_fulcio_error(keys::verify_fulcio_chain(test_fulcio().leaf({}, &short_lived), kNoIntermediates,
                                         {&ca, 1}, kInside + seconds(1)),
               ErrorCode::kTampered,
               "CN=short-lived intermediate,O=fulcio test expired at 2024-06-01T00:00:01Z");
}

TEST_CASE("fulcio synthetic: the leaf itself is never a trust anchor") {
  const crypto::X509Ptr leaf = test_fulcio().leaf_x509();
  formats::CertificateAuthority ca = test_fulcio().authority();
  ca.cert_chain = {der_of(leaf.get())};
  expect_fulcio_error(
      keys::verify_fulcio_chain(certificate_of(leaf.get()), kNoIntermediates, {&ca, 1}, kInside),
      ErrorCode::kTampered, "untrusted certificate chain");
}

TEST_CASE("fulcio synthetic: unreadable authority certificates") {
  formats::CertificateAuthority broken = test_fulcio().authority();
  broken.cert_chain = {Bytes{0x30, 0x03, 0x02, 0x01, 0x01}};
  expect_fulcio_error(keys::verify_fulcio_chain(test_fulcio().leaf(), kNoIntermediates, {&broken, 1}, kInside),
               ErrorCode::kCorrupt, "certificate authority");
  broken.cert_chain.clear();
  expect_fulcio_error(keys::verify_fulcio_chain(test_fulcio().leaf(), kNoIntermediates, {&broken, 1}, kInside),
               ErrorCode::kCorrupt, "0 certificates");
  const std::vector<formats::CertificateAuthority> both = {broken, test_fulcio().authority()};
  CHECK(keys::verify_fulcio_chain(test_fulcio().leaf(), kNoIntermediates, both, kInside).ok());
}
