#include <doctest/doctest.h>

#include <vector>

#include "crypto/stream_aead.hpp"

using namespace modelseal;
using namespace modelseal::crypto;

namespace {

SecretBytes data_key_filled(uint8_t value) {
  std::vector<uint8_t> bytes(kDataKeyBytes, value);
  return SecretBytes(bytes);
}

StreamSalt salt_filled(uint8_t value) {
  StreamSalt s;
  s.fill(value);
  return s;
}

Sha256Digest digest_filled(uint8_t value) {
  Sha256Digest d;
  d.bytes.fill(value);
  return d;
}

// Version 2, every chunk's AAD the same digest (as in version 1).
StreamBinding binding_filled(uint8_t value) { return {2, digest_filled(value), digest_filled(value)}; }

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> v(n);
  for (size_t i = 0; i < n; ++i) v[i] = static_cast<uint8_t>(i * 31 + seed);
  return v;
}

// Three chunks: two full ones and a short last one.
std::vector<std::vector<uint8_t>> seal_three(const SecretBytes& key, const StreamSalt& salt,
                                             const StreamBinding& h) {
  auto sealer = ChunkSealer::create(key, salt, h);
  REQUIRE(sealer.ok());
  std::vector<std::vector<uint8_t>> chunks;
  for (int i = 0; i < 3; ++i) {
    auto c = sealer->seal(pattern(i < 2 ? kChunkBytes : 100, static_cast<uint8_t>(i)), i == 2);
    REQUIRE(c.ok());
    chunks.push_back(*c);
  }
  return chunks;
}

}  // namespace

TEST_CASE("stream aead seals and opens chunks in order") {
  const SecretBytes key = data_key_filled(7);
  const auto chunks = seal_three(key, salt_filled(1), binding_filled(2));
  CHECK(chunks[0].size() == kSealedChunkBytes);
  CHECK(chunks[2].size() == 100 + kTagBytes);
  auto opener = ChunkOpener::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(opener.ok());
  for (int i = 0; i < 3; ++i) {
    auto plain = opener->open(chunks[i], i == 2);
    REQUIRE_MESSAGE(plain.ok(), plain.error().detail);
    CHECK(*plain == pattern(i < 2 ? kChunkBytes : 100, static_cast<uint8_t>(i)));
  }
  CHECK(opener->next_index() == 3);
  CHECK_FALSE(opener->open(chunks[2], true).ok());  // nothing after the last chunk
}

TEST_CASE("stream aead rejects moved chunks, wrong flags, keys, salts and headers") {
  const SecretBytes key = data_key_filled(7);
  const auto chunks = seal_three(key, salt_filled(1), binding_filled(2));
  auto open_first = [&](const SecretBytes& k, const StreamSalt& s, const StreamBinding& h,
                        const std::vector<uint8_t>& chunk, bool last) {
    auto opener = ChunkOpener::create(k, s, h);
    REQUIRE(opener.ok());
    return opener->open(chunk, last);
  };
  auto expect_tampered = [](const Result<std::vector<uint8_t>>& r) {
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kTampered);
    CHECK(r.error().detail.find("chunk 0") != std::string::npos);
  };
  expect_tampered(open_first(key, salt_filled(1), binding_filled(2), chunks[1], false));  // moved
  expect_tampered(open_first(key, salt_filled(1), binding_filled(2), chunks[0], true));   // last flag
  expect_tampered(open_first(data_key_filled(8), salt_filled(1), binding_filled(2), chunks[0], false));
  expect_tampered(open_first(key, salt_filled(9), binding_filled(2), chunks[0], false));
  expect_tampered(open_first(key, salt_filled(1), binding_filled(3), chunks[0], false));
  std::vector<uint8_t> flipped = chunks[0];
  flipped[12345] ^= 1;
  expect_tampered(open_first(key, salt_filled(1), binding_filled(2), flipped, false));
  flipped = chunks[0];
  flipped.back() ^= 0x80;  // in the tag
  expect_tampered(open_first(key, salt_filled(1), binding_filled(2), flipped, false));
}

TEST_CASE("stream aead stops for good after a failed chunk") {
  const SecretBytes key = data_key_filled(7);
  const auto chunks = seal_three(key, salt_filled(1), binding_filled(2));
  auto opener = ChunkOpener::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(opener.ok());
  std::vector<uint8_t> bad = chunks[0];
  bad[0] ^= 1;
  CHECK_FALSE(opener->open(bad, false).ok());
  CHECK_FALSE(opener->open(chunks[0], false).ok());
  CHECK(opener->next_index() == 0);
}

TEST_CASE("stream aead enforces chunk sizes and key length") {
  const SecretBytes key = data_key_filled(7);
  auto sealer = ChunkSealer::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(sealer.ok());
  CHECK_FALSE(sealer->seal(pattern(100, 0), false).ok());  // short chunk that is not last
  auto s2 = ChunkSealer::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(s2.ok());
  CHECK_FALSE(s2->seal({}, true).ok());
  auto s3 = ChunkSealer::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(s3.ok());
  CHECK_FALSE(s3->seal(pattern(kChunkBytes + 1, 0), true).ok());
  auto s4 = ChunkSealer::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(s4.ok());
  REQUIRE(s4->seal(pattern(1, 0), true).ok());
  CHECK_FALSE(s4->seal(pattern(1, 0), true).ok());  // after the last chunk

  auto opener = ChunkOpener::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(opener.ok());
  CHECK(opener->open(pattern(kTagBytes, 0), true).error().code == ErrorCode::kTampered);
  CHECK_FALSE(opener->open(pattern(kSealedChunkBytes + 1, 0), true).ok());

  const std::vector<uint8_t> short_key(16, 1);
  CHECK(ChunkSealer::create(SecretBytes(short_key), salt_filled(1), binding_filled(2)).error().code ==
        ErrorCode::kInvalidArgument);
}

TEST_CASE("version 2 binds the last chunk to its own AAD, set once it is known") {
  const SecretBytes key = data_key_filled(7);
  auto sealer = ChunkSealer::create(key, salt_filled(1), {2, digest_filled(2), {}});
  REQUIRE(sealer.ok());
  auto first = sealer->seal(pattern(kChunkBytes, 0), false);
  REQUIRE(first.ok());
  sealer->bind_last_chunk(digest_filled(5));
  auto last = sealer->seal(pattern(10, 1), true);
  REQUIRE(last.ok());
  auto opens = [&](const StreamBinding& b) {
    auto opener = ChunkOpener::create(key, salt_filled(1), b);
    REQUIRE(opener.ok());
    return opener->open(*first, false).ok() && opener->open(*last, true).ok();
  };
  CHECK(opens({2, digest_filled(2), digest_filled(5)}));
  CHECK_FALSE(opens({2, digest_filled(5), digest_filled(5)}));  // the body's AAD
  CHECK_FALSE(opens({2, digest_filled(2), digest_filled(2)}));  // the last chunk's AAD
  CHECK_FALSE(opens({1, digest_filled(2), digest_filled(5)}));  // version 1's key label
}

TEST_CASE("a last chunk whose AAD was never bound is neither sealed nor opened") {
  const SecretBytes key = data_key_filled(7);
  auto sealer = ChunkSealer::create(key, salt_filled(1), {2, digest_filled(2), std::nullopt});
  REQUIRE(sealer.ok());
  REQUIRE(sealer->seal(pattern(kChunkBytes, 0), false).ok());  // other chunks need only theirs
  auto last = sealer->seal(pattern(10, 1), true);
  REQUIRE_FALSE(last.ok());
  CHECK(last.error().code == ErrorCode::kInternal);
  auto opener = ChunkOpener::create(key, salt_filled(1), {2, digest_filled(2), std::nullopt});
  REQUIRE(opener.ok());
  CHECK(opener->open(pattern(10 + kTagBytes, 0), true).error().code == ErrorCode::kInternal);
}

TEST_CASE("stream aead refuses unknown versions and a wrongly sized output") {
  const SecretBytes key = data_key_filled(7);
  CHECK(ChunkSealer::create(key, salt_filled(1), {3, digest_filled(2), digest_filled(2)}).error().code ==
        ErrorCode::kUnsupported);
  CHECK(ChunkOpener::create(key, salt_filled(1), {0, digest_filled(2), digest_filled(2)}).error().code ==
        ErrorCode::kUnsupported);
  auto sealer = ChunkSealer::create(key, salt_filled(1), binding_filled(2));
  REQUIRE(sealer.ok());
  std::vector<uint8_t> out(kChunkBytes);  // no room for the tag
  CHECK_FALSE(sealer->seal_into(pattern(kChunkBytes, 0), false, out).ok());
}

TEST_CASE("random salts and data keys differ") {
  auto a = random_stream_salt(), b = random_stream_salt();
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  CHECK(*a != *b);
  auto k = random_data_key();
  REQUIRE(k.ok());
  CHECK(k->size() == kDataKeyBytes);
}
