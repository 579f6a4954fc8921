// OMS shard serialization (signing/shard_tiling.hpp, signing/range_content.hpp): model_signing's
// cut of a file at every size boundary, the tiling check of a signature's shard list (gaps,
// overlaps, order, past the end, the final shard, a file's length, an empty file), and
// `sign --shard-size` through the library: it verifies, and a changed byte of a shard, a file
// added or removed, or a re-signed statement that leaves bytes uncovered is rejected; a plain
// bundle's shards (signing/bundle_ranges.hpp) are the extracted folder's, at every size boundary.
#include <doctest/doctest.h>

#include <fmt/core.h>

#include <algorithm>
#include <map>

#include "base/hex.hpp"
#include "crypto/content_digest.hpp"
#include "formats/sigstore/oms_statement.hpp"
#include "modelseal/signing.hpp"
#include "sealed_test_support.hpp"
#include "signing/bundle_ranges.hpp"
#include "signing/range_content.hpp"
#include "signing/shard_tiling.hpp"
#include "signing/statement_signing.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using signing::Shard;
using test_support::TempDir;

namespace {

std::vector<std::string> names_of(const std::vector<Shard>& shards) {
  std::vector<std::string> out;
  for (const Shard& s : shards) out.push_back(signing::shard_name(s));
  return out;
}

std::vector<std::string> cut(std::string_view path, uint64_t size, uint64_t shard_size) {
  std::vector<Shard> shards;
  signing::append_shards(path, size, shard_size, shards);
  return names_of(shards);
}

signing::SizeOf sizes(std::map<std::string, uint64_t, std::less<>> files) {
  return [files = std::move(files)](std::string_view path) -> std::optional<uint64_t> {
    auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
}

Result<std::vector<Shard>> tiling(const std::vector<std::string>& names, uint64_t shard_size,
                                  std::map<std::string, uint64_t, std::less<>> files) {
  return signing::check_shard_tiling(names, shard_size, sizes(std::move(files)), "model");
}

void check_tiles(const std::vector<std::string>& names, uint64_t shard_size,
                 std::map<std::string, uint64_t, std::less<>> files) {
  auto t = tiling(names, shard_size, std::move(files));
  REQUIRE_MESSAGE(t.ok(), t.error().detail);
  CHECK(names_of(*t) == names);
}

void check_refused(const std::vector<std::string>& names, uint64_t shard_size,
                   std::map<std::string, uint64_t, std::less<>> files, std::string_view says) {
  auto t = tiling(names, shard_size, std::move(files));
  REQUIRE_FALSE(t.ok());
  CHECK(is_rejection(t.error().code));
  CHECK_MESSAGE(t.error().detail.find(says) != std::string::npos, t.error().detail);
}

}  // namespace

TEST_CASE("BLAKE2b is model_signing's blake2b: BLAKE2b-512 (RFC 7693 vector)") {
  auto h = crypto::ContentHasher::create(crypto::ContentHash::kBlake2b);
  REQUIRE(h.ok());
  const std::string abc = "abc";
  REQUIRE(h->update({reinterpret_cast<const uint8_t*>(abc.data()), abc.size()}).ok());
  auto d = h->finish();
  REQUIRE(d.ok());
  std::string hex;
  for (uint8_t b : *d) hex += fmt::format("{:02x}", b);
  CHECK(hex ==
        "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
        "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
  CHECK((crypto::content_hash_from_name("blake2b") == crypto::ContentHash::kBlake2b));
  CHECK_FALSE(crypto::content_hash_from_name("blake3"));
}

TEST_CASE("shards are cut as model_signing cuts them at every size boundary") {
  CHECK(cut("f", 16, 8) == std::vector<std::string>{"f:0:8", "f:8:16"});           // a multiple
  CHECK(cut("f", 17, 8) == std::vector<std::string>{"f:0:8", "f:8:16", "f:16:17"});  // one more
  CHECK(cut("f", 15, 8) == std::vector<std::string>{"f:0:8", "f:8:15"});           // one less
  CHECK(cut("f", 0, 8).empty());                                                   // empty: none
  CHECK(cut("f", 5, 8) == std::vector<std::string>{"f:0:5"});  // shard larger than the file
  CHECK(cut("f", 8, 8) == std::vector<std::string>{"f:0:8"});
  CHECK(cut("f", 1, 1) == std::vector<std::string>{"f:0:1"});
  CHECK(cut(".", 3, 2) == std::vector<std::string>{".:0:2", ".:2:3"});  // a single-file model
  // Near the top of the range: no overflow past the end.
  const uint64_t big = (uint64_t{1} << 62) + 3;
  auto last = cut("f", big, uint64_t{1} << 61);
  REQUIRE(last.size() == 3);
  CHECK(last.back() == "f:" + std::to_string(uint64_t{1} << 62) + ":" + std::to_string(big));
}

TEST_CASE("an exact tiling is accepted at every size boundary") {
  for (uint64_t size : {16u, 17u, 15u, 5u, 8u, 1u}) {
    CAPTURE(size);
    check_tiles(cut("f", size, 8), 8, {{"f", size}});
  }
  check_tiles({}, 8, {{"empty", 0}});  // an empty file has no shard
  auto two = cut("a/b", 9, 4);
  auto more = cut("a-b", 3, 4);
  two.insert(two.end(), more.begin(), more.end());  // OMS order: "a/b" before "a-b"
  check_tiles(two, 4, {{"a/b", 9}, {"a-b", 3}});
}

TEST_CASE("a shard list that leaves bytes uncovered or lists them twice is refused naming the file") {
  const std::map<std::string, uint64_t, std::less<>> f17{{"f", 17}};
  check_refused({"f:0:8", "f:16:17"}, 8, f17, "file 'f': bytes 8..16 are not covered");       // gap
  check_refused({"f:8:16", "f:16:17"}, 8, f17, "file 'f': bytes 0..8 are not covered");       // no first
  check_refused({"f:0:8", "f:8:16"}, 8, f17, "bytes 16..17 are not covered by the signature (the final shard is missing)");
  check_refused({"f:0:8", "f:4:12", "f:12:17"}, 8, f17, "overlaps 'f:0:8'");                   // overlap
  check_refused({"f:0:8", "f:0:4"}, 8, f17, "overlaps 'f:0:8'");
  check_refused({"f:8:16", "f:0:8", "f:16:17"}, 8, f17, "bytes 0..8 are not covered");         // out of order
  check_refused({"f:0:8", "f:8:16", "f:16:24"}, 8, f17, "'f:16:24' reaches past the end of the file (17 bytes)");
  check_refused({"f:0:17"}, 8, f17, "'f:0:17' is longer than shard_size 8");
  check_refused({"f:0:4", "f:4:12", "f:12:17"}, 8, f17, "'f:0:4' is shorter than shard_size 8");
  check_refused({"e:0:1"}, 8, {{"e", 0}}, "'e:0:1' reaches past the end of the file (0 bytes)");
  check_refused({"gone:0:8"}, 8, f17, "file 'gone' is signed but missing");
  // Files listed out of OMS order, or a file's shards split around another's.
  check_refused({"b:0:1", "a:0:1"}, 8, {{"a", 1}, {"b", 1}}, "'a:0:1' is listed out of order");
  check_refused({"a:0:8", "b:0:1", "a:8:9"}, 8, {{"a", 9}, {"b", 1}}, "file 'a': bytes 8..9 are not covered");
  // Names that are not path:start:end, or not canonical decimals.
  for (const char* bad : {"f:00:8", "f:0", "f:0:8:1", "f:+0:8", "f:8:8", "f:0:x"}) {
    CAPTURE(bad);
    auto t = tiling({bad}, 8, f17);
    REQUIRE_FALSE(t.ok());
    CHECK(t.error().code == ErrorCode::kCorrupt);
  }
}

namespace {

struct ShardedModel {
  TempDir dir;
  std::filesystem::path model;
  keys::PrivateKey key = signing_test::new_key();

  ShardedModel() : model(dir / "model") {
    std::filesystem::create_directories(model / "sub");
    test_support::write_bytes(model / "exact", std::string(2 * 4096, 'a'));
    test_support::write_bytes(model / "more", std::string(2 * 4096 + 1, 'b'));
    test_support::write_bytes(model / "less", std::string(4095, 'c'));
    test_support::write_bytes(model / "empty", "");
    test_support::write_bytes(model / "sub/big", std::string(5 * 4096 + 7, 'd'));
  }

  Result<SignResult> sign(std::optional<uint64_t> shard_size = 4096) {
    SignOptions o;
    o.target = model;
    o.signer = &key;
    o.shard_size = shard_size;
    o.overwrite = true;
    return sign_model(o);
  }

  Result<VerifiedSignature> verify(std::vector<std::string> only = {}) {
    SignatureVerifyOptions o;
    o.target = model;
    o.trusted_keys = {key.public_key()};
    o.only = std::move(only);
    return verify_model_signature(o);
  }
};

}  // namespace

TEST_CASE("sign --shard-size signs a folder in OMS shards, and verify checks every byte") {
  ShardedModel m;
  auto s = m.sign();
  REQUIRE_MESSAGE(s.ok(), s.error().detail);
  CHECK(s->file_count == 5);
  auto v = m.verify();
  REQUIRE_MESSAGE(v.ok(), v.error().detail);
  CHECK(digests_equal(v->content_digest, s->content_digest));
  CHECK(digests_equal(v->signed_digest, s->content_digest));

  SUBCASE("a flipped byte in the second shard is rejected naming the file and the bytes") {
    std::string big = test_support::read_bytes(m.model / "sub/big");
    big[4096 + 10] ^= 1;
    test_support::write_bytes(m.model / "sub/big", big);
    signing_test::check_rejected(m.verify(), "file 'sub/big' changed since it was signed (bytes 4096..8192");
  }
  SUBCASE("one byte more or less in a file is rejected") {
    signing_test::append_byte(m.model / "exact");
    signing_test::check_rejected(m.verify(), "file 'exact': bytes 8192..8193 are not covered");
  }
  SUBCASE("a removed file and an added file are rejected; an added empty file is not listed") {
    test_support::write_bytes(m.model / "new-empty", "");
    auto with_empty = m.verify();
    CHECK_MESSAGE(with_empty.ok(), with_empty.error().detail);
    test_support::write_bytes(m.model / "added", "x");
    signing_test::check_rejected(m.verify(), "file 'added' is not covered by the signature");
    std::filesystem::remove(m.model / "added");
    std::filesystem::remove(m.model / "less");
    signing_test::check_rejected(m.verify(), "file 'less' is signed but missing");
  }
  SUBCASE("verify --only refuses a shard signature as a usage error") {
    auto only = m.verify({"exact"});
    REQUIRE_FALSE(only.ok());
    CHECK(only.error().code == ErrorCode::kInvalidArgument);
  }
}

TEST_CASE("sign --shard-size refuses sizes out of bounds and names holding ':'") {
  ShardedModel m;
  for (uint64_t bad : {uint64_t{0}, uint64_t{4095}, (uint64_t{1} << 53) + 1}) {
    auto s = m.sign(bad);
    REQUIRE_FALSE(s.ok());
    CHECK(s.error().code == ErrorCode::kInvalidArgument);
  }
  test_support::write_bytes(m.model / "a:b", "x");
  auto colon = m.sign();
  REQUIRE_FALSE(colon.ok());
  CHECK(colon.error().detail.find("'a:b' holds ':'") != std::string::npos);
}

TEST_CASE("a re-signed shard statement that leaves a shard out is rejected though its digests hold") {
  ShardedModel m;
  auto made = signing::sign_shards({m.model, m.model / "model.sig", {}, false, 0, {}}, 4096);
  REQUIRE_MESSAGE(made.ok(), made.error().detail);
  formats::OmsStatement st = made->statement;
  // Drop the second shard of sub/big and make the subject consistent again: only the tiling
  // check stands between this signature and bytes 4096..8192 going unchecked.
  auto it = std::find_if(st.resources.begin(), st.resources.end(),
                         [](const formats::OmsResource& r) { return r.name == "sub/big:4096:8192"; });
  REQUIRE(it != st.resources.end());
  st.resources.erase(it);
  auto root = Sha256::create();
  REQUIRE(root.ok());
  for (const formats::OmsResource& r : st.resources) {
    Sha256Digest d = *Sha256Digest::from_hex(r.digest_hex);
    REQUIRE(root->update(d.bytes).ok());
  }
  st.subjects.front().sha256_hex = root->finish()->hex();
  auto text = signing::sign_statement(formats::serialize_oms_statement(st), m.key, {});
  REQUIRE(text.ok());
  test_support::write_bytes(m.model / "model.sig", *text);
  signing_test::check_rejected(m.verify(), "file 'sub/big': bytes 4096..8192 are not covered");
}

namespace {

// The vector model plus files at every size boundary of 4096-byte shards, as a plain bundle.
struct BoundaryBundle {
  BoundaryBundle() {
    std::filesystem::copy(std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/bundle-v1/model",
                          model, std::filesystem::copy_options::recursive);
    uint32_t x = 7;
    for (uint64_t size : {0, 1, 4095, 4096, 4097, 8192, 12289}) {
      std::string bytes(size, '\0');
      for (char& c : bytes) c = static_cast<char>((x = x * 1103515245u + 12345u) >> 24);
      test_support::write_bytes(model / fmt::format("size-{}.bin", size), bytes);
    }
    sealed_test_support::build_plain_bundle(model, bundle);
  }
  TempDir dir;
  std::filesystem::path model = dir / "model";
  std::filesystem::path bundle = dir / "b.mbundle";
};

std::vector<uint8_t> blake2b_of(const std::string& bytes) {
  auto h = crypto::ContentHasher::create(crypto::ContentHash::kBlake2b);
  REQUIRE(h.ok());
  REQUIRE(h->update({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()}).ok());
  return *h->finish();
}

}  // namespace

TEST_CASE("a bundle's shards are its extracted folder's, at every size boundary, and verify") {
  BoundaryBundle b;
  auto from_bundle = signing::sign_bundle_shards(b.bundle, 4096, {});
  REQUIRE_MESSAGE(from_bundle.ok(), from_bundle.error().detail);
  auto extracted = extract_bundle(b.bundle, b.dir / "x");
  REQUIRE_MESSAGE(extracted.ok(), extracted.error().detail);
  std::filesystem::remove(b.dir / "x" / kManifestPath);
  auto from_folder = signing::sign_shards({b.dir / "x", b.dir / "x.sig", {}, false, 0, {}}, 4096);
  REQUIRE_MESSAGE(from_folder.ok(), from_folder.error().detail);
  auto listed = [](const signing::ShardSigned& s) {
    std::vector<std::string> out;
    for (const formats::OmsResource& r : s.statement.resources)
      out.push_back(r.name + " " + r.algorithm + " " + r.digest_hex);
    return out;
  };
  CHECK(listed(*from_bundle) == listed(*from_folder));
  CHECK(digests_equal(from_bundle->root, from_folder->root));
  CHECK(from_bundle->statement.subjects.front().name == "vector-model");
  CHECK(from_bundle->statement.serialization.ignore_paths == std::vector<std::string>{kManifestPath});
  std::vector<std::string> names;
  for (const formats::OmsResource& r : from_bundle->statement.resources) names.push_back(r.name);
  for (const char* shard : {"size-1.bin:0:1", "size-4095.bin:0:4095", "size-4096.bin:0:4096",
                            "size-4097.bin:4096:4097", "size-8192.bin:4096:8192", "size-12289.bin:12288:12289"})
    CHECK(std::count(names.begin(), names.end(), shard) == 1);
  CHECK(std::none_of(names.begin(), names.end(), [](const std::string& n) { return n.starts_with("size-0.bin"); }));

  const formats::OmsStatement& st = from_bundle->statement;
  auto verified = signing::verify_bundle_ranges(b.bundle, st, false, {});
  REQUIRE_MESSAGE(verified.ok(), verified.error().detail);
  CHECK(digests_equal(verified->content_root, extracted->content_digest));
  CHECK(verified->model_name == "vector-model");

  SUBCASE("a digest that differs names the file and the shard's bytes") {
    formats::OmsStatement wrong = st;
    for (formats::OmsResource& r : wrong.resources)
      if (r.name == "size-8192.bin:4096:8192") r.digest_hex[0] = r.digest_hex[0] == '0' ? '1' : '0';
    signing_test::check_rejected(signing::verify_bundle_ranges(b.bundle, wrong, false, {}),
                                 "file 'size-8192.bin' changed since it was signed (bytes 4096..8192");
  }
  SUBCASE("a listed file the bundle lacks, and a bundle file the statement leaves out") {
    formats::OmsStatement fewer = st;
    std::erase_if(fewer.resources, [](const formats::OmsResource& r) { return r.name.starts_with("size-1.bin"); });
    signing_test::check_rejected(signing::verify_bundle_ranges(b.bundle, fewer, false, {}),
                                 "file 'size-1.bin' is not covered by the signature");
    auto tolerated = signing::verify_bundle_ranges(b.bundle, fewer, true, {});
    REQUIRE_MESSAGE(tolerated.ok(), tolerated.error().detail);
    CHECK(tolerated->unsigned_files == std::vector<std::string>{"size-1.bin"});
    formats::OmsStatement more = st;
    more.resources.push_back({"zz-absent.bin:0:1", more.resources.front().algorithm, more.resources.front().digest_hex});
    signing_test::check_rejected(signing::verify_bundle_ranges(b.bundle, more, false, {}), "zz-absent.bin");
  }
  SUBCASE("BLAKE2b of whole files; a file listed twice is refused") {
    formats::OmsStatement files;
    files.serialization.method = "files";
    files.serialization.hash_type = "blake2b";
    for (const FileRecord& f : extracted->files) {
      const std::string bytes = test_support::read_bytes(b.dir / "x" / f.path);
      files.resources.push_back({f.path, "blake2b", hex::encode(blake2b_of(bytes))});
    }
    auto whole = signing::verify_bundle_ranges(b.bundle, files, false, {});
    REQUIRE_MESSAGE(whole.ok(), whole.error().detail);
    formats::OmsStatement twice = files;
    twice.resources.push_back(twice.resources.back());
    signing_test::check_rejected(signing::verify_bundle_ranges(b.bundle, twice, false, {}),
                                 "' is listed twice in the signature");
    files.resources.back().digest_hex = std::string(128, 'a');
    signing_test::check_rejected(signing::verify_bundle_ranges(b.bundle, files, false, {}),
                                 "changed since it was signed (blake2b mismatch)");
  }
  SUBCASE("shard sizes out of bounds are refused before the bundle is read") {
    for (uint64_t bad : {uint64_t{0}, uint64_t{4095}, (uint64_t{1} << 53) + 1}) {
      auto s = signing::sign_bundle_shards(b.dir / "absent.mbundle", bad, {});
      REQUIRE_FALSE(s.ok());
      CHECK(s.error().code == ErrorCode::kInvalidArgument);
    }
  }
}
