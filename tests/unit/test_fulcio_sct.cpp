// Embedded SCTs (keys/src/fulcio) of certificates made in the test: the valid
// SCT and every way it may be missing, malformed, untrusted or forged.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fulcio_test_support.hpp"
#include "fulcio/fulcio.hpp"
#include "fulcio/sct_list.hpp"

namespace {

using namespace fulcio_test;
using modelseal::ErrorCode;
using modelseal::Status;

Status verify(const keys::Certificate& leaf,
              const std::vector<formats::TransparencyLogInstance>& logs = test_ctlogs()) {
  return keys::verify_embedded_sct(leaf, test_fulcio().issuer(), logs);
}

void expect_sct_error(const Status& status, ErrorCode code, const std::string& detail_part) {
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == code);
  CHECK_MESSAGE(status.error().detail.find(detail_part) != std::string::npos,
                status.error().detail);
}

// A leaf whose SCT extension holds `der` (the extnValue) instead of a valid list.
keys::Certificate leaf_with_sct_extension(const Bytes& der) {
  LeafSpec spec;
  spec.sct = Sct::kNone;
  crypto::X509Ptr cert = test_fulcio().leaf_x509(spec);
  add_raw_extension(cert.get(), "1.3.6.1.4.1.11129.2.4.2", der);
  REQUIRE(X509_sign(cert.get(), test_fulcio().intermediate.key.get(), EVP_sha256()) > 0);
  return certificate_of(cert.get());
}

// A v1 SCT from the test log over an unrelated TBS: well formed, never valid.
Bytes unrelated_sct() {
  return test_fulcio().ctlog.sct(kSctTimeMs, test_fulcio().ctlog.spki, Bytes{0x30, 0x00});
}

}  // namespace

TEST_CASE("fulcio SCT: valid alone and alongside SCTs that do not verify") {
  CHECK(verify(test_fulcio().leaf()).ok());
  Bytes unknown_version = unrelated_sct();
  unknown_version[0] = 1;
  CHECK(verify(test_fulcio().leaf({}, nullptr, {unrelated_sct(), unknown_version})).ok());
}

TEST_CASE("fulcio SCT: missing extension or only SCTs that do not verify") {
  LeafSpec none;
  none.sct = Sct::kNone;
  expect_sct_error(verify(test_fulcio().leaf(none)), ErrorCode::kTampered, "no embedded SCT");
  expect_sct_error(verify(test_fulcio().leaf(none, nullptr, {unrelated_sct()})), ErrorCode::kTampered,
               "does not verify");
  Bytes unknown_version = unrelated_sct();
  unknown_version[0] = 1;
  expect_sct_error(verify(test_fulcio().leaf(none, nullptr, {unknown_version})), ErrorCode::kTampered,
               "unsupported version 1");
}

TEST_CASE("fulcio SCT: flipped signature byte and edited signed fields") {
  LeafSpec none;
  none.sct = Sct::kNone;
  // Make the valid SCT for a leaf, then rebuild the same leaf with a mutated copy.
  crypto::X509Ptr cert = test_fulcio().leaf_x509(none);
  const int len = i2d_re_X509_tbs(cert.get(), nullptr);
  REQUIRE(len > 0);
  Bytes tbs(static_cast<size_t>(len));
  unsigned char* p = tbs.data();
  REQUIRE(i2d_re_X509_tbs(cert.get(), &p) == len);
  const Bytes issuer_spki = spki_of(X509_get0_pubkey(test_fulcio().intermediate.cert.get()));
  const Bytes good = test_fulcio().ctlog.sct(kSctTimeMs, issuer_spki, tbs);
  auto with = [&](const Bytes& sct) {
    crypto::X509Ptr copy(X509_dup(cert.get()));
    REQUIRE(copy);
    add_raw_extension(copy.get(), "1.3.6.1.4.1.11129.2.4.2", der_octets(sct_list({sct})));
    REQUIRE(X509_sign(copy.get(), test_fulcio().intermediate.key.get(), EVP_sha256()) > 0);
    return certificate_of(copy.get());
  };
  REQUIRE(verify(with(good)).ok());
  Bytes flipped = good;
  flipped.back() ^= 0x01;
  expect_sct_error(verify(with(flipped)), ErrorCode::kTampered, "does not verify");
  Bytes later = good;
  later[1 + 32 + 7] ^= 0x01;  // timestamp's low byte
  expect_sct_error(verify(with(later)), ErrorCode::kTampered, "does not verify");
  // The SCT over a TBS with other content (another serial number).
  Bytes other_tbs = tbs;
  other_tbs[other_tbs.size() / 2] ^= 0x01;
  expect_sct_error(verify(with(test_fulcio().ctlog.sct(kSctTimeMs, issuer_spki, other_tbs))),
               ErrorCode::kTampered, "does not verify");
  // Signed over other SCT extensions than the ones sent.
  Bytes extensions = test_fulcio().ctlog.sct(kSctTimeMs, issuer_spki, tbs, Bytes{0xAA});
  extensions.back() ^= 0;  // well formed; the SCT says extensions {0xAA}
  CHECK(verify(with(extensions)).ok());
  Bytes dropped = extensions;
  // version(1) log_id(32) timestamp(8) then uint16 length 1 and 0xAA: make it 0xAB.
  dropped[1 + 32 + 8 + 2] = 0xAB;
  expect_sct_error(verify(with(dropped)), ErrorCode::kTampered, "does not verify");
  // Wrong hash or signature algorithm for the key.
  Bytes rsa = good;
  rsa[1 + 32 + 8 + 2 + 1] = 1;
  expect_sct_error(verify(with(rsa)), ErrorCode::kTampered, "does not fit the key");
}

TEST_CASE("fulcio SCT: CT log with a wrong key or id or validity or another issuer") {
  const keys::Certificate leaf = test_fulcio().leaf();
  auto logs = test_ctlogs();
  const TestCtLog other;
  logs[0].public_key_der = other.spki;
  expect_sct_error(verify(leaf, logs), ErrorCode::kTampered, "does not verify");
  logs = test_ctlogs();
  logs[0].public_key_der = {0x30, 0x00};
  expect_sct_error(verify(leaf, logs), ErrorCode::kTampered, "unreadable public key");
  logs = test_ctlogs();
  logs[0].log_id = other.log_id;
  expect_sct_error(verify(leaf, logs), ErrorCode::kTampered, "no trusted CT log with this id");
  logs = test_ctlogs();
  logs[0].valid_for.end = at_seconds(kSctTimeMs / 1000);  // ends 123 ms before the SCT
  expect_sct_error(verify(leaf, logs), ErrorCode::kTampered, "valid at that time");
  logs[0].valid_for = {at_seconds(kSctTimeMs / 1000 + 1), std::nullopt};
  expect_sct_error(verify(leaf, logs), ErrorCode::kTampered, "valid at that time");
  expect_sct_error(verify(leaf, {}), ErrorCode::kTampered, "no trusted CT log");
  expect_sct_error(keys::verify_embedded_sct(leaf, test_fulcio().leaf(), test_ctlogs()), ErrorCode::kTampered,
               "does not verify");
}

TEST_CASE("fulcio SCT: malformed lists are corrupt") {
  Bytes good_list = sct_list({unrelated_sct()});
  struct Case {
    const char* name;
    Bytes extension_value;
  };
  Bytes truncated = good_list;
  truncated.pop_back();
  truncated[1] -= 1;  // both lengths still match: the SCT's signature is short
  truncated[3] -= 1;
  Bytes trailing_sct = good_list;
  trailing_sct.push_back(0);
  trailing_sct[1] += 1;
  trailing_sct[3] += 1;
  Bytes inner_length_long = good_list;
  inner_length_long[3] += 1;  // the SCT's length runs past the list
  Bytes huge_time = sct_list({[] {
    Bytes s = unrelated_sct();
    s[1 + 32] = 0xFF;
    return s;
  }()});
  const Case cases[] = {
      {"not an OCTET STRING", der_utf8("x")},
      {"OCTET STRING with trailing bytes",
       [&] {
         Bytes b = der_octets(good_list);
         b.push_back(0);
         return b;
       }()},
      {"empty list", der_octets(Bytes{0, 0})},
      {"list length short", der_octets(Bytes{0})},
      {"list length past the end", der_octets(Bytes{0, 9, 0, 1, 0})},
      {"bytes after the list",
       [&] {
         Bytes b = good_list;
         b.push_back(0);
         return der_octets(b);
       }()},
      {"truncated SCT", der_octets(truncated)},
      {"trailing bytes in an SCT", der_octets(trailing_sct)},
      {"SCT length past the list", der_octets(inner_length_long)},
      {"empty SCT", der_octets(Bytes{0, 2, 0, 0})},
      {"timestamp out of range", der_octets(huge_time)},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    Status status = verify(leaf_with_sct_extension(c.extension_value));
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::kCorrupt);
  }
}

TEST_CASE("fulcio SCT: duplicated SCT extension and too many SCTs") {
  crypto::X509Ptr cert = test_fulcio().leaf_x509();
  add_raw_extension(cert.get(), "1.3.6.1.4.1.11129.2.4.2", der_octets(sct_list({unrelated_sct()})));
  REQUIRE(X509_sign(cert.get(), test_fulcio().intermediate.key.get(), EVP_sha256()) > 0);
  expect_sct_error(verify(certificate_of(cert.get())), ErrorCode::kCorrupt, "more than once");
  std::vector<Bytes> many(keys::kMaxEmbeddedScts + 1, Bytes{1});  // unknown-version SCTs
  expect_sct_error(verify(leaf_with_sct_extension(der_octets(sct_list(many)))),
               ErrorCode::kLimitExceeded, "more than");
}

TEST_CASE("fulcio SCT: every truncation and byte flip of a list parses or is corrupt") {
  Bytes unknown_version = unrelated_sct();
  unknown_version[0] = 1;
  const Bytes list = sct_list({unrelated_sct(), unknown_version});
  REQUIRE(keys::parse_sct_list(list).ok());
  size_t rejected = 0;
  auto check = [&](const Bytes& bytes) {
    auto parsed = keys::parse_sct_list(bytes);
    if (parsed.ok()) return;
    CHECK(parsed.error().code == ErrorCode::kCorrupt);
    ++rejected;
  };
  for (size_t n = 0; n < list.size(); ++n) check(Bytes(list.begin(), list.begin() + n));
  for (size_t i = 0; i < list.size(); ++i) {
    for (const uint8_t mask : std::initializer_list<uint8_t>{0x01, 0x80, 0xFF}) {
      Bytes mutated = list;
      mutated[i] ^= mask;
      check(mutated);
    }
  }
  CHECK(rejected >= list.size());  // every truncation at least
}
