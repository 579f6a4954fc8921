// RFC 3161 responses, valid and hostile, from the fixed TSA of
// fuzz/rfc3161_fuzz_tsa.hpp, checked here and written as the seeds of
// fuzz/fuzz_rfc3161.cpp:
//   MODELSEAL_WRITE_RFC3161_SEEDS=fuzz/corpus/rfc3161 modelseal_keys_tests -tc='rfc3161 seeds*'
// ECDSA signatures are randomized, so rewritten seeds differ byte-wise; the
// committed valid_* seeds must keep verifying.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "rfc3161_fuzz_tsa.hpp"  // fuzz/
#include "timestamp/rfc3161.hpp"
#include "rfc3161_test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace rfc3161_test;
using modelseal::ErrorCode;
using modelseal::formats::CertificateAuthority;

struct TimestampSeed {
  std::string file;
  Bytes bytes;
  std::optional<ErrorCode> rejection;  // nullopt: verifies
};

Bytes decoded(std::string_view base64) {
  auto der = modelseal::formats::base64_decode(base64);
  REQUIRE(der.ok());
  return *der;
}

CertificateAuthority fuzz_authority() {
  CertificateAuthority a;
  a.uri = std::string(rfc3161_fuzz::kTsaUri);
  a.cert_chain = {decoded(rfc3161_fuzz::kTsaCertBase64), decoded(rfc3161_fuzz::kRootCertBase64)};
  a.valid_for = {utc(2025, 1, 1), utc(2045, 1, 1)};
  return a;
}

const Bytes kSignedData = bytes_of(rfc3161_fuzz::kSignedData);

std::vector<TimestampSeed> make_seeds() {
  X509Ptr leaf = cert_from_der(decoded(rfc3161_fuzz::kTsaCertBase64));
  EvpPkeyPtr key = key_from_pem(rfc3161_fuzz::kTsaKeyPem);
  auto token = [&](TokenSpec spec = {}) { return make_timestamp(leaf.get(), key.get(), kSignedData, spec); };
  const Bytes valid = token({.embed_certificate = false});
  std::vector<TimestampSeed> seeds = {
      {"valid_embedded_cert.tsr", token(), std::nullopt},
      {"valid_no_cert.tsr", valid, std::nullopt},
      {"valid_sha384.tsr", token({.imprint_md = EVP_sha384(), .embed_certificate = false}), std::nullopt},
      {"valid_sha512.tsr", token({.imprint_md = EVP_sha512(), .embed_certificate = false}), std::nullopt},
      {"valid_at_validity_end.tsr", token({.gen_time = utc(2045, 1, 1), .embed_certificate = false}), std::nullopt},
      {"sha1_imprint.tsr", token({.imprint_md = EVP_sha1(), .embed_certificate = false}), ErrorCode::kUnsupported},
      {"before_validity.tsr", token({.gen_time = utc(2024, 12, 31), .embed_certificate = false}), ErrorCode::kTampered},
      {"other_data.tsr", make_timestamp(leaf.get(), key.get(), bytes_of("other"), {}), ErrorCode::kTampered},
      {"untrusted_tsa.tsr", make_timestamp(TestTsa::create(), kSignedData), ErrorCode::kTampered},
      {"status_rejection.tsr", status_only_response(TS_STATUS_REJECTION), ErrorCode::kTampered},
      {"status_waiting.tsr", status_only_response(TS_STATUS_WAITING), ErrorCode::kTampered},
      {"status_granted_no_token.tsr", status_only_response(TS_STATUS_GRANTED), ErrorCode::kCorrupt},
      {"empty.tsr", {}, ErrorCode::kCorrupt},
      {"text.tsr", bytes_of("not a timestamp response"), ErrorCode::kCorrupt},
  };
  Bytes flipped = valid;
  flipped.back() ^= 0x01;
  seeds.push_back({"flipped_signature.tsr", flipped, ErrorCode::kTampered});
  Bytes trailing = valid;
  trailing.push_back(0x00);
  seeds.push_back({"trailing_byte.tsr", trailing, ErrorCode::kCorrupt});
  Bytes ber = {0x30, 0x83, 0x00};
  ber.insert(ber.end(), valid.begin() + 2, valid.end());
  seeds.push_back({"ber_length.tsr", ber, ErrorCode::kCorrupt});
  for (size_t cut : {size_t{2}, size_t{40}, valid.size() / 2, valid.size() - 1})
    seeds.push_back({"truncated_" + std::to_string(cut) + ".tsr",
                     Bytes(valid.begin(), valid.begin() + static_cast<long>(cut)), ErrorCode::kCorrupt});
  // Real Sigstore staging and FreeTSA (RSA) responses: well-formed, untrusted here.
  const fs::path cases = fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/conformance/bundle-verify";
  for (const char* name : {"rekor2-happy-path", "rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail"}) {
    std::ifstream in(cases / name / "bundle.sigstore.json");
    const auto bundle = nlohmann::json::parse(in, nullptr, false);
    if (bundle.is_discarded()) continue;
    const auto& ts = bundle["verificationMaterial"]["timestampVerificationData"]["rfc3161Timestamps"][0];
    seeds.push_back({std::string("real_") + name + ".tsr", decoded(ts["signedTimestamp"].get<std::string>()),
                     ErrorCode::kTampered});
  }
  Bytes huge_length = valid;  // outer length claims far more than present
  huge_length[1] = 0x84;
  seeds.push_back({"huge_length.tsr", huge_length, ErrorCode::kCorrupt});
  return seeds;
}

void check_verdict(const Bytes& bytes, const std::optional<ErrorCode>& rejection) {
  const std::vector<CertificateAuthority> authorities{fuzz_authority()};
  auto result = modelseal::keys::verify_rfc3161_timestamp(bytes, kSignedData, authorities);
  if (!rejection) {
    CHECK_MESSAGE(result.ok(), result.error().detail);
  } else {
    REQUIRE_FALSE(result.ok());
    CHECK_MESSAGE(result.error().code == *rejection, result.error().detail);
  }
}

}  // namespace

TEST_CASE("rfc3161 seeds get their verdicts and are written on request") {
  const std::vector<TimestampSeed> seeds = make_seeds();
  for (const TimestampSeed& seed : seeds) {
    CAPTURE(seed.file);
    CHECK(seed.bytes.size() < 64 * 1024);
    check_verdict(seed.bytes, seed.rejection);
  }
  const char* out = std::getenv("MODELSEAL_WRITE_RFC3161_SEEDS");
  if (out == nullptr) return;
  fs::create_directories(out);
  for (const TimestampSeed& seed : seeds)
    std::ofstream(fs::path(out) / seed.file, std::ios::binary | std::ios::trunc)
        .write(reinterpret_cast<const char*>(seed.bytes.data()), static_cast<std::streamsize>(seed.bytes.size()));
}

TEST_CASE("rfc3161 seeds committed as valid still verify against the fuzz TSA") {
  const fs::path corpus = fs::path(MODELSEAL_SOURCE_DIR) / "fuzz/corpus/rfc3161";
  size_t valid = 0;
  if (!fs::is_directory(corpus)) {
    MESSAGE("skipped: no ", corpus.string());
    return;
  }
  for (const auto& entry : fs::directory_iterator(corpus)) {
    if (entry.path().filename().string().rfind("valid_", 0) != 0) continue;
    CAPTURE(entry.path().filename().string());
    std::ifstream in(entry.path(), std::ios::binary);
    const Bytes bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    check_verdict(bytes, std::nullopt);
    ++valid;
  }
  CHECK(valid >= 5);
}
