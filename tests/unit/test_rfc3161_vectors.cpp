// RFC 3161 timestamps of the real Sigstore conformance bundles in
// ../shared/vectors/sigstore/conformance/bundle-verify, verified against each
// case's trusted root (its own trusted_root.json, else production). Skipped
// (with a MESSAGE) when ../shared is absent.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "timestamp/rfc3161.hpp"
#include "test_skip.hpp"

namespace {

namespace fs = std::filesystem;
using modelseal::ErrorCode;

// Cases whose timestamp must not verify, and why; every other case with an
// RFC 3161 timestamp must verify (their failures lie elsewhere).
const std::map<std::string, std::string> kBadTimestamp = {
    {"rekor2-timestamp-payload-mismatch_fail", "messageImprint does not match"},
    {"rekor2-timestamp-outside-trust-root-tsa-validity_fail", "in the trusted root"},
    {"rekor2-timestamp-outside-tsa-cert-validity_fail", "outside the validity of TSA certificate"},
    {"rekor2-timestamp-untrusted-tsa-without-embedded-cert_fail", "not in the trusted root"},
    // Its trusted root is rejected, so it has no TSA to check against.
    {"trust-root-tlog-missing-validity-start_fail", ""},
};

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Line breaks are dropped: one case's timestamp was wrapped by `base64`
// (whether a bundle may carry that is the bundle parser's business).
std::vector<uint8_t> b64_lines(const nlohmann::json& value) {
  REQUIRE(value.is_string());
  std::string text = value.get<std::string>();
  std::erase(text, '\n');
  auto bytes = modelseal::formats::base64_decode(text);
  REQUIRE(bytes.ok());
  return *bytes;
}

// The bytes the timestamp covers: the message signature or the DSSE signature.
std::vector<uint8_t> signature_of(const nlohmann::json& bundle) {
  if (bundle.contains("messageSignature")) return b64_lines(bundle["messageSignature"]["signature"]);
  return b64_lines(bundle["dsseEnvelope"]["signatures"][0]["sig"]);
}

}  // namespace

TEST_CASE("rfc3161 timestamps of the conformance bundles get their expected verdicts") {
  const fs::path cases = fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/conformance/bundle-verify";
  const fs::path production = fs::path(MODELSEAL_SHARED_DIR) / "vectors/sigstore/trust/trusted_root.production.json";
  if (!fs::is_directory(cases)) return test_skip::skip_without_shared();
  size_t with_timestamps = 0, checked = 0, verified = 0;
  for (const auto& entry : fs::directory_iterator(cases)) {
    const std::string name = entry.path().filename().string();
    const auto bundle = nlohmann::json::parse(read_text(entry.path() / "bundle.sigstore.json"), nullptr, false);
    if (bundle.is_discarded()) continue;
    const auto material = bundle.value("verificationMaterial", nlohmann::json::object());
    const auto timestamps = material.value("timestampVerificationData", nlohmann::json::object())
                                .value("rfc3161Timestamps", nlohmann::json::array());
    if (timestamps.empty()) continue;
    ++with_timestamps;
    CAPTURE(name);
    const fs::path own_root = entry.path() / "trusted_root.json";
    auto root = modelseal::formats::parse_trusted_root(
        read_text(fs::exists(own_root) ? own_root : production), "trusted_root.json");
    const auto expected = kBadTimestamp.find(name);
    if (!root.ok()) {
      CHECK_MESSAGE(expected != kBadTimestamp.end(), root.error().detail);
      ++checked;
      continue;
    }
    const std::vector<uint8_t> signature = signature_of(bundle);
    for (const auto& timestamp : timestamps) {
      auto result = modelseal::keys::verify_rfc3161_timestamp(b64_lines(timestamp["signedTimestamp"]), signature,
                                                              root->timestamp_authorities);
      ++checked;
      if (expected == kBadTimestamp.end()) {
        CHECK_MESSAGE(result.ok(), result.error().detail);
        verified += result.ok() ? 1 : 0;
      } else {
        REQUIRE_FALSE(result.ok());
        CHECK(result.error().code == ErrorCode::kTampered);
        CHECK_MESSAGE(result.error().detail.find(expected->second) != std::string::npos,
                      result.error().detail);
      }
    }
  }
  MESSAGE(with_timestamps, " cases with timestamps, ", checked, " checked, ", verified, " verified");
  CHECK(with_timestamps >= 20);
  CHECK(checked >= with_timestamps);
}
