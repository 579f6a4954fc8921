// The keyless identity rule (issue 14): Sigstore compares the expected
// identity with one SAN of the Fulcio leaf, the first URI, else the first
// email, else the Fulcio otherName (sigstore-go SummarizeCertificate,
// sigstore-js X509Certificate.subjectAltName), never with any other SAN.
// Leaves come from fulcio_test_support.hpp and go through
// verify_keyless_certificate, the step `verify` and `verify-attestation` use.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fulcio_test_support.hpp"
#include "fulcio/fulcio.hpp"
#include "sigstore/verify_steps.hpp"

namespace {

using namespace fulcio_test;
namespace sig = modelseal::sigstore;

const TestFulcio& fulcio() {
  static const TestFulcio instance;
  return instance;
}

const char* kTestIssuer = "https://issuer.example.com";

// "" when the leaf with these SANs verifies as `identity`, else the error.
std::string check_identity(const std::string& san, const std::string& identity,
                           std::string* matched = nullptr) {
  LeafSpec spec;
  spec.san = san;
  keys::Certificate leaf = fulcio().leaf(spec);
  auto key = leaf.public_key();
  REQUIRE(key.ok());
  sig::SigningMaterial material{*key, leaf.der(), leaf, {}};
  formats::TrustedRoot root;
  root.certificate_authorities = {fulcio().authority()};
  root.ctlogs = {fulcio().ctlog.instance()};
  std::vector<std::string> evidence;
  auto verified = sig::verify_keyless_certificate(material, sig::KeylessIdentity{identity, kTestIssuer},
                                                  root, {kInside}, evidence);
  if (!verified.ok()) return verified.error().detail;
  if (matched) *matched = verified->identities.front();
  return "";
}

}  // namespace

TEST_CASE("keyless identity: the first URI SAN is the identity, not any SAN") {
  const std::string san = "email:signer@example.com,URI:https://example.com/workflow";
  std::string matched;
  CHECK(check_identity(san, "https://example.com/workflow", &matched).empty());
  CHECK(matched == "https://example.com/workflow");
  const std::string error = check_identity(san, "signer@example.com");
  CHECK_MESSAGE(error.find("certificate identity is https://example.com/workflow, expected "
                           "signer@example.com") != std::string::npos,
                error);
  // A second URI is never the identity either.
  CHECK(check_identity("URI:https://a.example/x,URI:https://b.example/y", "https://a.example/x")
            .empty());
  CHECK_FALSE(
      check_identity("URI:https://a.example/x,URI:https://b.example/y", "https://b.example/y")
          .empty());
}

TEST_CASE("keyless identity: without a URI the first email, then the Fulcio otherName") {
  CHECK(check_identity("email:a@example.com,email:b@example.com", "a@example.com").empty());
  CHECK_FALSE(check_identity("email:a@example.com,email:b@example.com", "b@example.com").empty());
  const std::string other = "otherName:1.3.6.1.4.1.57264.1.7;UTF8:user!example.com";
  CHECK(check_identity(other, "user!example.com").empty());
  CHECK_FALSE(check_identity(other + ",email:a@example.com", "user!example.com").empty());
  CHECK(check_identity(other + ",email:a@example.com", "a@example.com").empty());
  CHECK(check_identity("DNS:host.example.com", "host.example.com").find("identity is absent") !=
        std::string::npos);
}

TEST_CASE("keyless identity: fulcio_identity names the signer identity") {
  LeafSpec spec;
  auto id = keys::fulcio_identity(fulcio().leaf(spec));
  REQUIRE(id.ok());
  CHECK(id->signer_identity == "https://example.com/workflow");
  spec.san = "DNS:host.example.com";
  id = keys::fulcio_identity(fulcio().leaf(spec));
  REQUIRE(id.ok());
  CHECK_FALSE(id->signer_identity.has_value());
}
