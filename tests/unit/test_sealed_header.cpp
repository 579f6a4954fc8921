#include <doctest/doctest.h>

#include <string>

#include "formats/sealed/sealed_header.hpp"
#include "test_support.hpp"

using namespace modelseal;
using namespace modelseal::formats;

namespace {

std::string vector_manifest() {
  const std::string tar = test_support::read_bytes(std::filesystem::path(MODELSEAL_SOURCE_DIR) /
                                                   "tests/vectors/bundle-v1/model-none.mbundle");
  REQUIRE(tar.size() > 1024);
  const size_t size = std::stoull(tar.substr(124, 11), nullptr, 8);
  return tar.substr(512, size);
}

Sha256Digest digest_filled(uint8_t v) {
  Sha256Digest d;
  d.bytes.fill(v);
  return d;
}

SealedHeader valid_header() {
  SealedHeader h;
  h.bundle_sha256 = digest_filled(0xab);
  h.bundle_size = 13824;
  h.bundle_toml = "name = \"vector-model\"\n\"quoted\" = '\\u0001'\n";
  h.content_digest = *Sha256Digest::from_hex(
      "60666f3de5351528c81c048eeceff6d98b8a0be5e3aacf23755b1862dc756533");
  h.key_id = "dk-0123456789abcdef0123456789abcdef";
  h.keystore_id = "ks-fedcba9876543210fedcba9876543210";
  h.manifest_json = vector_manifest();
  h.model_name = "vector-model";
  h.model_version = "1.0.0";
  h.salt.fill(0x5a);
  return h;
}

std::string header_json(const SealedHeader& h) {
  auto prefix = encode_sealed_prefix(h);
  REQUIRE_MESSAGE(prefix.ok(), prefix.error().detail);
  return prefix->substr(kSealedPrefixBytes);
}

void expect_error(const std::string& text, ErrorCode code, const std::string& words) {
  auto parsed = parse_sealed_header(text);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == code);
  CHECK_MESSAGE(parsed.error().detail.find(words) != std::string::npos, parsed.error().detail);
}

}  // namespace

TEST_CASE("sealed header encodes canonically and parses back") {
  const SealedHeader h = valid_header();
  auto prefix = encode_sealed_prefix(h);
  REQUIRE(prefix.ok());
  CHECK(prefix->substr(0, 20) == "modelseal.sealed/v2\n");
  CHECK(sealed_magic_version(test_support::bytes_of(*prefix)) == 2);
  CHECK(has_sealed_magic(test_support::bytes_of(*prefix)));
  auto length = parse_sealed_prefix(test_support::bytes_of(*prefix));
  REQUIRE(length.ok());
  CHECK(*length == prefix->size() - kSealedPrefixBytes);
  const std::string text = prefix->substr(kSealedPrefixBytes);
  CHECK(text.rfind("{\"aead\":\"AES-256-GCM/STREAM-64KiB\",\"bundle\":{\"sha256\":\"abab", 0) == 0);
  auto parsed = parse_sealed_header(text);
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  CHECK(parsed->manifest_json == vector_manifest());  // dump() + "\n": the bundle's bytes
  CHECK(parsed->bundle_toml == h.bundle_toml);
  CHECK(parsed->bundle_size == 13824);
  CHECK(parsed->salt == h.salt);
  CHECK(parsed->key_id == h.key_id);
  CHECK(parsed->model_version == "1.0.0");
}

TEST_CASE("a version 1 header still encodes and parses, with its own magic") {
  SealedHeader h = valid_header();
  h.version = 1;
  auto prefix = encode_sealed_prefix(h);
  REQUIRE(prefix.ok());
  CHECK(prefix->substr(0, 20) == "modelseal.sealed/v1\n");
  CHECK(sealed_magic_version(test_support::bytes_of(*prefix)) == 1);
  auto parsed = parse_sealed_header(prefix->substr(kSealedPrefixBytes));
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  CHECK(parsed->version == 1);
  h.version = 3;
  CHECK_FALSE(encode_sealed_prefix(h).ok());
}

TEST_CASE("sealed header rejects non-canonical, duplicate, unknown and missing keys") {
  const std::string text = header_json(valid_header());
  expect_error(test_support::replaced_first(text, "{\"aead\"", "{ \"aead\""), ErrorCode::kCorrupt, "canonical");
  expect_error(test_support::replaced_first(text, "\"size\":13824", "\"size\":13824.0"), ErrorCode::kCorrupt, "integer");
  expect_error(test_support::replaced_first(text, "\"model\":{", "\"model\":{\"name\":\"x\",") , ErrorCode::kCorrupt,
               "duplicate");
  expect_error(test_support::replaced_first(text, "\"salt\":", "\"salt2\":1,\"salt\":"), ErrorCode::kCorrupt, "exactly");
  expect_error(test_support::replaced_first(text, "\"aead\":\"AES-256-GCM/STREAM-64KiB\",", ""), ErrorCode::kCorrupt,
               "exactly");
  expect_error(test_support::replaced_first(text, "\"bundle\":{", "\"bundle\":{\"extra\":1,"), ErrorCode::kCorrupt,
               "bundle must be");
  expect_error(text + " ", ErrorCode::kCorrupt, "canonical");
  expect_error("\xEF\xBB\xBF" + text, ErrorCode::kCorrupt, "sealed header");
  expect_error(text.substr(0, text.size() - 1), ErrorCode::kCorrupt, "sealed header");
  expect_error("[]", ErrorCode::kCorrupt, "exactly");
  expect_error(std::string(100, '[') + std::string(100, ']'), ErrorCode::kLimitExceeded, "");
}

TEST_CASE("sealed header checks every field's format") {
  const std::string text = header_json(valid_header());
  expect_error(test_support::replaced_first(text, "modelseal.sealed/v2", "modelseal.sealed/v3"), ErrorCode::kUnsupported,
               "format");
  expect_error(test_support::replaced_first(text, "modelseal.sealed/v2", "modelseal.sealed/v0"), ErrorCode::kUnsupported,
               "format");
  expect_error(test_support::replaced_first(text, "STREAM-64KiB", "STREAM-1MiB"), ErrorCode::kUnsupported, "aead");
  expect_error(test_support::replaced_first(text, "dk-0123456789abcdef", "dk-0123456789ABCDEF"), ErrorCode::kCorrupt,
               "key_id");
  expect_error(test_support::replaced_first(text, "dk-0123456789abcdef", "dk-0123456789abcde"), ErrorCode::kCorrupt,
               "key_id");
  expect_error(test_support::replaced_first(text, "ks-fedcba", "dk-fedcba"), ErrorCode::kCorrupt, "keystore_id");
  expect_error(test_support::replaced_first(text, "\"salt\":\"5a5a", "\"salt\":\"5a"), ErrorCode::kCorrupt, "salt");
  expect_error(test_support::replaced_first(text, "\"sha256\":\"abab", "\"sha256\":\"ABab"), ErrorCode::kCorrupt,
               "bundle.sha256");
  expect_error(test_support::replaced_first(text, "\"size\":13824", "\"size\":0"), ErrorCode::kCorrupt, "never empty");
  expect_error(test_support::replaced_first(text, "\"size\":13824", "\"size\":-1"), ErrorCode::kCorrupt, "integer");
  expect_error(test_support::replaced_first(text, "\"size\":13824", "\"size\":\"13824\""), ErrorCode::kCorrupt, "integer");
  expect_error(test_support::replaced_first(text, "\"size\":13824", "\"size\":99999999999999999999999"),
               ErrorCode::kCorrupt, "integer");
  expect_error(test_support::replaced_first(text, "\"bundle_toml\":\"name", "\"bundle_toml\":[\"name\"],\"x\":\"name"),
               ErrorCode::kCorrupt, "");
  expect_error(test_support::replaced_first(text, "\"content_digest\":\"sha256:6066", "\"content_digest\":\"sha512:6066"),
               ErrorCode::kCorrupt, "content_digest");
}

TEST_CASE("sealed header must repeat the manifest's content digest and model") {
  const std::string text = header_json(valid_header());
  const size_t manifest_at = text.find("\"manifest\":");
  // The header's own fields come after the manifest (sorted keys): edit those.
  const std::string head = text.substr(0, manifest_at), tail = text.substr(manifest_at);
  expect_error(test_support::replaced_first(head, "sha256:6066", "sha256:7066") + tail, ErrorCode::kTampered,
               "content_digest");
  const size_t model_at = tail.rfind("\"model\":");
  expect_error(head + tail.substr(0, model_at) +
                   test_support::replaced_first(tail.substr(model_at), "\"1.0.0\"", "\"1.0.1\""),
               ErrorCode::kTampered, "model");
  SealedHeader h = valid_header();
  h.model_version = "2.0";
  CHECK(encode_sealed_prefix(h).error().code == ErrorCode::kInvalidArgument);
}

TEST_CASE("sealed header encoding refuses a manifest it cannot reproduce") {
  SealedHeader h = valid_header();
  h.manifest_json.pop_back();  // no final newline
  CHECK(encode_sealed_prefix(h).error().code == ErrorCode::kInvalidArgument);
  h = valid_header();
  h.manifest_json = test_support::replaced_first(h.manifest_json, "{\"content_digest\"", "{ \"content_digest\"");
  CHECK(encode_sealed_prefix(h).error().code == ErrorCode::kInvalidArgument);
  h = valid_header();
  h.manifest_json = "not json\n";
  CHECK(encode_sealed_prefix(h).error().code == ErrorCode::kInvalidArgument);
  h = valid_header();
  h.key_id = "dk-short";
  CHECK(encode_sealed_prefix(h).error().code == ErrorCode::kInvalidArgument);
  h = valid_header();
  h.model_name = "\xff";  // not UTF-8
  CHECK_FALSE(encode_sealed_prefix(h).ok());
}

TEST_CASE("sealed prefix checks magic and length bounds") {
  auto prefix_with = [](uint32_t length) {
    std::string p(kSealedMagicV2);
    for (int shift : {24, 16, 8, 0}) p += static_cast<char>((length >> shift) & 0xff);
    return p;
  };
  CHECK(parse_sealed_prefix(test_support::bytes_of(prefix_with(1))).value() == 1);
  CHECK(parse_sealed_prefix(test_support::bytes_of(prefix_with(kSealedMaxHeaderBytes))).ok());
  CHECK(parse_sealed_prefix(test_support::bytes_of(prefix_with(kSealedMaxHeaderBytes + 1))).error().code ==
        ErrorCode::kLimitExceeded);
  CHECK(parse_sealed_prefix(test_support::bytes_of(prefix_with(0xffffffffu))).error().code ==
        ErrorCode::kLimitExceeded);
  CHECK(parse_sealed_prefix(test_support::bytes_of(prefix_with(0))).error().code == ErrorCode::kCorrupt);
  CHECK(parse_sealed_prefix(test_support::bytes_of(prefix_with(5).substr(0, 23))).error().code ==
        ErrorCode::kCorrupt);
  std::string wrong = prefix_with(5);
  wrong[18] = '3';
  CHECK_FALSE(has_sealed_magic(test_support::bytes_of(wrong)));
  CHECK(parse_sealed_prefix(test_support::bytes_of(wrong)).error().code == ErrorCode::kCorrupt);
  CHECK_FALSE(has_sealed_magic(test_support::bytes_of("modelseal")));
  CHECK(is_sealed_key_id("dk-0123456789abcdef0123456789abcdef"));
  CHECK_FALSE(is_sealed_key_id("ks-0123456789abcdef0123456789abcdef"));
  CHECK(is_sealed_keystore_id("ks-0123456789abcdef0123456789abcdef"));
}
