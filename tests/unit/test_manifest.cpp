#include <doctest/doctest.h>

#include <algorithm>

#include "bundle/manifest.hpp"
#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

using namespace modelseal;

namespace {

bundle::Manifest sample_manifest() {
  bundle::Manifest m{"tiny", "1.0.0", {}, {}};
  for (const char* path : {".modelseal/MODEL_CARD.md", ".modelseal/bundle.toml", "w.bin"}) {
    std::string content = std::string("content of ") + path;
    auto digest = sha256_of({reinterpret_cast<const uint8_t*>(content.data()), content.size()});
    m.files.push_back({path, content.size(), *digest});
  }
  std::vector<Sha256Digest> digests;
  for (const auto& f : m.files) digests.push_back(f.sha256);
  m.content_digest = *tree::root_digest(digests);
  return m;
}

void replace_once(std::string& s, const std::string& from, const std::string& to) {
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  s.replace(pos, from.size(), to);
}

}  // namespace

TEST_CASE("manifest round trip is canonical") {
  std::string text = bundle::serialize_manifest(sample_manifest());
  CHECK(text.back() == '\n');
  CHECK(text.rfind("{\"content_digest\":\"sha256:", 0) == 0);
  auto parsed = bundle::parse_manifest(text, "m.json", {});
  REQUIRE(parsed.ok());
  CHECK(parsed->files.size() == 3);
  CHECK(bundle::serialize_manifest(*parsed) == text);
}

TEST_CASE("manifest rejects every deviation") {
  const std::string good = bundle::serialize_manifest(sample_manifest());
  auto rejects = [](const std::string& text) {
    auto r = bundle::parse_manifest(text, "m.json", {});
    return !r.ok();
  };
  std::string t;

  SUBCASE("not canonical: whitespace") { t = good; replace_once(t, ",\"format\"", ", \"format\""); CHECK(rejects(t)); }
  SUBCASE("no final newline") { t = good.substr(0, good.size() - 1); CHECK(rejects(t)); }
  SUBCASE("unknown key") { t = good; replace_once(t, "{\"content_digest\"", "{\"a\":1,\"content_digest\""); CHECK(rejects(t)); }
  SUBCASE("duplicate key") { t = good; replace_once(t, "\"format\"", "\"format\":\"x\",\"format\""); CHECK(rejects(t)); }
  SUBCASE("unsupported encoding") {
    t = good; replace_once(t, "\"payload_encoding\":\"none\"", "\"payload_encoding\":\"sealed-v1\"");
    auto r = bundle::parse_manifest(t, "m.json", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kUnsupported);
  }
  SUBCASE("wrong format") { t = good; replace_once(t, "modelseal.bundle/v1", "modelseal.bundle/v9"); CHECK(rejects(t)); }
  SUBCASE("flipped digest") {
    t = good;
    auto pos = t.find("\"sha256\":\"") + 10;
    t[pos] = t[pos] == '0' ? '1' : '0';
    auto r = bundle::parse_manifest(t, "m.json", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kTampered);
    CHECK(r.error().detail.find("inconsistent") != std::string::npos);
  }
  SUBCASE("traversal path") { t = good; replace_once(t, "\"w.bin\"", "\"../w.bin\""); CHECK(rejects(t)); }
  SUBCASE("uppercase hex") {
    t = good;
    auto pos = t.find("\"sha256\":\"") + 10;
    while (!std::isalpha(static_cast<unsigned char>(t[pos]))) ++pos;
    t[pos] = static_cast<char>(std::toupper(t[pos]));
    CHECK(rejects(t));
  }
  SUBCASE("negative size") { t = good; replace_once(t, "\"size\":", "\"size\":-"); CHECK(rejects(t)); }
  SUBCASE("not json") { CHECK(rejects("{")); CHECK(rejects("")); CHECK(rejects(std::string(100, '['))); }
  SUBCASE("too many files") {
    ReadLimits limits;
    limits.max_files = 2;
    auto r = bundle::parse_manifest(good, "m.json", limits);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kLimitExceeded);
  }
}

TEST_CASE("manifest rejects files out of OMS order") {
  auto m = sample_manifest();
  std::swap(m.files[1], m.files[2]);
  auto r = bundle::parse_manifest(bundle::serialize_manifest(m), "m.json", {});
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().detail.find("out of order") != std::string::npos);
}

TEST_CASE("root digest of the OMS worked example") {
  // v1.1.0-elliptic-key: signme-1 = "signme-1\n", signme-2 = "signme-2".
  auto a = sha256_of({reinterpret_cast<const uint8_t*>("signme-1\n"), 9});
  auto b = sha256_of({reinterpret_cast<const uint8_t*>("signme-2"), 8});
  auto root = tree::root_digest({*a, *b});
  CHECK(root->hex() == "92745110b1ab4368471cbe31664e10174e954b113a3df333db860317b2c6dec4");
  auto empty = tree::root_digest({});
  CHECK(empty->hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

namespace {

// A consistent, canonical manifest listing the metadata files and `payload`.
std::string manifest_listing(std::vector<std::string> payload) {
  bundle::Manifest m{"tiny", "1.0.0", {}, {}};
  payload.push_back(".modelseal/MODEL_CARD.md");
  payload.push_back(".modelseal/bundle.toml");
  std::sort(payload.begin(), payload.end(), tree::path_less);
  std::vector<Sha256Digest> digests;
  for (const std::string& path : payload) {
    auto digest = sha256_of({reinterpret_cast<const uint8_t*>(path.data()), path.size()});
    m.files.push_back({path, path.size(), *digest});
    digests.push_back(*digest);
  }
  m.content_digest = *tree::root_digest(digests);
  return bundle::serialize_manifest(m);
}

}  // namespace

TEST_CASE("manifest refuses paths that cannot be extracted side by side") {
  struct Bad {
    std::vector<std::string> payload;
    std::vector<std::string> named;  // the message names these
  };
  const Bad bad[] = {
      {{"a", "a/b"}, {"'a'", "'a/b'"}},                                    // file and folder
      {{"x/a", "x/a/b/c"}, {"'x/a'", "'x/a/b/c'"}},
      {{"README.md", "readme.md"}, {"'README.md'", "'readme.md'", "case"}},  // case twins
      {{"Dir/x", "dir/y"}, {"'Dir/x'", "'dir/y'", "'Dir'", "'dir'"}},
      {{"Stra\xC3\x9F" "e", "STRASSE"}, {"'STRASSE'", "case"}},             // full case folding
      {{"\xE2\x84\xAA.txt"}, {"NFC"}},  // KELVIN SIGN: its NFC form is K
      {{".MODELSEAL/x"}, {"'.MODELSEAL/x'", "'.modelseal/MODEL_CARD.md'"}},
      {{"cafe\xCC\x81.txt"}, {"'cafe\xCC\x81.txt'", "NFC"}},                // NFD
  };
  for (const Bad& b : bad) {
    const std::string text = manifest_listing(b.payload);
    CAPTURE(text);
    auto r = bundle::parse_manifest(text, "m.json", {});
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kCorrupt);
    for (const std::string& n : b.named) CHECK_MESSAGE(r.error().detail.find(n) != std::string::npos, n);
  }
  for (const std::vector<std::string>& good :
       {std::vector<std::string>{"a/b", "a-b", "ab/c"}, {"caf\xC3\xA9.txt", "cafe.txt"},
        {"a.txt", "a.txt.bak", "b/a.txt"}}) {
    CHECK(bundle::parse_manifest(manifest_listing(good), "m.json", {}).ok());
  }
}
