// Sigstore trusted root parser and RFC 3339 times
// (formats/sigstore/trusted_root.hpp), on the real roots in ../shared and on
// a small root built here and mutated.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <string>

#include "formats/sigstore/trusted_root.hpp"
#include "transparency_test_support.hpp"
#include "test_skip.hpp"
#include "test_support.hpp"

namespace {

namespace fs = std::filesystem;
using namespace std::chrono;
using modelseal::ErrorCode;
using modelseal::formats::parse_rfc3339;
using modelseal::formats::parse_trusted_root;
using transparency_test::shared_dir;

// A P-256 SPKI and a (not parsed here) certificate, as base64.
const std::string kTrustedRootKey =
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE2G2Y+2tabdTV5BcGiBIx0a9fAFwrkBbmLSGtks4L3qX6yYY0zufBnhC8Ur/iy55GhWP/9A/bY2LhC30M9+RYtw==";

std::string log_json(const std::string& valid_for = R"({"start":"2021-01-12T11:53:27Z"})") {
  return R"({"baseUrl":"https://rekor.example.dev","hashAlgorithm":"SHA2_256",)"
         R"("publicKey":{"rawBytes":")" + kTrustedRootKey + R"(","keyDetails":"PKIX_ECDSA_P256_SHA_256",)"
         R"("validFor":)" + valid_for + R"(},"logId":{"keyId":"wNI9atQGlz+VWfO6LRygH4QUfY/8W4RFwiT5i5WRgB0="}})";
}

std::string authority_json() {
  return R"({"subject":{"organization":"example","commonName":"ca"},"uri":"https://ca.example.dev",)"
         R"("certChain":{"certificates":[{"rawBytes":"MIIB"},{"rawBytes":"MIIC"}]},)"
         R"("validFor":{"start":"2022-04-13T20:06:15Z","end":"2031-10-05T13:56:58.000Z"}})";
}

std::string root_json(const std::string& tlog = log_json()) {
  return R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1","tlogs":[)" +
         tlog + R"(],"ctlogs":[)" + log_json() + R"(],"certificateAuthorities":[)" +
         authority_json() + R"(],"timestampAuthorities":[)" + authority_json() + "]}";
}

int64_t epoch_ns(const std::string& text) {
  auto t = parse_rfc3339(text);
  REQUIRE_MESSAGE(t.ok(), text, ": ", t.error().detail);
  return duration_cast<nanoseconds>(t->time_since_epoch()).count();
}

}  // namespace

TEST_CASE("rfc3339 times parse to the right instant") {
  CHECK(epoch_ns("1970-01-01T00:00:00Z") == 0);
  CHECK(epoch_ns("2021-01-12T11:53:27Z") == 1610452407LL * 1000000000);
  CHECK(epoch_ns("2022-10-31T23:59:59.999Z") == 1667260799999000000LL);
  CHECK(epoch_ns("2023-01-01T00:00:00.000Z") == 1672531200LL * 1000000000);
  CHECK(epoch_ns("2023-01-01T02:00:00.000000001+02:00") == 1672531200LL * 1000000000 + 1);
  CHECK(epoch_ns("2022-12-31T23:30:00-00:30") == 1672531200LL * 1000000000);
  CHECK(epoch_ns("2024-02-29T00:00:00Z") == 1709164800LL * 1000000000);
  CHECK(epoch_ns("1900-01-01T00:00:00Z") == -2208988800LL * 1000000000);
}

TEST_CASE("rfc3339 rejects malformed and unrepresentable times") {
  for (const char* bad : {"", "2021-01-12", "2021-01-12T11:53:27", "2021-01-12 11:53:27Z",
                          "2021-1-12T11:53:27Z", "2021-01-12T11:53:27z", "2021-02-29T00:00:00Z",
                          "2021-13-01T00:00:00Z", "2021-00-01T00:00:00Z", "2021-01-32T00:00:00Z",
                          "2021-01-12T24:00:00Z", "2021-01-12T11:60:00Z", "2021-01-12T11:53:60Z",
                          "2021-01-12T11:53:27.Z", "2021-01-12T11:53:27.1234567890Z",
                          "2021-01-12T11:53:27+0100", "2021-01-12T11:53:27+24:00",
                          "2021-01-12T11:53:27Z ", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z",
                          "1000-01-01T00:00:00Z", "+021-01-12T11:53:27Z", "2021-01-12T11:53:27+01:60"}) {
    CAPTURE(bad);
    auto t = parse_rfc3339(bad);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == ErrorCode::kCorrupt);
  }
}

TEST_CASE("trusted root built here parses with every field") {
  auto root = parse_trusted_root(root_json(), "test");
  REQUIRE_MESSAGE(root.ok(), root.error().detail);
  REQUIRE(root->tlogs.size() == 1);
  const auto& log = root->tlogs[0];
  CHECK(log.base_url == "https://rekor.example.dev");
  CHECK(log.hash_algorithm == "SHA2_256");
  CHECK(log.key_details == "PKIX_ECDSA_P256_SHA_256");
  CHECK(log.public_key_der.size() == 91);
  CHECK(log.log_id.size() == 32);
  CHECK_FALSE(log.valid_for.end.has_value());
  CHECK(root->ctlogs.size() == 1);
  REQUIRE(root->certificate_authorities.size() == 1);
  const auto& ca = root->certificate_authorities[0];
  CHECK(ca.organization == "example");
  CHECK(ca.common_name == "ca");
  CHECK(ca.uri == "https://ca.example.dev");
  CHECK(ca.cert_chain.size() == 2);
  REQUIRE(ca.valid_for.end.has_value());
  CHECK(ca.valid_for.contains(*ca.valid_for.end));  // inclusive end
  CHECK(ca.valid_for.contains(ca.valid_for.start));
  CHECK_FALSE(ca.valid_for.contains(*ca.valid_for.end + nanoseconds(1)));
  CHECK_FALSE(ca.valid_for.contains(ca.valid_for.start - nanoseconds(1)));
  CHECK(root->timestamp_authorities.size() == 1);
}

TEST_CASE("trusted root tolerates unknown fields and nulls and version 0.2 and absent lists") {
  const std::string base = root_json();
  for (const std::string& text :
       {test_support::replaced_first(base, R"("tlogs":[)", R"("future":{"x":[1]},"tlogs":[)"),
        test_support::replaced_first(base, R"("hashAlgorithm")", R"("operator":null,"checkpointKeyId":null,"hashAlgorithm")"),
        test_support::replaced_first(base, R"(12T11:53:27Z"})", R"(12T11:53:27Z","end":null})"),
        test_support::replaced_first(base, "version=0.1", "version=0.2"),
        std::string(R"({"mediaType":"application/vnd.dev.sigstore.trustedroot+json;version=0.1"})")}) {
    CAPTURE(text);
    auto root = parse_trusted_root(text, "test");
    CHECK_MESSAGE(root.ok(), root.error().detail);
  }
}

TEST_CASE("trusted root mutations are rejected with the expected codes") {
  const std::string base = root_json();
  struct Case {
    std::string name;
    std::string text;
    ErrorCode code;
    std::string detail;
  };
  std::string many_logs = log_json();
  for (size_t i = 0; i < modelseal::formats::kMaxTrustedRootEntries; ++i) many_logs += "," + log_json();
  const std::vector<Case> cases = {
      {"unknown media type", test_support::replaced_first(base, "version=0.1", "version=9"), ErrorCode::kUnsupported, "mediaType"},
      {"not an object", "[]", ErrorCode::kCorrupt, "must be an object"},
      {"not json", "{", ErrorCode::kCorrupt, ""},
      {"duplicate key", test_support::replaced_first(base, R"("tlogs")", R"("ctlogs":[],"tlogs")"), ErrorCode::kCorrupt, "ctlogs"},
      {"baseUrl not a string", test_support::replaced_first(base, R"("https://rekor.example.dev")", "7"), ErrorCode::kCorrupt, "tlogs[0].baseUrl"},
      {"tlogs not an array", test_support::replaced_first(base, R"("tlogs":[)" + log_json() + "]", R"("tlogs":{})"), ErrorCode::kCorrupt, "tlogs: must be an array"},
      {"missing public key", test_support::replaced_first(base, R"("publicKey")", R"("publicKeyX")"), ErrorCode::kCorrupt, "tlogs[0].publicKey: is missing"},
      {"bad base64 key", test_support::replaced_first(base, kTrustedRootKey, kTrustedRootKey.substr(1)), ErrorCode::kCorrupt, "rawBytes"},
      {"empty key", test_support::replaced_first(base, kTrustedRootKey, ""), ErrorCode::kCorrupt, "rawBytes"},
      {"missing validity start", root_json(log_json("{}")), ErrorCode::kCorrupt, "validFor.start: is missing"},
      {"missing validFor", root_json(log_json("null")), ErrorCode::kCorrupt, "validFor: is missing"},
      {"bad validity time", root_json(log_json(R"({"start":"2021-01-12"})")), ErrorCode::kCorrupt, "validFor.start"},
      {"end before start", root_json(log_json(R"({"start":"2021-01-12T11:53:27Z","end":"2020-01-12T11:53:27Z"})")), ErrorCode::kCorrupt, "ends before"},
      {"start a number", root_json(log_json(R"({"start":1})")), ErrorCode::kCorrupt, "must be a string"},
      {"empty chain", test_support::replaced_first(base, R"({"rawBytes":"MIIB"},{"rawBytes":"MIIC"})", ""), ErrorCode::kCorrupt, "no certificates"},
      {"subject not an object", test_support::replaced_first(base, R"("subject":{"organization":"example","commonName":"ca"})", R"("subject":"x")"), ErrorCode::kCorrupt, "subject"},
      {"too many logs", root_json(many_logs), ErrorCode::kLimitExceeded, "more than"},
      {"too deep", test_support::replaced_first(base, R"("tlogs":[)", "\"x\":" + std::string(20, '[') + std::string(20, ']') + R"(,"tlogs":[)"), ErrorCode::kLimitExceeded, ""},
  };
  for (const Case& c : cases) {
    CAPTURE(c.name);
    auto root = parse_trusted_root(c.text, "test");
    REQUIRE_FALSE(root.ok());
    CHECK(root.error().code == c.code);
    CHECK_MESSAGE(root.error().detail.find(c.detail) != std::string::npos, root.error().detail);
    CHECK(root.error().detail.rfind("test: ", 0) == 0);
  }
}

TEST_CASE("real trusted roots parse and their Rekor v1 log ids are SHA-256 of the key") {
  const fs::path dir = shared_dir("vectors/sigstore");
  if (dir.empty()) return test_skip::skip_without_shared();
  size_t parsed = 0, rejected = 0, v1_logs = 0;
  for (const auto& item : fs::recursive_directory_iterator(dir)) {
    const std::string name = item.path().filename().string();
    if (name.find("trusted_root") == std::string::npos || item.path().extension() != ".json") continue;
    CAPTURE(item.path().string());
    auto root = parse_trusted_root(test_support::read_bytes(item.path()), item.path().string());
    if (item.path().parent_path().filename() == "trust-root-tlog-missing-validity-start_fail") {
      REQUIRE_FALSE(root.ok());
      CHECK(root.error().detail.find("validFor.start: is missing") != std::string::npos);
      ++rejected;
      continue;
    }
    REQUIRE_MESSAGE(root.ok(), root.error().detail);
    ++parsed;
    CHECK_FALSE(root->tlogs.empty());
    CHECK_FALSE(root->certificate_authorities.empty());
    for (const auto& log : root->tlogs) {
      if (log.key_details != "PKIX_ECDSA_P256_SHA_256") continue;
      auto id = modelseal::sha256_of(log.public_key_der);
      REQUIRE(id.ok());
      CHECK(std::equal(id->bytes.begin(), id->bytes.end(), log.log_id.begin(), log.log_id.end()));
      ++v1_logs;
    }
  }
  MESSAGE(parsed, " trusted roots parsed, ", v1_logs, " Rekor v1 logs");
  CHECK(parsed == 32);
  CHECK(rejected == 1);
}

TEST_CASE("real trusted root: the inclusive validity end of the conformance case") {
  const fs::path dir = shared_dir("vectors/sigstore/conformance/bundle-verify/trust-root-tlog-validity-end-inclusive");
  if (dir.empty()) return test_skip::skip_without_shared();
  auto root = parse_trusted_root(test_support::read_bytes(dir / "trusted_root.json"), "end-inclusive");
  REQUIRE_MESSAGE(root.ok(), root.error().detail);
  REQUIRE(root->tlogs.size() == 2);
  const auto& window = root->tlogs[0].valid_for;
  auto end = parse_rfc3339("2023-07-12T15:56:36Z");
  REQUIRE(end.ok());
  REQUIRE(window.end.has_value());
  CHECK(*window.end == *end);
  CHECK(window.contains(*end));
  CHECK_FALSE(window.contains(*end + nanoseconds(1)));
  CHECK_FALSE(root->tlogs[1].valid_for.end.has_value());  // "end": null
}
