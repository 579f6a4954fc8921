// RFC 3161 timestamp verification (keys/src/timestamp/) against a self-made
// TSA whose tokens OpenSSL's TS_RESP_CTX signs; every check has a negative
// built by mutating a valid token or the trusted authority.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "timestamp/rfc3161.hpp"
#include "keys_test_support.hpp"
#include "rfc3161_test_support.hpp"
#include "test_support.hpp"

namespace {

using namespace rfc3161_test;
using modelseal::ErrorCode;
using modelseal::formats::CertificateAuthority;
using modelseal::keys::verify_rfc3161_timestamp;

const Bytes kSignature = bytes_of("the bundle's signature bytes");

modelseal::Result<modelseal::keys::VerifiedTimestamp> verify(const Bytes& token,
                                                             const CertificateAuthority& authority,
                                                             const Bytes& data = kSignature) {
  const std::vector<CertificateAuthority> authorities{authority};
  return verify_rfc3161_timestamp(token, data, authorities);
}

void check_rejected(const modelseal::Result<modelseal::keys::VerifiedTimestamp>& result,
                    ErrorCode code, const std::string& reason) {
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == code);
  CHECK_MESSAGE(result.error().detail.find(reason) != std::string::npos, result.error().detail);
}

// The same leaf re-issued with other extended key usages (same key, issuer, serial).
CertificateAuthority with_leaf_eku(const TestTsa& tsa, Eku eku) {
  X509Ptr leaf = issue({"test tsa", 2, utc(2020, 1, 1), utc(2040, 1, 1), false, eku},
                       tsa.leaf_key.get(), tsa.root.get(), tsa.root_key.get());
  CertificateAuthority authority = tsa.authority();
  authority.cert_chain[0] = der_of(leaf.get());
  return authority;
}

}  // namespace

TEST_CASE("rfc3161 token from a trusted TSA verifies with its genTime") {
  const TestTsa tsa = TestTsa::create();
  for (bool embed : {true, false}) {
    CAPTURE(embed);
    const Bytes token = make_timestamp(tsa, kSignature, {.embed_certificate = embed});
    auto verified = verify(token, tsa.authority());
    REQUIRE_MESSAGE(verified.ok(), verified.error().detail);
    CHECK(verified->gen_time == utc(2030, 6, 1, 12, 0, 0));
    CHECK(verified->tsa == tsa.uri);
  }
}

TEST_CASE("rfc3161 imprint hash follows the token: sha384 and sha512 yes but sha1 no") {
  const TestTsa tsa = TestTsa::create();
  for (const EVP_MD* md : {EVP_sha384(), EVP_sha512()}) {
    auto verified = verify(make_timestamp(tsa, kSignature, {.imprint_md = md}), tsa.authority());
    CHECK_MESSAGE(verified.ok(), EVP_MD_get0_name(md));
  }
  check_rejected(verify(make_timestamp(tsa, kSignature, {.imprint_md = EVP_sha1()}), tsa.authority()),
                 ErrorCode::kUnsupported, "is not SHA-256");
}

TEST_CASE("rfc3161 token over other data is rejected") {
  const TestTsa tsa = TestTsa::create();
  const Bytes token = make_timestamp(tsa, kSignature);
  check_rejected(verify(token, tsa.authority(), bytes_of("another signature")),
                 ErrorCode::kTampered, "messageImprint does not match");
  check_rejected(verify(token, tsa.authority(), {}), ErrorCode::kTampered, "messageImprint");
}

TEST_CASE("rfc3161 flipped signature byte is rejected") {
  const TestTsa tsa = TestTsa::create();
  for (bool embed : {true, false}) {
    Bytes token = make_timestamp(tsa, kSignature, {.embed_certificate = embed});
    token.back() ^= 0x01;  // the last byte of the SignerInfo's signature
    check_rejected(verify(token, tsa.authority()), ErrorCode::kTampered, "does not verify");
  }
}

TEST_CASE("rfc3161 TSA missing from the trusted root is rejected") {
  const TestTsa tsa = TestTsa::create();
  const TestTsa other = TestTsa::create({"other tsa", 7, utc(2020, 1, 1), utc(2040, 1, 1), false,
                                         Eku::kTimeStampingCritical});
  const Bytes token = make_timestamp(tsa, kSignature);
  check_rejected(verify(token, other.authority()), ErrorCode::kTampered, "not in the trusted root");
  check_rejected(verify_rfc3161_timestamp(token, kSignature, {}), ErrorCode::kTampered,
                 "not in the trusted root");
  const std::vector<CertificateAuthority> both{other.authority(), tsa.authority()};
  CHECK(verify_rfc3161_timestamp(token, kSignature, both).ok());
}

TEST_CASE("rfc3161 impostor with the trusted leaf's names and serial is rejected") {
  const TestTsa tsa = TestTsa::create();
  const TestTsa impostor = TestTsa::create();  // same subject, issuer name and serial, other keys
  for (bool embed : {true, false}) {
    const Bytes token = make_timestamp(impostor, kSignature, {.embed_certificate = embed});
    check_rejected(verify(token, tsa.authority()), ErrorCode::kTampered, "does not verify");
  }
}

TEST_CASE("rfc3161 genTime must lie in the authority validFor with both ends inclusive") {
  const TestTsa tsa = TestTsa::create();
  const TimePoint gen = utc(2030, 6, 1, 12, 0, 0);
  const Bytes token = make_timestamp(tsa, kSignature, {.gen_time = gen});
  CertificateAuthority authority = tsa.authority();
  authority.valid_for.end = gen - std::chrono::seconds(1);
  check_rejected(verify(token, authority), ErrorCode::kTampered, "outside the validity of TSA https://");
  authority.valid_for.end = gen;
  CHECK(verify(token, authority).ok());
  authority.valid_for = {gen + std::chrono::seconds(1), std::nullopt};
  check_rejected(verify(token, authority), ErrorCode::kTampered, "in the trusted root");
  authority.valid_for.start = gen;
  CHECK(verify(token, authority).ok());
}

TEST_CASE("rfc3161 genTime must lie in the TSA certificate validity with both ends inclusive") {
  const TimePoint leaf_end = utc(2026, 1, 1);
  const TestTsa tsa = TestTsa::create({"short tsa", 2, utc(2025, 1, 1), leaf_end, false,
                                       Eku::kTimeStampingCritical});
  CHECK(verify(make_timestamp(tsa, kSignature, {.gen_time = leaf_end}), tsa.authority()).ok());
  check_rejected(verify(make_timestamp(tsa, kSignature, {.gen_time = leaf_end + std::chrono::seconds(1)}),
                        tsa.authority()),
                 ErrorCode::kTampered, "outside the validity of TSA certificate CN=short tsa");
  check_rejected(verify(make_timestamp(tsa, kSignature, {.gen_time = utc(2024, 12, 31)}), tsa.authority()),
                 ErrorCode::kTampered, "outside the validity of TSA certificate");
  // An expired chain is fine when genTime was inside it (the root ends in 2045).
  CHECK(verify(make_timestamp(tsa, kSignature, {.gen_time = utc(2025, 6, 1)}), tsa.authority()).ok());
  check_rejected(verify(make_timestamp(tsa, kSignature, {.gen_time = utc(2025, 6, 1)}),
                        [&] {
                          CertificateAuthority a = tsa.authority();
                          X509Ptr old_root = issue({"test tsa root", 1, utc(2019, 1, 1), utc(2025, 3, 1), true, Eku::kNone},
                                                   tsa.root_key.get(), nullptr, nullptr);
                          a.cert_chain[1] = der_of(old_root.get());
                          return a;
                        }()),
                 ErrorCode::kTampered, "CN=test tsa root");
}

TEST_CASE("rfc3161 TSA leaf needs a critical extended key usage of exactly timeStamping") {
  const TestTsa tsa = TestTsa::create();
  const Bytes token = make_timestamp(tsa, kSignature);
  check_rejected(verify(token, with_leaf_eku(tsa, Eku::kNone)), ErrorCode::kTampered,
                 "not exactly timeStamping");
  check_rejected(verify(token, with_leaf_eku(tsa, Eku::kCodeSigning)), ErrorCode::kTampered,
                 "not exactly timeStamping");
  check_rejected(verify(token, with_leaf_eku(tsa, Eku::kTimeStampingNotCritical)), ErrorCode::kTampered,
                 "not critical");
}

TEST_CASE("rfc3161 TSA leaf not issued by its authority chain is rejected") {
  const TestTsa tsa = TestTsa::create();
  const TestTsa other = TestTsa::create();
  CertificateAuthority authority = tsa.authority();
  const Bytes token = make_timestamp(tsa, kSignature);
  authority.cert_chain[1] = der_of(other.root.get());  // same names, other key
  check_rejected(verify(token, authority), ErrorCode::kTampered, "does not verify");
  X509Ptr stranger = issue({"another root", 1, utc(2019, 1, 1), utc(2045, 1, 1), true, Eku::kNone},
                           other.root_key.get(), nullptr, nullptr);
  authority.cert_chain[1] = der_of(stranger.get());
  check_rejected(verify(token, authority), ErrorCode::kTampered,
                 "not issued by a certificate of its trusted-root chain");
}

TEST_CASE("rfc3161 trusted root chain of just the TSA leaf verifies") {
  const TestTsa tsa = TestTsa::create();
  CertificateAuthority authority = tsa.authority();
  authority.cert_chain.resize(1);
  auto verified = verify(make_timestamp(tsa, kSignature), authority);
  CHECK_MESSAGE(verified.ok(), verified.error().detail);
}

TEST_CASE("rfc3161 malformed responses are corrupt") {
  const TestTsa tsa = TestTsa::create();
  const Bytes token = make_timestamp(tsa, kSignature);
  check_rejected(verify({}, tsa.authority()), ErrorCode::kCorrupt, "empty");
  for (size_t size = 1; size < token.size(); size += 13) {
    CAPTURE(size);
    check_rejected(verify(Bytes(token.begin(), token.begin() + static_cast<long>(size)), tsa.authority()),
                   ErrorCode::kCorrupt, "RFC 3161");
  }
  Bytes trailing = token;
  trailing.push_back(0);
  check_rejected(verify(trailing, tsa.authority()), ErrorCode::kCorrupt, "trailing");
  // The outer length in a longer form than needed: valid BER, not DER.
  REQUIRE(token[0] == 0x30);
  REQUIRE(token[1] == 0x82);
  Bytes ber = {0x30, 0x83, 0x00};
  ber.insert(ber.end(), token.begin() + 2, token.end());
  check_rejected(verify(ber, tsa.authority()), ErrorCode::kCorrupt, "not DER");
  check_rejected(verify(bytes_of("not a timestamp"), tsa.authority()), ErrorCode::kCorrupt, "TimeStampResp");
}

TEST_CASE("rfc3161 oversized input is over the limit") {
  const TestTsa tsa = TestTsa::create();
  const Bytes huge(modelseal::keys::kMaxTimestampBytes + 1, 0x30);
  check_rejected(verify(huge, tsa.authority()), ErrorCode::kLimitExceeded, "limit");
}

TEST_CASE("rfc3161 response refused by the TSA is rejected") {
  const TestTsa tsa = TestTsa::create();
  check_rejected(verify(status_only_response(TS_STATUS_REJECTION), tsa.authority()), ErrorCode::kTampered,
                 "status 2, rejection");
  check_rejected(verify(status_only_response(TS_STATUS_WAITING), tsa.authority()), ErrorCode::kTampered,
                 "status 3");
  // "granted" without a token does not even decode.
  check_rejected(verify(status_only_response(TS_STATUS_GRANTED), tsa.authority()), ErrorCode::kCorrupt,
                 "RFC 3161");
}

TEST_CASE("rfc3161 every flipped byte is rejected except the unsigned status") {
  const TestTsa tsa = TestTsa::create();
  const Bytes token = make_timestamp(tsa, kSignature, {.embed_certificate = false});
  // SEQUENCE(len16) { SEQUENCE { INTEGER 0 } ...: byte 8 is PKIStatus, which
  // nothing signs; granted (0) and grantedWithMods (1) both carry a token.
  REQUIRE(token.size() > 9);
  REQUIRE(Bytes(token.begin() + 4, token.begin() + 9) == Bytes{0x30, 0x03, 0x02, 0x01, 0x00});
  for (size_t i = 0; i < token.size(); ++i) {
    Bytes mutated = token;
    mutated[i] ^= 0x01;
    auto result = verify(mutated, tsa.authority());
    CHECK_MESSAGE((!result.ok() || i == 8), "byte ", i, " of ", token.size(), " flipped still verifies");
  }
}

namespace {

std::string pem_of(X509* cert) {
  modelseal::crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  REQUIRE(bio);
  REQUIRE(PEM_write_bio_X509(bio.get(), cert) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

std::string pem_of(EVP_PKEY* key) {
  modelseal::crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  REQUIRE(bio);
  REQUIRE(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1);
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio.get(), &data);
  return std::string(data, static_cast<size_t>(size));
}

constexpr std::string_view kOpensslTsaConfig =
    "[ tsa ]\ndefault_tsa = tsa1\n[ tsa1 ]\nserial = ./serial\nsigner_cert = ./tsa.pem\n"
    "certs = ./root.pem\nsigner_key = ./tsa.key\nsigner_digest = sha256\n"
    "default_policy = 1.3.6.1.4.1.57264.2\ndigests = sha256, sha384, sha512\naccuracy = secs:1\n"
    "ordering = no\ntsa_name = yes\ness_cert_id_chain = no\ness_cert_id_alg = sha256\n";

}  // namespace

TEST_CASE("rfc3161 token made by the openssl ts command verifies") {
  if (!keys_test::have_openssl()) {
    MESSAGE("skipped: no openssl command");
    return;
  }
  const TestTsa tsa = TestTsa::create();
  test_support::TempDir dir;
  test_support::write_bytes(dir / "tsa.pem", pem_of(tsa.leaf.get()));
  test_support::write_bytes(dir / "root.pem", pem_of(tsa.root.get()));
  test_support::write_bytes(dir / "tsa.key", pem_of(tsa.leaf_key.get()));
  test_support::write_bytes(dir / "serial", "01\n");
  test_support::write_bytes(dir / "tsa.cnf", std::string(kOpensslTsaConfig));
  test_support::write_bytes(dir / "sig.bin", std::string(kSignature.begin(), kSignature.end()));
  for (const char* cert_flag : {"-cert", ""}) {
    CAPTURE(cert_flag);
    const std::string cd = "cd " + keys_test::quoted(dir.path()) + " && ";
    REQUIRE(keys_test::run(cd + "openssl ts -query -data sig.bin -sha256 " + cert_flag + " -out req.tsq") == 0);
    REQUIRE(keys_test::run(cd + "openssl ts -reply -config tsa.cnf -queryfile req.tsq -out resp.tsr") == 0);
    const std::string response = test_support::read_bytes(dir / "resp.tsr");
    const auto before = std::chrono::system_clock::now();
    auto verified = verify(Bytes(response.begin(), response.end()), tsa.authority());
    REQUIRE_MESSAGE(verified.ok(), verified.error().detail);
    CHECK(verified->gen_time <= before);
    CHECK(verified->gen_time > before - std::chrono::minutes(5));
    check_rejected(verify(Bytes(response.begin(), response.end()), tsa.authority(), bytes_of("x")),
                   ErrorCode::kTampered, "messageImprint");
  }
}
