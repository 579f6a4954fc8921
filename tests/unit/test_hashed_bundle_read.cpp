// verify_and_hash_bundle (libpack/pack/src/bundle/hashed_read.cpp): one read of one open bundle
// file verifies it and hashes it whole, so the archive digest that attest, verify-attestation and
// seal use is of exactly the bytes verified. Cross-checked against the SHA-256 of the file's
// bytes; a flipped byte, a file grown or cut during the read, and anything but a regular file
// are refused.
#include <sys/stat.h>

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "bundle/hashed_read.hpp"
#include "modelseal/bundle.hpp"
#include "sealed_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

std::filesystem::path hashed_read_vector(const std::string& name) {
  return std::filesystem::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/bundle-v1" / name;
}

std::string sha256_hex_of_file(const std::filesystem::path& file) {
  const std::string bytes = test_support::read_bytes(file);
  return modelseal::sha256_of(test_support::bytes_of(bytes)).value().hex();
}

// The vector model plus 6 MiB that zstd cannot shrink: a read of many of the hasher's 1 MiB blocks.
std::filesystem::path build_six_mib_bundle(const TempDir& dir) {
  const std::filesystem::path model = dir / "large-model";
  std::filesystem::copy(hashed_read_vector("model"), model, std::filesystem::copy_options::recursive);
  std::string big(6 << 20, '\0');
  uint32_t x = 777;
  for (char& c : big) {
    x = x * 1103515245u + 12345u;
    c = static_cast<char>(x >> 24);
  }
  test_support::write_bytes(model / "big.bin", big);
  BuildOptions options;
  options.model_dir = model;
  options.output = dir / "large.mbundle";
  options.compression = *parse_compression("zstd:1");
  options.source_date_epoch = 1700000000;
  auto built = build_bundle(options);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  return options.output;
}

using test_support::FileChange;

// Changes the bundle file when the first file's entry begins: the manifest has been read, most
// of the file has not.
class ChangeFileOnFirstEntry final : public bundle::EntryVisitor {
 public:
  ChangeFileOnFirstEntry(std::filesystem::path file, FileChange change)
      : file_(std::move(file)), change_(change) {}
  Status begin_file(const FileRecord&) override {
    if (changed_) return {};
    changed_ = true;
    // A flip lands late in the file, in data not read yet.
    test_support::change_in_place(file_, change_, std::filesystem::file_size(file_) - 100000, 0x20);
    return {};
  }
  bool changed() const { return changed_; }

 private:
  std::filesystem::path file_;
  FileChange change_;
  bool changed_ = false;
};

}  // namespace

TEST_CASE("verify_and_hash_bundle: the archive digest is the SHA-256 of the file's bytes") {
  for (const char* name : {"model-none.mbundle", "model-zstd1.mbundle"}) {
    CAPTURE(name);
    const auto file = hashed_read_vector(name);
    auto read = verify_and_hash_bundle(file);
    REQUIRE_MESSAGE(read.ok(), read.error().detail);
    CHECK(read->archive_sha256.hex() == sha256_hex_of_file(file));
    CHECK(read->archive_bytes == std::filesystem::file_size(file));
    auto verified = verify_bundle(file);
    REQUIRE(verified.ok());
    CHECK(read->content.content_digest.hex() == verified->content_digest.hex());
    CHECK(read->content.files.size() == verified->files.size());
  }
  TempDir dir;
  const auto large = build_six_mib_bundle(dir);
  bool finished = false;
  ReadOptions options;
  options.progress = [&](const Progress& p) { finished = finished || (p.phase == "verifying" && p.finished); };
  auto read = verify_and_hash_bundle(large, options);
  REQUIRE_MESSAGE(read.ok(), read.error().detail);
  CHECK(read->archive_sha256.hex() == sha256_hex_of_file(large));
  CHECK(finished);
}

// A few bits of zstd's framing (the window size, entropy-table details) change no byte of the
// tar they decode to: such a file is the same content and verifies, but its archive digest is
// its own, never the original's, so an attestation bound to the archive digest does not match it.
TEST_CASE("verify_and_hash_bundle: a flipped byte is refused, or else changes the archive digest") {
  TempDir dir;
  for (const char* name : {"model-zstd1.mbundle", "model-none.mbundle"}) {
    CAPTURE(name);
    const auto original = hashed_read_vector(name);
    const std::string good = test_support::read_bytes(original);
    const std::string good_sha = sha256_hex_of_file(original);
    const bool plain_tar = std::string(name) == "model-none.mbundle";
    const auto file = dir / name;
    // Every byte of the compressed bundle; of the plain one (14 KiB) every 13th.
    size_t accepted = 0;
    for (size_t at = 0; at < good.size(); at += plain_tar ? 13 : 1) {
      std::string bad = good;
      bad[at] = static_cast<char>(bad[at] ^ 0x01);
      test_support::write_bytes(file, bad);
      auto read = verify_and_hash_bundle(file);
      if (!read.ok()) {
        CHECK(read.error().detail.find(file.string()) != std::string::npos);
        continue;
      }
      ++accepted;
      CAPTURE(at);
      CHECK_FALSE(plain_tar);  // every byte of a plain tar counts
      CHECK(read->archive_sha256.hex() == sha256_hex_of_file(file));
      CHECK(read->archive_sha256.hex() != good_sha);
    }
    CHECK(accepted < good.size() / 100);
  }
}

TEST_CASE("verify_and_hash: a bundle appended to, cut or altered during its read is refused") {
  for (FileChange change : {FileChange::kAppendByte, FileChange::kCutByte, FileChange::kFlipByte}) {
    CAPTURE(static_cast<int>(change));
    TempDir dir;
    const auto bundle_path = build_six_mib_bundle(dir);
    auto opened = bundle::open_bundle_file(bundle_path);
    REQUIRE_MESSAGE(opened.ok(), opened.error().detail);
    ChangeFileOnFirstEntry visitor(bundle_path, change);
    auto read = bundle::verify_and_hash(*opened, bundle_path, ReadOptions{}, visitor);
    REQUIRE(visitor.changed());
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().code == ErrorCode::kTampered);
    CHECK(read.error().detail.find(bundle_path.string()) != std::string::npos);
    if (change != FileChange::kFlipByte)
      CHECK_MESSAGE(read.error().detail.find("the bundle changed while it was being read") != std::string::npos,
                    read.error().detail);
  }
}

TEST_CASE("verify_and_hash_bundle: only a non-empty regular file is read") {
  TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  std::filesystem::create_directory(dir / "folder");
  test_support::write_bytes(dir / "empty.mbundle", "");
  std::filesystem::create_symlink(dir / "pipe", dir / "link-to-pipe");
  std::filesystem::create_symlink(dir / "folder", dir / "link-to-folder");
  for (const char* name : {"pipe", "folder", "link-to-pipe", "link-to-folder", "empty.mbundle", "missing"}) {
    CAPTURE(name);
    auto read = verify_and_hash_bundle(dir / name);  // a FIFO must not block
    REQUIRE_FALSE(read.ok());
    CHECK(read.error().detail.find((dir / name).string()) != std::string::npos);
  }
  // A link the user names to a regular bundle is followed (base/file_io.hpp, Links::kFollow).
  std::filesystem::create_symlink(hashed_read_vector("model-zstd1.mbundle"), dir / "link.mbundle");
  auto read = verify_and_hash_bundle(dir / "link.mbundle");
  REQUIRE_MESSAGE(read.ok(), read.error().detail);
  CHECK(read->archive_sha256.hex() == sha256_hex_of_file(hashed_read_vector("model-zstd1.mbundle")));
}

TEST_CASE("verify_and_hash_bundle: a sealed bundle is sent to `modelseal open`") {
  TempDir dir;
  const SecretBytes key = sealed_test_support::key_filled(3);
  auto sealed = sealed_test_support::seal_file(hashed_read_vector("model-none.mbundle"), dir / "s.sealed", key);
  REQUIRE_MESSAGE(sealed.ok(), sealed.error().detail);
  auto read = verify_and_hash_bundle(dir / "s.sealed");
  REQUIRE_FALSE(read.ok());
  CHECK(read.error().detail.find("modelseal open") != std::string::npos);
}
