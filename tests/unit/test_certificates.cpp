// Certificates and chains: the OMS test PKI (root -> intermediate -> leaf)
// verifies at a time inside its validity and is rejected outside it, against
// another root, or without its intermediate; leaf key usage is enforced.
#include <doctest/doctest.h>

#include "keys_test_support.hpp"
#include "test_support.hpp"
#include "test_skip.hpp"

using namespace modelseal;
using namespace keys_test;
using test_support::read_bytes;
using test_support::TempDir;
using test_support::write_bytes;

namespace {

std::chrono::system_clock::time_point utc(int y, unsigned m, unsigned d, int hh = 0, int mm = 0,
                                          int ss = 0) {
  using namespace std::chrono;
  return sys_days(year(y) / month(m) / day(d)) + hours(hh) + minutes(mm) + seconds(ss);
}

struct OmsPki {
  keys::Certificate root, intermediate, leaf;
};

std::optional<OmsPki> load_oms_pki() {
  if (oms_dir().empty()) return std::nullopt;
  std::filesystem::path dir = oms_dir() / "keys/certificate";
  auto root = keys::Certificate::from_pem_file(dir / "ca-cert.pem");
  auto intermediate = keys::Certificate::from_pem_file(dir / "int-ca-cert.pem");
  auto leaf = keys::Certificate::from_pem_file(dir / "signing-key-cert.pem");
  REQUIRE((root.ok() && intermediate.ok() && leaf.ok()));
  REQUIRE((root->size() == 1 && intermediate->size() == 1 && leaf->size() == 1));
  return OmsPki{root->front(), intermediate->front(), leaf->front()};
}

void check_certificate_rejected(const Status& s, const std::string& prefix) {
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == ErrorCode::kTampered);
  CHECK_MESSAGE(s.error().detail.starts_with(prefix), s.error().detail);
}

keys::ChainCheck at(std::chrono::system_clock::time_point t) { return {t, true}; }

}  // namespace

TEST_CASE("OMS test PKI certificate fields") {
  auto pki = load_oms_pki();
  if (!pki) return test_skip::skip_without_shared();
  CHECK(pki->root.subject() == "CN=root-ca");
  CHECK(pki->intermediate.issuer() == "CN=root-ca");
  CHECK(pki->leaf.subject() == "CN=intermediate-ca");  // sic: the vector's leaf is named so
  CHECK(pki->leaf.not_before() == utc(2025, 5, 2, 23, 36, 28));
  CHECK(pki->leaf.not_after() == utc(2035, 4, 30, 23, 36, 28));
  CHECK(pki->leaf.san().empty());
  auto key = pki->leaf.public_key();
  REQUIRE(key.ok());
  auto expected = keys::load_public_key(oms_dir() / "keys/certificate/signing-key-pub.pem");
  REQUIRE(expected.ok());
  CHECK(key->key_id() == expected->key_id());
  auto again = keys::Certificate::from_der(pki->leaf.der());
  REQUIRE(again.ok());
  CHECK(again->der() == pki->leaf.der());
  // The root's key is RSA: readable as a certificate, refused as a signing key.
  CHECK(pki->root.public_key().error().code == ErrorCode::kUnsupported);
}

TEST_CASE("OMS test PKI chain verifies inside its validity") {
  auto pki = load_oms_pki();
  if (!pki) return test_skip::skip_without_shared();
  CHECK(keys::verify_chain(pki->leaf, {pki->intermediate}, {pki->root}, at(utc(2026, 1, 1))).ok());
  CHECK(keys::verify_chain(pki->leaf, {pki->intermediate}, {pki->root}, {}).ok());  // now
  CHECK(keys::verify_chain(pki->leaf, {pki->intermediate}, {pki->leaf, pki->root},
                           at(utc(2030, 6, 1))).ok());
}

TEST_CASE("OMS test PKI chain is rejected outside its validity or trust") {
  auto pki = load_oms_pki();
  if (!pki) return test_skip::skip_without_shared();
  const auto& [root, intermediate, leaf] = *pki;
  check_certificate_rejected(keys::verify_chain(leaf, {intermediate}, {root}, at(utc(2035, 5, 1))),
                 "certificate expired: CN=");
  check_certificate_rejected(keys::verify_chain(leaf, {intermediate}, {root}, at(utc(2025, 5, 2, 23, 36, 27))),
                 "certificate not yet valid: CN=");
  check_certificate_rejected(keys::verify_chain(leaf, {}, {root}, at(utc(2026, 1, 1))),
                 "untrusted certificate chain: ");
  check_certificate_rejected(keys::verify_chain(leaf, {intermediate}, {intermediate}, at(utc(2026, 1, 1))),
                 "untrusted certificate chain: ");
  check_certificate_rejected(keys::verify_chain(root, {}, {leaf}, at(utc(2026, 1, 1))),
                 "untrusted certificate chain: ");
  CHECK(keys::verify_chain(leaf, {intermediate}, {}, at(utc(2026, 1, 1))).error().code ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("leaf key usage and another root with openssl made certificates") {
  if (!have_openssl()) return test_skip::skip_test("no openssl command");
  TempDir dir;
  auto q = [&](const std::string& name) { return quoted(dir / name); };
  const std::string ec = " -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes";
  REQUIRE(run("openssl req -x509" + ec + " -keyout " + q("ca.key") + " -out " + q("ca.pem") +
              " -subj /CN=test-root/O=Example -days 30 -addext keyUsage=critical,keyCertSign") == 0);
  write_bytes(dir / "ku.cnf", "keyUsage=critical,keyEncipherment\n");
  write_bytes(dir / "eku.cnf",
              "extendedKeyUsage=serverAuth\nsubjectAltName=email:signer@example.com,"
              "URI:https://example.com/signer,DNS:example.com\n");
  for (std::string n : {"ku", "eku"}) {
    REQUIRE(run("openssl req -new" + ec + " -keyout " + q(n + ".key") + " -subj /CN=leaf-" + n +
                " -out " + q(n + ".csr")) == 0);
    REQUIRE(run("openssl x509 -req -in " + q(n + ".csr") + " -CA " + q("ca.pem") + " -CAkey " +
                q("ca.key") + " -set_serial 2 -days 30 -extfile " + q(n + ".cnf") + " -out " +
                q(n + ".pem")) == 0);
  }
  auto ca = keys::Certificate::from_pem_file(dir / "ca.pem");
  auto ku = keys::Certificate::from_pem_file(dir / "ku.pem");
  auto eku = keys::Certificate::from_pem_file(dir / "eku.pem");
  REQUIRE((ca.ok() && ku.ok() && eku.ok()));
  CHECK(ca->front().subject() == "O=Example,CN=test-root");
  CHECK(eku->front().san() == std::vector<std::string>{"signer@example.com",
                                                       "https://example.com/signer", "example.com"});
  check_certificate_rejected(keys::verify_chain(ku->front(), {}, *ca, {}),
                 "certificate CN=leaf-ku: key usage does not allow digital signatures");
  check_certificate_rejected(keys::verify_chain(eku->front(), {}, *ca, {}),
                 "certificate CN=leaf-eku: extended key usage does not include code signing");
  CHECK(keys::verify_chain(eku->front(), {}, *ca, {std::chrono::system_clock::now(), false}).ok());

  auto pki = load_oms_pki();
  if (!pki) return test_skip::skip_without_shared();
  check_certificate_rejected(keys::verify_chain(pki->leaf, {pki->intermediate}, *ca, at(utc(2026, 1, 1))),
                 "untrusted certificate chain: ");
}

TEST_CASE("certificate parsing rejects what is not a certificate") {
  TempDir dir;
  CHECK(keys::Certificate::from_der(bytes("\x30\x03\x02\x01\x01")).error().code ==
        ErrorCode::kCorrupt);
  auto key = keys::PrivateKey::generate(keys::KeyType::kEcdsaP256);
  REQUIRE(key.ok());
  write_bytes(dir / "key.pem", key->public_key().pem());
  CHECK(keys::Certificate::from_pem_file(dir / "key.pem").error().code == ErrorCode::kCorrupt);
  write_bytes(dir / "cut.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n");
  CHECK(keys::Certificate::from_pem_file(dir / "cut.pem").error().code == ErrorCode::kCorrupt);
  CHECK(keys::Certificate::from_pem_file(dir / "absent.pem").error().code == ErrorCode::kNotFound);
  auto pki = load_oms_pki();
  if (!pki) return test_skip::skip_without_shared();
  std::vector<uint8_t> der = pki->leaf.der();
  der.push_back(0);
  CHECK(keys::Certificate::from_der(der).error().code == ErrorCode::kCorrupt);
  std::filesystem::path certs = oms_dir() / "keys/certificate";
  write_bytes(dir / "two.pem", read_bytes(certs / "int-ca-cert.pem") + read_bytes(certs / "ca-cert.pem"));
  auto two = keys::Certificate::from_pem_file(dir / "two.pem");
  REQUIRE(two.ok());
  REQUIRE(two->size() == 2);
  CHECK((*two)[0].subject() == "CN=intermediate-ca");
  CHECK((*two)[1].subject() == "CN=root-ca");
}
