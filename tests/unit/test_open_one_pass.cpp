// open decrypts, verifies and writes in one pass (specs/sealed-bundle-v1.md §1.3): the plain
// bundle (-o) is written while the files are verified and moves into place only once every
// check passed and the open was logged. A changed, cut or re-encrypted sealed file leaves
// no plaintext behind, with -o, -C or both.
#include <doctest/doctest.h>

#include <filesystem>

#include "crypto/stream_aead.hpp"
#include "lifecycle_test_support.hpp"
#include "modelseal/lifecycle.hpp"
#include "sealed_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
namespace stdfs = std::filesystem;

namespace {

struct OnePassFixture : lifecycle_test::SealedExample {
  OnePassFixture() : SealedExample("one pass open test passphrase") {}

  Result<VerifiedContent> open(bool extract, bool write_bundle) {
    auto ks = keystore();
    OpenSealedOptions o;
    o.sealed = sealed;
    o.keystore = &ks;
    if (extract) o.extract_to = folder;
    if (write_bundle) o.bundle_out = plain;
    return open_sealed(o);
  }
};

struct Mode {
  bool extract, write_bundle;
};
constexpr Mode kModes[] = {{false, true}, {true, false}, {true, true}};

}  // namespace

TEST_CASE("open -o writes the same bundle bytes in one pass, logged once, mode 0600") {
  for (Mode m : kModes) {
    CAPTURE(m.extract);
    CAPTURE(m.write_bundle);
    OnePassFixture f;
    auto opened = f.open(m.extract, m.write_bundle);
    REQUIRE_MESSAGE(opened.ok(), opened.error().detail);
    CHECK(opened->file_count > 0);
    if (m.write_bundle) {
      CHECK(test_support::read_bytes(f.plain) == test_support::read_bytes(f.bundle));
      CHECK((stdfs::status(f.plain).permissions() & stdfs::perms::all) == stdfs::perms(0600));
    }
    CHECK(stdfs::exists(f.folder) == m.extract);
  }
}

TEST_CASE("a flipped byte in any chunk, the tag or the header leaves no plaintext") {
  for (Mode m : kModes) {
    for (int where : {0, 1, 2, 3}) {
      CAPTURE(m.extract);
      CAPTURE(m.write_bundle);
      CAPTURE(where);
      OnePassFixture f;
      std::string bytes = test_support::read_bytes(f.sealed);
      const uint64_t payload_at = sealed_test_support::header_end(bytes);
      const size_t at = where == 0   ? payload_at + 10                       // first chunk
                        : where == 1 ? bytes.size() / 2 + payload_at / 2     // a middle chunk
                        : where == 2 ? bytes.size() - 3                      // the last tag
                                     : payload_at - 40;                      // the header
      bytes[at] ^= 0x04;
      test_support::write_bytes(f.sealed, bytes);
      auto opened = f.open(m.extract, m.write_bundle);
      REQUIRE_FALSE(opened.ok());
      CHECK(opened.error().detail.find(f.sealed.string()) != std::string::npos);
      f.check_no_plaintext();
    }
  }
}

TEST_CASE("a truncated or extended sealed file is refused and leaves no plaintext") {
  for (Mode m : kModes) {
    for (long delta : {-1L, -17L, -1000L, 1L}) {
      CAPTURE(m.extract);
      CAPTURE(delta);
      OnePassFixture f;
      std::string bytes = test_support::read_bytes(f.sealed);
      if (delta < 0)
        bytes.resize(bytes.size() - static_cast<size_t>(-delta));
      else
        bytes += "x";
      test_support::write_bytes(f.sealed, bytes);
      auto opened = f.open(m.extract, m.write_bundle);
      REQUIRE_FALSE(opened.ok());
      CHECK(opened.error().code == ErrorCode::kTampered);
      f.check_no_plaintext();
    }
  }
}

// Every chunk authenticates (re-encrypted under the right key and header), but the bundle
// inside is not the one the header describes: a file's bytes differ from the manifest's digest.
TEST_CASE("an authentic payload whose bundle does not verify leaves no plaintext") {
  for (Mode m : kModes) {
    CAPTURE(m.extract);
    CAPTURE(m.write_bundle);
    OnePassFixture f;
    auto ks = f.keystore();
    auto info = read_sealed_info(f.sealed);
    REQUIRE(info.ok());
    auto key = ks.unwrap(info->header.key_id);
    REQUIRE(key.ok());
    std::string plain = test_support::read_bytes(f.bundle);
    plain[plain.size() / 2] ^= 0x01;  // inside model.safetensors' data
    crypto::StreamSalt salt;
    std::copy(info->header.salt.begin(), info->header.salt.end(), salt.begin());
    auto sealer = crypto::ChunkSealer::create(
        *key, salt, {info->header.version, info->chunk_digest, info->header_digest});
    REQUIRE(sealer.ok());
    std::string bytes = test_support::read_bytes(f.sealed);
    bytes.resize(sealed_test_support::header_end(bytes));
    for (size_t at = 0; at < plain.size(); at += crypto::kChunkBytes) {
      const size_t n = std::min(crypto::kChunkBytes, plain.size() - at);
      auto chunk = sealer->seal({reinterpret_cast<const uint8_t*>(plain.data()) + at, n},
                                at + n == plain.size());
      REQUIRE(chunk.ok());
      bytes.append(reinterpret_cast<const char*>(chunk->data()), chunk->size());
    }
    test_support::write_bytes(f.sealed, bytes);
    auto opened = f.open(m.extract, m.write_bundle);
    REQUIRE_FALSE(opened.ok());
    // A zstd bundle may fail to decompress (corrupt) before a digest is compared (tampered).
    CHECK_MESSAGE((opened.error().code == ErrorCode::kTampered ||
                   opened.error().code == ErrorCode::kCorrupt),
                  opened.error().detail);
    f.check_no_plaintext();
  }
}
