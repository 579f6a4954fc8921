// seal::EncryptingTap, the encrypting half of seal's one read: the same bytes give the same
// sealed file whatever the sizes of the pieces the read hands it, at every size around a chunk
// boundary; more bytes than the bundle had, or fewer, are "changed while being sealed".
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "seal/encrypting_tap.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

constexpr size_t kChunk = crypto::kChunkBytes;

std::string pattern(size_t n) {
  std::string s(n, '\0');
  uint32_t x = 7;
  for (char& c : s) {
    x = x * 1664525u + 1013904223u;
    c = static_cast<char>(x >> 24);
  }
  return s;
}

Sha256Digest filled(uint8_t value) {
  Sha256Digest d;
  d.bytes.fill(value);
  return d;
}

// What the tap writes for `plain` handed over in pieces of the sizes in `pieces` (cycled).
std::string sealed_in_pieces(const std::string& plain, const std::vector<size_t>& pieces,
                             const std::filesystem::path& out_path) {
  const SecretBytes key(std::vector<uint8_t>(crypto::kDataKeyBytes, 3));
  crypto::StreamSalt salt{};
  auto sealer = crypto::ChunkSealer::create(key, salt, {2, filled(1), std::nullopt});
  REQUIRE(sealer.ok());
  auto file = fs::AtomicFile::create(out_path, true);
  REQUIRE(file.ok());
  {
    archive::BackgroundWriter writer(*file, seal::EncryptingTap::kWriteBytes);
    seal::EncryptingTap tap(plain.size(), out_path, *sealer, writer);
    size_t at = 0;
    for (size_t i = 0; at < plain.size(); ++i) {
      const size_t n = std::min(pieces[i % pieces.size()], plain.size() - at);
      REQUIRE(tap.bytes_read(test_support::bytes_of(plain).subspan(at, n)).ok());
      at += n;
    }
    REQUIRE(tap.finish(filled(2)).ok());
  }
  REQUIRE(file->commit().ok());
  return test_support::read_bytes(out_path);
}

// The chunks `sealed` holds, opened with the binding the tap was given.
std::string opened(const std::string& sealed, size_t plain_size) {
  const SecretBytes key(std::vector<uint8_t>(crypto::kDataKeyBytes, 3));
  auto opener = crypto::ChunkOpener::create(key, crypto::StreamSalt{}, {2, filled(1), filled(2)});
  REQUIRE(opener.ok());
  std::string plain;
  size_t at = 0;
  while (plain.size() < plain_size) {
    const size_t n = std::min(kChunk, plain_size - plain.size());
    auto chunk = opener->open(test_support::bytes_of(sealed).subspan(at, n + crypto::kTagBytes),
                              plain.size() + n == plain_size);
    REQUIRE_MESSAGE(chunk.ok(), chunk.error().detail);
    plain.append(chunk->begin(), chunk->end());
    at += n + crypto::kTagBytes;
  }
  CHECK(at == sealed.size());
  return plain;
}

}  // namespace

TEST_CASE("encrypting tap: any piece sizes give the same sealed chunks, at every boundary") {
  TempDir dir;
  for (size_t size : {size_t{1}, kChunk - 1, kChunk, kChunk + 1, 2 * kChunk, 3 * kChunk - 7,
                      17 * kChunk, 17 * kChunk + 5}) {
    CAPTURE(size);
    const std::string plain = pattern(size);
    const std::string whole = sealed_in_pieces(plain, {size}, dir / "whole");
    CHECK(opened(whole, size) == plain);
    for (const std::vector<size_t>& pieces : std::vector<std::vector<size_t>>{
             {1}, {4095, 1}, {kChunk - 1}, {kChunk + 1}, {3 * kChunk + 13}, {1 << 20}}) {
      if (pieces[0] == 1 && size > 3 * kChunk) continue;  // byte by byte: the small sizes only
      CHECK(sealed_in_pieces(plain, pieces, dir / "pieces") == whole);
    }
  }
}

TEST_CASE("encrypting tap: more or fewer bytes than the bundle had are refused") {
  TempDir dir;
  const SecretBytes key(std::vector<uint8_t>(crypto::kDataKeyBytes, 3));
  const std::string plain = pattern(2 * kChunk + 10);
  for (bool more : {true, false}) {
    CAPTURE(more);
    auto sealer = crypto::ChunkSealer::create(key, crypto::StreamSalt{}, {2, filled(1), std::nullopt});
    REQUIRE(sealer.ok());
    auto file = fs::AtomicFile::create(dir / "s", true);
    REQUIRE(file.ok());
    archive::BackgroundWriter writer(*file, seal::EncryptingTap::kWriteBytes);
    const size_t said = more ? plain.size() - 1 : plain.size() + 1;
    seal::EncryptingTap tap(said, dir / "bundle", *sealer, writer);
    Status status = tap.bytes_read(test_support::bytes_of(plain));
    if (status.ok()) status = tap.finish(filled(2));
    REQUIRE_FALSE(status.ok());
    CHECK(status.error().code == ErrorCode::kTampered);
    CHECK(status.error().detail.find("changed while it was being sealed") != std::string::npos);
    if (more)  // the failure sticks: nothing more is taken
      CHECK(tap.bytes_read(test_support::bytes_of(plain).first(1)).error().code == ErrorCode::kTampered);
  }
}
