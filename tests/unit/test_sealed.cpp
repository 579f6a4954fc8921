#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>

#include "crypto/stream_aead.hpp"
#include "seal/sealed_file.hpp"
#include "sealed_test_support.hpp"

using namespace modelseal;
using namespace sealed_test_support;
using test_support::TempDir;

namespace {

std::string manifest_entry(const std::string& tar) {
  const size_t size = std::stoull(tar.substr(124, 11), nullptr, 8);
  return tar.substr(512, size);
}

size_t files_in(const std::filesystem::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

// sealed-v2: what seal writes; sealed-v1: the first version, still read.
std::filesystem::path vector_dir(const char* version = "v2") {
  return std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors" / (std::string("sealed-") + version);
}

std::vector<uint8_t> from_hex(const std::string& hex) {
  std::vector<uint8_t> out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2)
    out.push_back(static_cast<uint8_t>(std::stoul(hex.substr(i, 2), nullptr, 16)));
  return out;
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("seal and open the bundle-v1 test vector") {
  TempDir dir;
  const SecretBytes key = key_filled(0x42);
  auto sealed = seal_file(vector_bundle(), dir / "v.sealed.mbundle", key);
  REQUIRE_MESSAGE(sealed.ok(), sealed.error().detail);
  const std::string plain = test_support::read_bytes(vector_bundle());
  CHECK(sealed->header.bundle_size == plain.size());
  CHECK(sealed->header.model_name == "vector-model");
  CHECK(sealed->header.content_digest_text() ==
        "sha256:60666f3de5351528c81c048eeceff6d98b8a0be5e3aacf23755b1862dc756533");
  CHECK(sealed->header.manifest_json == manifest_entry(plain));
  CHECK(sealed->metadata.name == "vector-model");
  CHECK(std::filesystem::file_size(dir / "v.sealed.mbundle") ==
        header_end(test_support::read_bytes(dir / "v.sealed.mbundle")) + plain.size() + 16);
  CHECK((std::filesystem::status(dir / "v.sealed.mbundle").permissions() &
         std::filesystem::perms::all) == std::filesystem::perms(0644));

  auto info = read_sealed_info(dir / "v.sealed.mbundle");
  REQUIRE_MESSAGE(info.ok(), info.error().detail);
  CHECK(digests_equal(info->header_digest, sealed->header_digest));
  CHECK(info->header.bundle_sha256.hex() == sealed->header.bundle_sha256.hex());
  CHECK(is_sealed_bundle(dir / "v.sealed.mbundle"));
  CHECK_FALSE(is_sealed_bundle(vector_bundle()));
  CHECK_FALSE(is_sealed_bundle(dir / "missing"));

  const Decrypted d = decrypt(dir / "v.sealed.mbundle", key);
  REQUIRE_FALSE(d.error);
  CHECK(d.bytes == plain);

  auto unsealed = unseal_to_file(dir / "v.sealed.mbundle", key, dir / "out.mbundle", false);
  REQUIRE_MESSAGE(unsealed.ok(), unsealed.error().detail);
  CHECK(test_support::read_bytes(dir / "out.mbundle") == plain);
  CHECK(unseal_to_file(dir / "v.sealed.mbundle", key, dir / "out.mbundle", false).error().code ==
        ErrorCode::kAlreadyExists);
  CHECK(verify_bundle(dir / "out.mbundle").ok());
}

TEST_CASE("seal and open a bundle of several chunks") {
  TempDir dir;
  const auto bundle = build_multi_chunk_bundle(dir);
  const std::string plain = test_support::read_bytes(bundle);
  REQUIRE(plain.size() > 4 * crypto::kChunkBytes);
  const SecretBytes key = key_filled(1);
  auto sealed = seal_file(bundle, dir / "m.sealed", key);
  REQUIRE_MESSAGE(sealed.ok(), sealed.error().detail);
  for (size_t buffer : {1u, 4096u, 65536u, 65537u, 1u << 20}) {
    if (buffer == 1 && plain.size() > 400000) continue;
    const Decrypted d = decrypt(dir / "m.sealed", key, buffer);
    REQUIRE_FALSE(d.error);
    CHECK(d.bytes == plain);
  }
  auto reader = SealedReader::open(dir / "m.sealed", key);
  REQUIRE(reader.ok());
  std::vector<uint8_t> buf(100);
  CHECK((*reader)->read(std::span<uint8_t>()).value() == 0);  // empty buffer: nothing read
  CHECK((*reader)->read(buf).value() == 100);

  // A fresh salt every time: same bundle and key, different header and ciphertext.
  auto again = seal_file(bundle, dir / "m2.sealed", key);
  REQUIRE(again.ok());
  CHECK(again->header.salt != sealed->header.salt);
  CHECK(test_support::read_bytes(dir / "m2.sealed") != test_support::read_bytes(dir / "m.sealed"));
}

TEST_CASE("seal refuses bad options, corrupt bundles and existing outputs") {
  TempDir dir;
  const SecretBytes key = key_filled(3);
  SealOptions o = seal_options(vector_bundle(), dir / "s", key);
  o.key_id = "dk-XYZ";
  CHECK(seal_bundle(o).error().code == ErrorCode::kInvalidArgument);
  o = seal_options(vector_bundle(), dir / "s", key);
  o.keystore_id = kKeyId;
  CHECK(seal_bundle(o).error().code == ErrorCode::kInvalidArgument);
  o = seal_options(vector_bundle(), dir / "s", key);
  o.data_key = nullptr;
  CHECK(seal_bundle(o).error().code == ErrorCode::kInvalidArgument);
  const SecretBytes short_key(std::vector<uint8_t>(16, 1));
  CHECK(seal_file(vector_bundle(), dir / "s", short_key).error().code == ErrorCode::kInvalidArgument);
  CHECK(seal_file(dir / "missing.mbundle", dir / "s", key).error().code == ErrorCode::kNotFound);

  std::string corrupt = test_support::read_bytes(vector_bundle());
  corrupt[600] ^= 0x20;  // inside the manifest
  test_support::write_bytes(dir / "corrupt.mbundle", corrupt);
  auto refused = seal_file(dir / "corrupt.mbundle", dir / "s", key);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().detail.find(dir.path().string()) != std::string::npos);
  CHECK(refused.error().detail.find("/proc/") == std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "s"));
  test_support::write_bytes(dir / "empty.mbundle", "");
  CHECK_FALSE(seal_file(dir / "empty.mbundle", dir / "s", key).ok());
  CHECK(files_in(dir.path()) == 2);  // no temporary file left

  REQUIRE(seal_file(vector_bundle(), dir / "s", key).ok());
  CHECK(seal_file(vector_bundle(), dir / "s", key).error().code == ErrorCode::kAlreadyExists);
  SealOptions force = seal_options(vector_bundle(), dir / "s", key);
  force.overwrite = true;
  CHECK(seal_bundle(force).ok());
}

// tests/vectors/sealed-v2: MODELSEAL_WRITE_SEALED_VECTORS=1 regenerates them (make.sh).
TEST_CASE("sealed-v2 test vector is reproduced byte for byte") {
  const auto vectors = vector_dir();
  const std::string key_hex = trimmed(test_support::read_bytes(vectors / "data_key.hex"));
  const std::string salt_hex = trimmed(test_support::read_bytes(vectors / "salt.hex"));
  REQUIRE(key_hex.size() == 64);
  REQUIRE(salt_hex.size() == 64);
  const SecretBytes key(from_hex(key_hex));
  crypto::StreamSalt salt;
  const auto salt_bytes = from_hex(salt_hex);
  std::copy(salt_bytes.begin(), salt_bytes.end(), salt.begin());

  TempDir dir;
  auto made = seal::seal_bundle_with_salt(seal_options(vector_bundle(), dir / "v.sealed", key), salt);
  REQUIRE_MESSAGE(made.ok(), made.error().detail);
  const std::string bytes = test_support::read_bytes(dir / "v.sealed");
  const std::string expected_line = "header_sha256 " + made->header_digest.hex();
  if (const char* regen = std::getenv("MODELSEAL_WRITE_SEALED_VECTORS"); regen && *regen == '1') {
    test_support::write_bytes(vectors / "model-none.sealed.mbundle", bytes);
    test_support::write_bytes(vectors / "expected.txt",
                              "key_id " + kKeyId + "\nkeystore_id " + kKeystoreId + "\n" +
                                  expected_line + "\n");
  }
  CHECK(bytes == test_support::read_bytes(vectors / "model-none.sealed.mbundle"));
  const std::string expected = test_support::read_bytes(vectors / "expected.txt");
  CHECK(expected.find(expected_line + "\n") != std::string::npos);
  CHECK(expected.find("key_id " + kKeyId + "\n") != std::string::npos);

  auto info = read_sealed_info(vectors / "model-none.sealed.mbundle");
  REQUIRE_MESSAGE(info.ok(), info.error().detail);
  CHECK(info->header_digest.hex() == made->header_digest.hex());
  const Decrypted d = decrypt(vectors / "model-none.sealed.mbundle", key);
  REQUIRE_FALSE(d.error);
  CHECK(d.bytes == test_support::read_bytes(vector_bundle()));
}

// Files sealed before version 2 keep opening: the committed version 1 vector reads and decrypts
// to the bundle, and a version 1 header with a version 2 magic (or the reverse) is refused.
TEST_CASE("the sealed-v1 test vector still reads and decrypts") {
  const auto vectors = vector_dir("v1");
  const SecretBytes key(from_hex(trimmed(test_support::read_bytes(vectors / "data_key.hex"))));
  auto info = read_sealed_info(vectors / "model-none.sealed.mbundle");
  REQUIRE_MESSAGE(info.ok(), info.error().detail);
  CHECK(info->header.version == 1);
  CHECK(digests_equal(info->chunk_digest, info->header_digest));
  const std::string expected = test_support::read_bytes(vectors / "expected.txt");
  CHECK(expected.find("header_sha256 " + info->header_digest.hex() + "\n") != std::string::npos);
  const Decrypted d = decrypt(vectors / "model-none.sealed.mbundle", key);
  REQUIRE_FALSE(d.error);
  CHECK(d.bytes == test_support::read_bytes(vector_bundle()));

  TempDir dir;
  std::string mixed = test_support::read_bytes(vectors / "model-none.sealed.mbundle");
  mixed[18] = '2';  // the magic says version 2, the header's "format" version 1
  test_support::write_bytes(dir / "mixed.sealed", mixed);
  auto refused = read_sealed_info(dir / "mixed.sealed");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kCorrupt);
  CHECK(refused.error().detail.find("magic") != std::string::npos);
}

// The independent Python reader (tests/interop) decrypts a multi-chunk bundle sealed here.
TEST_CASE("a multi-chunk sealed bundle decrypts with the independent Python reader") {
  if (std::system("/usr/bin/python3 -c 'import cryptography' >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: /usr/bin/python3 with cryptography is not available");
    return;
  }
  TempDir dir;
  const auto bundle = build_multi_chunk_bundle(dir);
  const SecretBytes key = key_filled(0x3c);
  REQUIRE(seal_file(bundle, dir / "m.sealed", key).ok());
  std::string key_hex;
  for (int i = 0; i < 32; ++i) key_hex += "3c";
  test_support::write_bytes(dir / "key.hex", key_hex + "\n");
  const std::string reader =
      std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/interop/sealed_decrypt.py";
  const std::string command = "/usr/bin/python3 '" + reader + "' '" + (dir / "m.sealed").string() +
                              "' '" + (dir / "key.hex").string() + "' '" + bundle.string() +
                              "' > '" + (dir / "out.txt").string() + "'";
  CHECK(std::system(command.c_str()) == 0);
  const std::string out = test_support::read_bytes(dir / "out.txt");
  CHECK_MESSAGE(out.find("OK: ") == 0, out);
  CHECK(out.find(" chunk(s)") != std::string::npos);
}
