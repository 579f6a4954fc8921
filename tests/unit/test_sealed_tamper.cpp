// Negative tests of sealed bundles: every way of changing the file is caught,
// by read_sealed_info (keyless) or by SealedReader, which never releases
// bytes of a chunk that failed.
#include <doctest/doctest.h>

#include "crypto/stream_aead.hpp"
#include "sealed_test_support.hpp"

using namespace modelseal;
using sealed_test_support::replaced;
using sealed_test_support::replaced_last;
using namespace sealed_test_support;
using test_support::TempDir;

namespace {

constexpr size_t kSealedChunk = crypto::kSealedChunkBytes;

// Rejected without the key.
void expect_info_error(const std::filesystem::path& file, ErrorCode code, const std::string& words) {
  auto info = read_sealed_info(file);
  REQUIRE_FALSE(info.ok());
  CHECK(info.error().code == code);
  CHECK_MESSAGE(info.error().detail.find(words) != std::string::npos, info.error().detail);
}

// The header passes; decryption fails at `chunk`, after releasing exactly the chunks before it.
void expect_chunk_failure(const std::filesystem::path& file, const SecretBytes& key, uint64_t chunk,
                          const std::string& plain) {
  CHECK(read_sealed_info(file).ok());
  const Decrypted d = decrypt(file, key);
  REQUIRE(d.error);
  CHECK(d.error->code == ErrorCode::kTampered);
  CHECK_MESSAGE(d.error->detail.find("chunk " + std::to_string(chunk)) != std::string::npos,
                d.error->detail);
  CHECK(d.error->detail.find(file.string()) != std::string::npos);
  CHECK(d.bytes == plain.substr(0, chunk * crypto::kChunkBytes));
}

struct MultiChunk {
  TempDir dir;
  SecretBytes key = key_filled(9);
  std::string plain, sealed;
  uint64_t payload_at = 0;
  size_t chunks = 0;

  MultiChunk() {
    const auto bundle = build_multi_chunk_bundle(dir);
    plain = test_support::read_bytes(bundle);
    REQUIRE(seal_file(bundle, dir / "m.sealed", key).ok());
    sealed = test_support::read_bytes(dir / "m.sealed");
    payload_at = header_end(sealed);
    chunks = (plain.size() + crypto::kChunkBytes - 1) / crypto::kChunkBytes;
    REQUIRE(chunks >= 4);
  }
  std::string chunk(const std::string& file, size_t i) const {
    return file.substr(payload_at + i * kSealedChunk, kSealedChunk);
  }
  std::string with_chunk(size_t i, const std::string& bytes) const {
    std::string out = sealed;
    out.replace(payload_at + i * kSealedChunk, bytes.size(), bytes);
    return out;
  }
  std::filesystem::path write(const std::string& bytes) const {
    test_support::write_bytes(dir / "t.sealed", bytes);
    return dir / "t.sealed";
  }
};

}  // namespace

TEST_CASE("every single-byte flip of a sealed file is rejected and releases nothing") {
  TempDir dir;
  const SecretBytes key = key_filled(5);
  REQUIRE(seal_file(build_tiny_bundle(dir), dir / "v.sealed", key).ok());
  const std::string original = test_support::read_bytes(dir / "v.sealed");
  const size_t payload_at = header_end(original);
  size_t flips = 0, caught_without_key = 0;
  for (size_t i = 0; i < original.size(); ++i) {
    std::string tampered = original;
    tampered[i] = static_cast<char>(tampered[i] ^ 0x01);
    test_support::write_bytes(dir / "t.sealed", tampered);
    if (i < payload_at && !read_sealed_info(dir / "t.sealed").ok()) ++caught_without_key;
    const Decrypted d = decrypt(dir / "t.sealed", key);
    if (!d.error) FAIL_CHECK("the flip at byte " << i << " was not caught");
    if (!d.bytes.empty()) FAIL_CHECK("the flip at byte " << i << " released plaintext");
    ++flips;
  }
  CHECK(flips == original.size());
  CHECK(caught_without_key > payload_at / 2);  // most header flips need no key
  MESSAGE(flips << " flips, " << caught_without_key << " caught without the key");
}

TEST_CASE("truncation at every chunk boundary, mid-chunk and in the header is rejected") {
  MultiChunk m;
  std::vector<uint64_t> cuts = {0, 10, 23, 24, 100, m.payload_at - 1};
  for (size_t k = 0; k < m.chunks; ++k) {
    const uint64_t boundary = m.payload_at + k * kSealedChunk;
    for (uint64_t delta : {0, 1, 16, 4096}) cuts.push_back(boundary + delta);
  }
  cuts.push_back(m.sealed.size() - 1);
  cuts.push_back(m.sealed.size() - crypto::kTagBytes);
  for (uint64_t cut : cuts) {
    REQUIRE(cut < m.sealed.size());
    const auto file = m.write(m.sealed.substr(0, cut));
    CHECK_MESSAGE(!read_sealed_info(file).ok(), "truncation at " << cut << " passed");
    CHECK_MESSAGE(decrypt(file, m.key).error.has_value(), "truncation at " << cut << " decrypted");
  }
  expect_info_error(m.write(m.sealed.substr(0, m.payload_at + kSealedChunk)), ErrorCode::kTampered,
                    "truncated or extended");
}

TEST_CASE("an appended byte or chunk is rejected") {
  MultiChunk m;
  expect_info_error(m.write(m.sealed + "x"), ErrorCode::kTampered, "truncated or extended");
  expect_info_error(m.write(m.sealed + m.chunk(m.sealed, 0)), ErrorCode::kTampered,
                    "truncated or extended");
}

TEST_CASE("a file cut or extended after opening fails in the reader") {
  MultiChunk m;
  {
    const auto file = m.write(m.sealed);
    auto reader = SealedReader::open(file, m.key);
    REQUIRE(reader.ok());
    std::filesystem::resize_file(file, m.payload_at + 2 * kSealedChunk + 10);
    std::string got;
    std::vector<uint8_t> buf(50000);
    Result<size_t> n = size_t{0};
    while ((n = (*reader)->read(buf)).ok() && *n > 0) got.append(reinterpret_cast<char*>(buf.data()), *n);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().code == ErrorCode::kTampered);
    CHECK(n.error().detail.find("truncated in chunk 2") != std::string::npos);
    CHECK(got == m.plain.substr(0, 2 * crypto::kChunkBytes));
    CHECK_FALSE((*reader)->read(buf).ok());  // the failure sticks
  }
  {
    const auto file = m.write(m.sealed);
    auto reader = SealedReader::open(file, m.key);
    REQUIRE(reader.ok());
    std::ofstream(file, std::ios::binary | std::ios::app) << "more";
    std::string got;
    std::vector<uint8_t> buf(65536);
    Result<size_t> n = size_t{0};
    while ((n = (*reader)->read(buf)).ok() && *n > 0) got.append(reinterpret_cast<char*>(buf.data()), *n);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error().detail.find("bytes follow the last chunk") != std::string::npos);
    CHECK(got == m.plain.substr(0, (m.chunks - 1) * crypto::kChunkBytes));  // last one withheld
  }
}

TEST_CASE("swapped chunks and chunks from other sealed bundles are rejected") {
  MultiChunk m;
  std::string swapped = m.with_chunk(1, m.chunk(m.sealed, 2));
  swapped = swapped.replace(m.payload_at + 2 * kSealedChunk, kSealedChunk, m.chunk(m.sealed, 1));
  expect_chunk_failure(m.write(swapped), m.key, 1, m.plain);

  // Same bundle sealed again with the same data key: another salt, another payload key.
  REQUIRE(seal_file(m.dir / "multi.mbundle", m.dir / "same-key.sealed", m.key).ok());
  const std::string same_key = test_support::read_bytes(m.dir / "same-key.sealed");
  REQUIRE(header_end(same_key) == m.payload_at);
  expect_chunk_failure(m.write(m.with_chunk(2, m.chunk(same_key, 2))), m.key, 2, m.plain);
  const size_t last = m.chunks - 1;
  const std::string last_chunk = same_key.substr(m.payload_at + last * kSealedChunk);
  expect_chunk_failure(m.write(m.with_chunk(last, last_chunk)), m.key, last, m.plain);

  const SecretBytes other_key = key_filled(10);
  REQUIRE(seal_file(m.dir / "multi.mbundle", m.dir / "other-key.sealed", other_key).ok());
  const std::string other = test_support::read_bytes(m.dir / "other-key.sealed");
  expect_chunk_failure(m.write(m.with_chunk(2, m.chunk(other, 2))), m.key, 2, m.plain);
  // Its whole payload behind our header, too.
  expect_chunk_failure(m.write(m.sealed.substr(0, m.payload_at) + other.substr(m.payload_at)), m.key,
                       0, m.plain);
}

TEST_CASE("a flipped byte in a later chunk releases only the chunks before it") {
  MultiChunk m;
  std::string tampered = m.sealed;
  tampered[m.payload_at + 3 * kSealedChunk + 777] ^= 0x40;
  expect_chunk_failure(m.write(tampered), m.key, 3, m.plain);
}

TEST_CASE("the wrong data key is rejected at the first chunk") {
  MultiChunk m;
  expect_chunk_failure(m.write(m.sealed), key_filled(0x99), 0, m.plain);
  CHECK(decrypt(m.write(m.sealed), SecretBytes(std::vector<uint8_t>(31, 9))).error->code ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("a header edited after sealing is rejected") {
  MultiChunk m;
  const std::string header = m.sealed.substr(24, m.payload_at - 24);
  // Only the header's own model: it no longer matches the manifest.
  expect_info_error(m.write(with_header(m.sealed, replaced_last(header, "\"1.0.0\"", "\"1.0.1\""))),
                    ErrorCode::kTampered, "model");
  // Header and manifest agree, but bundle.toml still names 1.0.0.
  const std::string both = replaced(replaced_last(header, "\"1.0.0\"", "\"1.0.1\""), "\"1.0.0\"",
                                    "\"1.0.1\"");
  expect_info_error(m.write(with_header(m.sealed, both)), ErrorCode::kTampered, "bundle.toml");
  // A consistent edit the keyless check cannot see: only the key can.
  const std::string rekeyed = replaced(header, kKeyId, "dk-00112233445566778899aabbccddeefe");
  expect_chunk_failure(m.write(with_header(m.sealed, rekeyed)), m.key, 0, m.plain);
  // bundle.sha256 edited: every chunk but the last (AAD H0) still authenticates; the last one,
  // whose AAD is H, does not, and nothing of it is released.
  const std::string real_sha = sha256_of(test_support::bytes_of(m.plain)).value().hex();
  const std::string other_sha = std::string(64, 'e');
  expect_chunk_failure(m.write(with_header(m.sealed, replaced(header, real_sha, other_sha))), m.key,
                       m.chunks - 1, m.plain);
  const std::string resized = replaced(header, "\"size\":" + std::to_string(m.plain.size()),
                                       "\"size\":" + std::to_string(m.plain.size() - 1));
  expect_info_error(m.write(with_header(m.sealed, resized)), ErrorCode::kTampered,
                    "truncated or extended");
  // A manifest entry's digest edited: the root digest no longer matches.
  const size_t sha_at = header.find("\"sha256\":\"", header.find("\"files\""));
  std::string manifest_edit = header;
  manifest_edit[sha_at + 10] = manifest_edit[sha_at + 10] == '0' ? '1' : '0';
  expect_info_error(m.write(with_header(m.sealed, manifest_edit)), ErrorCode::kTampered, "");
}

TEST_CASE("non-canonical headers, duplicate and unknown keys are rejected") {
  MultiChunk m;
  const std::string header = m.sealed.substr(24, m.payload_at - 24);
  expect_info_error(m.write(with_header(m.sealed, replaced(header, "{\"aead\"", "{ \"aead\""))),
                    ErrorCode::kCorrupt, "canonical");
  expect_info_error(m.write(with_header(m.sealed, header + "\n")), ErrorCode::kCorrupt, "canonical");
  expect_info_error(
      m.write(with_header(m.sealed, replaced(header, "\"salt\":", "\"key_id\":\"x\",\"salt\":"))),
      ErrorCode::kCorrupt, "duplicate key");
  expect_info_error(
      m.write(with_header(m.sealed, replaced(header, "\"salt\":", "\"rogue\":\"x\",\"salt\":"))),
      ErrorCode::kCorrupt, "exactly");
}

TEST_CASE("header length fields that are zero, too large or beyond the file are rejected") {
  MultiChunk m;
  auto with_length = [&](uint32_t n) {
    std::string out = m.sealed;
    for (int i = 0; i < 4; ++i) out[20 + i] = static_cast<char>((n >> (24 - 8 * i)) & 0xff);
    return out;
  };
  expect_info_error(m.write(with_length(0)), ErrorCode::kCorrupt, "length is 0");
  expect_info_error(m.write(with_length((72u << 20) + 1)), ErrorCode::kLimitExceeded, "exceeds");
  expect_info_error(m.write(with_length(0xffffffffu)), ErrorCode::kLimitExceeded, "exceeds");
  expect_info_error(m.write(with_length((64u << 20) + 1)), ErrorCode::kCorrupt, "truncated");
  expect_info_error(m.write(with_length(static_cast<uint32_t>(m.payload_at - 24 + 1))),
                    ErrorCode::kCorrupt, "");
  expect_info_error(m.write("modelseal.sealed/v1\n"), ErrorCode::kCorrupt, "magic");
  expect_info_error(m.write(""), ErrorCode::kCorrupt, "magic");
  std::string wrong_magic = m.sealed;
  wrong_magic[0] = 'M';
  expect_info_error(m.write(wrong_magic), ErrorCode::kCorrupt, "magic");
  CHECK_FALSE(is_sealed_bundle(m.write(wrong_magic)));
}
