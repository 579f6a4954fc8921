// Rekor log entries and bodies (formats/sigstore/tlog_entry.hpp): valid input
// of every kind parses into the normalized structs; malformed, mistyped and
// oversized input is rejected with the error code and the JSON path.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/tlog_entry.hpp"

namespace {

using modelseal::ErrorCode;
using nlohmann::json;
namespace formats = modelseal::formats;

std::string b64(std::string_view text) {
  return formats::base64_encode({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}
std::string b64(const std::vector<uint8_t>& bytes) { return formats::base64_encode(bytes); }

std::vector<uint8_t> filled(size_t n, uint8_t v) { return std::vector<uint8_t>(n, v); }

const std::string kHex32 = std::string(64, 'a');

std::string pem(std::string_view label, const std::vector<uint8_t>& der) {
  return "-----BEGIN " + std::string(label) + "-----\n" + b64(der) + "\n-----END " +
         std::string(label) + "-----\n";
}

json valid_entry() {
  return {
      {"logIndex", "27246492"},
      {"logId", {{"keyId", b64(filled(32, 7))}}},
      {"kindVersion", {{"kind", "hashedrekord"}, {"version", "0.0.1"}}},
      {"integratedTime", "1689177396"},
      {"inclusionPromise", {{"signedEntryTimestamp", b64(filled(70, 1))}}},
      {"inclusionProof",
       {{"logIndex", "23083061"},
        {"rootHash", b64(filled(32, 2))},
        {"treeSize", "23083062"},
        {"hashes", {b64(filled(32, 3)), b64(filled(32, 4))}},
        {"checkpoint", {{"envelope", "origin\n1\nroot\n\n\xE2\x80\x94 name sig\n"}}}}},
      {"canonicalizedBody", b64("{\"kind\":\"hashedrekord\"}")},
  };
}

ErrorCode entry_error(const json& entry, std::string_view path_fragment) {
  auto r = formats::parse_tlog_entry(entry, "test");
  REQUIRE_FALSE(r.ok());
  CHECK_MESSAGE(r.error().detail.find(path_fragment) != std::string::npos, r.error().detail);
  return r.error().code;
}

json hashedrekord_v001(const std::string& key_pem) {
  return {{"apiVersion", "0.0.1"},
          {"kind", "hashedrekord"},
          {"spec",
           {{"data", {{"hash", {{"algorithm", "sha256"}, {"value", kHex32}}}}},
            {"signature",
             {{"content", b64(filled(70, 9))}, {"publicKey", {{"content", b64(key_pem)}}}}}}}};
}

json v2_signature(std::string_view material) {
  return {{"content", b64(filled(71, 9))},
          {"verifier",
           {{"keyDetails", "PKIX_ECDSA_P256_SHA_256"},
            {std::string(material), {{"rawBytes", b64(filled(40, 5))}}}}}};
}

json hashedrekord_v002(std::string_view material) {
  return {{"apiVersion", "0.0.2"},
          {"kind", "hashedrekord"},
          {"spec",
           {{"hashedRekordV002",
             {{"data", {{"algorithm", "SHA2_256"}, {"digest", b64(filled(32, 6))}}},
              {"signature", v2_signature(material)}}}}}};
}

json dsse_v001() {
  return {{"apiVersion", "0.0.1"},
          {"kind", "dsse"},
          {"spec",
           {{"envelopeHash", {{"algorithm", "sha256"}, {"value", std::string(64, 'b')}}},
            {"payloadHash", {{"algorithm", "sha256"}, {"value", kHex32}}},
            {"signatures",
             {{{"signature", b64(filled(70, 9))},
               {"verifier", b64(pem("CERTIFICATE", filled(50, 8)))}}}}}}};
}

json dsse_v002() {
  return {{"apiVersion", "0.0.2"},
          {"kind", "dsse"},
          {"spec",
           {{"dsseV002",
             {{"payloadHash", {{"algorithm", "SHA2_256"}, {"digest", b64(filled(32, 6))}}},
              {"signatures", {v2_signature("x509Certificate")}}}}}}};
}

json intoto_v002() {
  return {{"apiVersion", "0.0.2"},
          {"kind", "intoto"},
          {"spec",
           {{"content",
             {{"envelope",
               {{"payloadType", "application/vnd.in-toto+json"},
                {"signatures",
                 {{{"sig", b64(b64(filled(70, 9)))},
                   {"publicKey", b64(pem("PUBLIC KEY", filled(50, 8)))}}}}}},
              {"hash", {{"algorithm", "sha256"}, {"value", std::string(64, 'c')}}},
              {"payloadHash", {{"algorithm", "sha256"}, {"value", kHex32}}}}}}}};
}

modelseal::Result<formats::RekorBody> body_of(const json& body) {
  return formats::parse_rekor_body(body.dump(), "test");
}

ErrorCode body_error(const json& body, std::string_view path_fragment) {
  auto r = body_of(body);
  REQUIRE_FALSE(r.ok());
  CHECK_MESSAGE(r.error().detail.find(path_fragment) != std::string::npos, r.error().detail);
  return r.error().code;
}

}  // namespace

TEST_CASE("tlog entry: a complete Rekor v1 entry parses into its fields") {
  auto r = formats::parse_tlog_entry(valid_entry(), "test");
  REQUIRE_MESSAGE(r.ok(), r.error().detail);
  CHECK(r->log_index == 27246492);
  CHECK(r->log_id == filled(32, 7));
  CHECK(r->kind == "hashedrekord");
  CHECK(r->version == "0.0.1");
  CHECK(r->integrated_time == 1689177396);
  CHECK(r->signed_entry_timestamp == filled(70, 1));
  REQUIRE(r->inclusion_proof.has_value());
  CHECK(r->inclusion_proof->log_index == 23083061);
  CHECK(r->inclusion_proof->tree_size == 23083062);
  CHECK(r->inclusion_proof->root_hash[0] == 2);
  REQUIRE(r->inclusion_proof->hashes.size() == 2);
  CHECK(r->inclusion_proof->hashes[1][31] == 4);
  CHECK(r->inclusion_proof->checkpoint.has_value());
  CHECK(std::string(r->canonicalized_body.begin(), r->canonicalized_body.end()) ==
        "{\"kind\":\"hashedrekord\"}");
}

TEST_CASE("tlog entry: Rekor v2 entries without time, SET or checkpoint parse") {
  json e = valid_entry();
  e.erase("integratedTime");
  e.erase("inclusionPromise");
  e["inclusionProof"].erase("checkpoint");
  e["inclusionProof"]["hashes"] = json::array();
  e["logIndex"] = 5;  // protobuf JSON also allows a number
  auto r = formats::parse_tlog_entry(e, "test");
  REQUIRE_MESSAGE(r.ok(), r.error().detail);
  CHECK(r->log_index == 5);
  CHECK_FALSE(r->integrated_time.has_value());
  CHECK_FALSE(r->signed_entry_timestamp.has_value());
  CHECK_FALSE(r->inclusion_proof->checkpoint.has_value());
  CHECK(r->inclusion_proof->hashes.empty());
  e.erase("inclusionProof");
  auto bare = formats::parse_tlog_entry(e, "test");
  REQUIRE(bare.ok());
  CHECK_FALSE(bare->inclusion_proof.has_value());
}

TEST_CASE("tlog entry: missing, unknown and mistyped fields are corrupt and named") {
  for (const char* key : {"logIndex", "logId", "kindVersion", "canonicalizedBody"}) {
    json e = valid_entry();
    e.erase(key);
    CHECK(entry_error(e, key) == ErrorCode::kCorrupt);
  }
  json e = valid_entry();
  e["extra"] = 1;
  CHECK(entry_error(e, "unknown field \"extra\"") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["kindVersion"]["kind"] = 3;
  CHECK(entry_error(e, "kindVersion.kind") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["inclusionProof"]["hashes"][1] = 7;
  CHECK(entry_error(e, "inclusionProof.hashes[1]") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["inclusionProof"]["checkpoint"] = "text";
  CHECK(entry_error(e, "inclusionProof.checkpoint") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["canonicalizedBody"] = "not base64!";
  CHECK(entry_error(e, "canonicalizedBody") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["canonicalizedBody"] = "";
  CHECK(entry_error(e, "canonicalizedBody") == ErrorCode::kCorrupt);
  CHECK(entry_error(json::array(), "must be an object") == ErrorCode::kCorrupt);
}

TEST_CASE("tlog entry: integers must be canonical, non-negative int64") {
  for (const json& bad : {json("-1"), json("01"), json(""), json("12a"),
                          json("9223372036854775808"), json(-3), json(1.5), json(true)}) {
    CAPTURE(bad.dump());
    json e = valid_entry();
    e["logIndex"] = bad;
    CHECK(entry_error(e, "logIndex") == ErrorCode::kCorrupt);
  }
  json e = valid_entry();
  e["logIndex"] = "9223372036854775807";
  CHECK(formats::parse_tlog_entry(e, "test").ok());
  e["integratedTime"] = std::to_string(formats::kMaxIntegratedTime + 1);
  CHECK(entry_error(e, "integratedTime") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["inclusionProof"]["treeSize"] = "18446744073709551615";
  CHECK(entry_error(e, "inclusionProof.treeSize") == ErrorCode::kCorrupt);
}

TEST_CASE("tlog entry: hashes must be 32 bytes and bounded in number") {
  json e = valid_entry();
  e["inclusionProof"]["rootHash"] = b64(filled(31, 1));
  CHECK(entry_error(e, "inclusionProof.rootHash") == ErrorCode::kCorrupt);
  e = valid_entry();
  e["inclusionProof"]["hashes"][0] = b64(filled(33, 1));
  CHECK(entry_error(e, "inclusionProof.hashes[0]") == ErrorCode::kCorrupt);
  e = valid_entry();
  json many = json::array();
  for (size_t i = 0; i <= formats::kMaxTlogProofHashes; ++i) many.push_back(b64(filled(32, 1)));
  e["inclusionProof"]["hashes"] = many;
  CHECK(entry_error(e, "inclusionProof.hashes") == ErrorCode::kLimitExceeded);
}

TEST_CASE("tlog entry: oversized log id, SET and checkpoint hit their limits") {
  json e = valid_entry();
  e["logId"]["keyId"] = b64(filled(formats::kMaxLogIdBytes + 1, 1));
  CHECK(entry_error(e, "logId.keyId") == ErrorCode::kLimitExceeded);
  e = valid_entry();
  e["inclusionPromise"]["signedEntryTimestamp"] = b64(filled(4096, 1));
  CHECK(entry_error(e, "signedEntryTimestamp") == ErrorCode::kLimitExceeded);
  e = valid_entry();
  e["inclusionProof"]["checkpoint"]["envelope"] =
      std::string(formats::kMaxCheckpointEnvelopeBytes + 1, 'x');
  CHECK(entry_error(e, "checkpoint.envelope") == ErrorCode::kLimitExceeded);
}

TEST_CASE("tlog entry: text form rejects duplicate keys and trailing bytes") {
  const std::string text = valid_entry().dump();
  REQUIRE(formats::parse_tlog_entry_text(text, "t").ok());
  auto dup = formats::parse_tlog_entry_text("{\"logIndex\":\"1\"," + text.substr(1), "t");
  REQUIRE_FALSE(dup.ok());
  CHECK(dup.error().code == ErrorCode::kCorrupt);
  auto trailing = formats::parse_tlog_entry_text(text + "x", "t");
  REQUIRE_FALSE(trailing.ok());
  CHECK(trailing.error().code == ErrorCode::kCorrupt);
}

TEST_CASE("rekor body: hashedrekord 0.0.1 with a certificate or key PEM") {
  auto cert = body_of(hashedrekord_v001(pem("CERTIFICATE", filled(50, 8))));
  REQUIRE_MESSAGE(cert.ok(), cert.error().detail);
  CHECK(cert->kind == "hashedrekord");
  CHECK(cert->api_version == "0.0.1");
  REQUIRE(cert->artifact_digest.has_value());
  CHECK(cert->artifact_digest->algorithm == "sha256");
  CHECK(cert->artifact_digest->value == filled(32, 0xaa));
  REQUIRE(cert->signatures.size() == 1);
  CHECK(cert->signatures[0].signature == filled(70, 9));
  CHECK(cert->signatures[0].verifier.is_certificate);
  CHECK(cert->signatures[0].verifier.der == filled(50, 8));
  auto key = body_of(hashedrekord_v001(pem("PUBLIC KEY", filled(50, 8))));
  REQUIRE(key.ok());
  CHECK_FALSE(key->signatures[0].verifier.is_certificate);
}

TEST_CASE("rekor body: hashedrekord 0.0.2 with a certificate or key") {
  auto cert = body_of(hashedrekord_v002("x509Certificate"));
  REQUIRE_MESSAGE(cert.ok(), cert.error().detail);
  CHECK(cert->artifact_digest->algorithm == "sha256");
  CHECK(cert->artifact_digest->value == filled(32, 6));
  CHECK(cert->signatures[0].signature == filled(71, 9));
  CHECK(cert->signatures[0].verifier.is_certificate);
  CHECK(cert->signatures[0].verifier.der == filled(40, 5));
  auto key = body_of(hashedrekord_v002("publicKey"));
  REQUIRE(key.ok());
  CHECK_FALSE(key->signatures[0].verifier.is_certificate);
}

TEST_CASE("rekor body: dsse 0.0.1, dsse 0.0.2 and intoto 0.0.2") {
  auto v1 = body_of(dsse_v001());
  REQUIRE_MESSAGE(v1.ok(), v1.error().detail);
  CHECK(v1->payload_hash->value == filled(32, 0xaa));
  CHECK(v1->envelope_hash->value == filled(32, 0xbb));
  CHECK(v1->signatures[0].verifier.is_certificate);
  CHECK_FALSE(v1->artifact_digest.has_value());
  auto v2 = body_of(dsse_v002());
  REQUIRE_MESSAGE(v2.ok(), v2.error().detail);
  CHECK(v2->payload_hash->value == filled(32, 6));
  CHECK(v2->signatures[0].signature == filled(71, 9));
  auto intoto = body_of(intoto_v002());
  REQUIRE_MESSAGE(intoto.ok(), intoto.error().detail);
  CHECK(intoto->signatures[0].signature == filled(70, 9));  // double base64 undone
  CHECK_FALSE(intoto->signatures[0].verifier.is_certificate);
  CHECK(intoto->envelope_hash->value == filled(32, 0xcc));
}

TEST_CASE("rekor body: unknown kinds and algorithms are unsupported") {
  json b = hashedrekord_v001(pem("CERTIFICATE", filled(50, 8)));
  b["kind"] = "rekord";
  CHECK(body_error(b, "rekord") == ErrorCode::kUnsupported);
  b = dsse_v001();
  b["apiVersion"] = "0.0.3";
  CHECK(body_error(b, "0.0.3") == ErrorCode::kUnsupported);
  b = hashedrekord_v002("x509Certificate");
  b["spec"]["hashedRekordV002"]["data"]["algorithm"] = "MD5";
  CHECK(body_error(b, "spec.hashedRekordV002.data.algorithm") == ErrorCode::kUnsupported);
}

TEST_CASE("rekor body: malformed digests, signatures and verifiers are corrupt and named") {
  json b = hashedrekord_v001(pem("CERTIFICATE", filled(50, 8)));
  b["spec"]["data"]["hash"]["value"] = std::string(64, 'A');
  CHECK(body_error(b, "spec.data.hash.value") == ErrorCode::kCorrupt);
  b["spec"]["data"]["hash"]["value"] = std::string(62, 'a');
  CHECK(body_error(b, "spec.data.hash.value") == ErrorCode::kCorrupt);
  b = hashedrekord_v001(pem("PRIVATE KEY", filled(50, 8)));
  CHECK(body_error(b, "spec.signature.publicKey.content") == ErrorCode::kCorrupt);
  b = hashedrekord_v001("-----BEGIN CERTIFICATE-----\nAAAA\n");
  CHECK(body_error(b, "spec.signature.publicKey.content") == ErrorCode::kCorrupt);
  b = hashedrekord_v001("-----BEGIN CERTIFICATE-----\nA!AA\n-----END CERTIFICATE-----\n");
  CHECK(body_error(b, "spec.signature.publicKey.content") == ErrorCode::kCorrupt);
  b = hashedrekord_v002("x509Certificate");
  b["spec"]["hashedRekordV002"]["signature"]["verifier"]["publicKey"] = {{"rawBytes", "AAAA"}};
  CHECK(body_error(b, "spec.hashedRekordV002.signature.verifier") == ErrorCode::kCorrupt);
  b = hashedrekord_v002("x509Certificate");
  b["spec"]["hashedRekordV002"]["data"]["digest"] = b64(filled(31, 1));
  CHECK(body_error(b, "spec.hashedRekordV002.data.digest") == ErrorCode::kCorrupt);
  b = dsse_v001();
  b["spec"]["signatures"] = json::array();
  CHECK(body_error(b, "spec.signatures") == ErrorCode::kCorrupt);
  b = dsse_v001();
  b["spec"]["signatures"][0]["signature"] = 5;
  CHECK(body_error(b, "spec.signatures[0].signature") == ErrorCode::kCorrupt);
  b = intoto_v002();
  b["spec"]["content"]["envelope"]["signatures"][0]["sig"] = b64("not base64!");
  CHECK(body_error(b, "spec.content.envelope.signatures[0].sig") == ErrorCode::kCorrupt);
  b = dsse_v002();
  b["spec"]["dsseV002"].erase("payloadHash");
  CHECK(body_error(b, "spec.dsseV002.payloadHash") == ErrorCode::kCorrupt);
}

TEST_CASE("rekor body: not JSON, not an object, too many signatures or too deep") {
  CHECK_FALSE(formats::parse_rekor_body("{\"kind\":", "t").ok());
  CHECK(body_error(json::array(), "must be an object") == ErrorCode::kCorrupt);
  CHECK(body_error(json{{"apiVersion", "0.0.1"}, {"kind", "hashedrekord"}}, "spec") ==
        ErrorCode::kCorrupt);
  json b = dsse_v001();
  for (size_t i = 0; i < formats::kMaxRekorSignatures; ++i)
    b["spec"]["signatures"].push_back(b["spec"]["signatures"][0]);
  CHECK(body_error(b, "spec.signatures") == ErrorCode::kLimitExceeded);
  const std::string deep = std::string(100, '[') + std::string(100, ']');
  auto r = formats::parse_rekor_body(deep, "t");
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == ErrorCode::kLimitExceeded);
}
