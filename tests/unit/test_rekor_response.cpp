// Rekor v1 API log entries become the bundle's tlogEntries[] form exactly:
// the real GitHub bundle's entry, rewritten into the API form, converts back
// to itself; malformed API entries are refused naming the field.
#include <doctest/doctest.h>

#include <string>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/rekor_response.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "test_support.hpp"

namespace {

using namespace modelseal;
using nlohmann::json;

std::string hex_of_base64(const json& b64) {
  auto bytes = formats::base64_decode(b64.get<std::string>());
  REQUIRE(bytes.ok());
  static const char* kDigits = "0123456789abcdef";
  std::string out;
  for (uint8_t b : *bytes) out += {kDigits[b >> 4], kDigits[b & 15]};
  return out;
}

json github_entry() {
  auto path = std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/sigstore/bundle_v3_github.whl.sigstore";
  auto bundle = formats::parse_sigstore_bundle(test_support::read_bytes(path), path.string());
  REQUIRE(bundle.ok());
  return (*bundle->verification_material.tlog_entries)[0];
}

// The API form of a bundle entry (what Rekor's /api/v1/log/entries returns).
json api_form(const json& e) {
  const json& p = e["inclusionProof"];
  json hashes = json::array();
  for (const json& h : p["hashes"]) hashes.push_back(hex_of_base64(h));
  return json{{"24296fb24b8ad77a" + hex_of_base64(e["logId"]["keyId"]),
               {{"body", e["canonicalizedBody"]},
                {"integratedTime", std::stoll(e["integratedTime"].get<std::string>())},
                {"logID", hex_of_base64(e["logId"]["keyId"])},
                {"logIndex", std::stoll(e["logIndex"].get<std::string>())},
                {"verification",
                 {{"signedEntryTimestamp", e["inclusionPromise"]["signedEntryTimestamp"]},
                  {"inclusionProof",
                   {{"checkpoint", p["checkpoint"]["envelope"]},
                    {"hashes", hashes},
                    {"logIndex", std::stoll(p["logIndex"].get<std::string>())},
                    {"rootHash", hex_of_base64(p["rootHash"])},
                    {"treeSize", std::stoll(p["treeSize"].get<std::string>())}}}}}}}};
}

std::string convert_error(const json& api) {
  auto converted = formats::tlog_entry_from_rekor_response(api.dump(), "entry.json");
  return converted.ok() ? "" : converted.error().detail;
}

}  // namespace

TEST_CASE("rekor response: a real entry in the API form converts back to the bundle form") {
  const json entry = github_entry();
  auto converted = formats::tlog_entry_from_rekor_response(api_form(entry).dump(), "entry.json");
  REQUIRE_MESSAGE(converted.ok(), converted.error().detail);
  CHECK(*converted == entry);
}

TEST_CASE("rekor response: malformed API entries are refused, naming the field") {
  const json entry = github_entry();
  const json good = api_form(entry);
  const std::string uuid = good.begin().key();

  json two = good;
  two["other"] = good[uuid];
  CHECK(convert_error(two).find("exactly one member") != std::string::npos);
  CHECK(convert_error(json::array()).find("exactly one member") != std::string::npos);

  auto mutated = [&](auto edit) {
    json m = good;
    edit(m[uuid]);
    return convert_error(m);
  };
  CHECK(mutated([](json& e) { e["logID"] = "ZZ"; }).find("logID") != std::string::npos);
  CHECK(mutated([](json& e) { e["logIndex"] = -1; }).find("logIndex") != std::string::npos);
  CHECK(mutated([](json& e) { e["logIndex"] = "7"; }).find("logIndex") != std::string::npos);
  CHECK(mutated([](json& e) { e.erase("verification"); }).find("verification") != std::string::npos);
  CHECK(mutated([](json& e) { e["verification"].erase("inclusionProof"); }).find("inclusionProof") !=
        std::string::npos);
  CHECK(mutated([](json& e) { e["verification"]["inclusionProof"]["rootHash"] = "00"; })
            .find("rootHash") != std::string::npos);
  CHECK(mutated([](json& e) { e["verification"]["inclusionProof"]["hashes"][0] = 5; })
            .find("hashes[0]") != std::string::npos);
  CHECK(mutated([](json& e) { e["unknown"] = 1; }).find("unknown") != std::string::npos);
  CHECK(mutated([](json& e) { e["body"] = "eyJraW5kIjoibm9wZSJ9"; }) != "");  // {"kind":"nope"}
  CHECK(mutated([](json& e) { e["body"] = "%%%"; }).find("body") != std::string::npos);
  CHECK(convert_error(json("not an object")) != "");
  auto not_json = formats::tlog_entry_from_rekor_response("{\"a\":", "entry.json");
  CHECK_FALSE(not_json.ok());
}
