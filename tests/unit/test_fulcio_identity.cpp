// fulcio_identity on certificates made in the test: SAN kinds, the two
// OIDC issuer extensions, and malformed or duplicated extensions.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fulcio_test_support.hpp"
#include "fulcio/fulcio.hpp"

namespace {

using namespace fulcio_test;
using modelseal::ErrorCode;

modelseal::Result<keys::FulcioIdentity> identity_of(const LeafSpec& spec) {
  return keys::fulcio_identity(test_fulcio().leaf(spec));
}

void expect_corrupt(const LeafSpec& spec, const std::string& detail_part) {
  auto id = identity_of(spec);
  REQUIRE_FALSE(id.ok());
  CHECK(id.error().code == ErrorCode::kCorrupt);
  CHECK_MESSAGE(id.error().detail.find(detail_part) != std::string::npos, id.error().detail);
}

}  // namespace

TEST_CASE("fulcio identity: SAN email and URI and Fulcio otherName while other names are ignored") {
  LeafSpec spec;
  spec.san =
      "DNS:host.example.com,otherName:1.3.6.1.4.1.57264.1.7;UTF8:user!example.com,"
      "otherName:1.2.3.4;UTF8:ignored,email:a@example.com,IP:127.0.0.1";
  auto id = identity_of(spec);
  REQUIRE(id.ok());
  CHECK(id->identities == std::vector<std::string>{"user!example.com", "a@example.com"});
  spec.san.clear();
  id = identity_of(spec);
  REQUIRE(id.ok());
  CHECK(id->identities.empty());
}

TEST_CASE("fulcio identity: OIDC issuer from the DER extension or else the legacy raw one") {
  LeafSpec spec;
  spec.issuer_v1 = text_bytes("https://legacy.example.com");
  auto id = identity_of(spec);
  REQUIRE(id.ok());
  CHECK(id->oidc_issuer == "https://issuer.example.com");
  spec.issuer_v2.reset();
  id = identity_of(spec);
  REQUIRE(id.ok());
  CHECK(id->oidc_issuer == "https://legacy.example.com");
  spec.issuer_v1.reset();
  id = identity_of(spec);
  REQUIRE(id.ok());
  CHECK_FALSE(id->oidc_issuer.has_value());
}

TEST_CASE("fulcio identity: malformed names and issuer extensions are corrupt") {
  LeafSpec spec;
  spec.issuer_v2 = text_bytes("https://issuer.example.com");  // raw, not DER
  expect_corrupt(spec, "not a DER UTF8String");
  spec.issuer_v2 = tlv(0x16, text_bytes("https://issuer.example.com"));  // IA5String
  expect_corrupt(spec, "not a DER UTF8String");
  spec.issuer_v2 = [] {
    Bytes b = der_utf8("https://issuer.example.com");
    b.push_back(0);
    return b;
  }();
  expect_corrupt(spec, "not a DER UTF8String");
  spec.issuer_v2 = der_utf8(std::string("https://a\0b", 11));
  expect_corrupt(spec, "NUL");
  spec.issuer_v2 = der_utf8("");
  expect_corrupt(spec, "empty");
  spec = {};
  spec.issuer_v2.reset();
  spec.issuer_v1 = Bytes{};
  expect_corrupt(spec, "empty");
  spec = {};
  spec.san = "otherName:1.3.6.1.4.1.57264.1.7;IA5:user!example.com";
  expect_corrupt(spec, "not a UTF8String");
}

TEST_CASE("fulcio identity: duplicated extensions are corrupt") {
  crypto::X509Ptr cert = test_fulcio().leaf_x509();
  add_raw_extension(cert.get(), "1.3.6.1.4.1.57264.1.8", der_utf8("https://other.example.com"));
  auto id = keys::fulcio_identity(certificate_of(cert.get()));
  REQUIRE_FALSE(id.ok());
  CHECK(id.error().code == ErrorCode::kCorrupt);
  CHECK(id.error().detail.find("more than once") != std::string::npos);
  cert = test_fulcio().leaf_x509();
  add_conf_extension(cert.get(), test_fulcio().intermediate.cert.get(), NID_subject_alt_name,
                     "email:b@example.com");
  id = keys::fulcio_identity(certificate_of(cert.get()));
  REQUIRE_FALSE(id.ok());
  CHECK(id.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("fulcio identity: SAN email with an embedded NUL is corrupt") {
  LeafSpec no_san;
  no_san.san.clear();
  crypto::X509Ptr cert = test_fulcio().leaf_x509(no_san);
  crypto::GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
  REQUIRE(names);
  GENERAL_NAME* name = GENERAL_NAME_new();
  REQUIRE(name);
  ASN1_IA5STRING* email = ASN1_IA5STRING_new();
  REQUIRE(email);
  REQUIRE(ASN1_STRING_set(email, "a@example.com\0.evil", 19) == 1);
  GENERAL_NAME_set0_value(name, GEN_EMAIL, email);
  REQUIRE(sk_GENERAL_NAME_push(names.get(), name) > 0);
  REQUIRE(X509_add1_ext_i2d(cert.get(), NID_subject_alt_name, names.get(), 1, X509V3_ADD_DEFAULT) ==
          1);
  auto id = keys::fulcio_identity(certificate_of(cert.get()));
  REQUIRE_FALSE(id.ok());
  CHECK(id.error().code == ErrorCode::kCorrupt);
  CHECK(id.error().detail.find("NUL") != std::string::npos);
}
