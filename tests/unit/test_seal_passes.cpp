// Sealing reads the bundle once (specs/sealed-bundle-v1.md §1.3): the read that verifies and
// hashes it also encrypts it. A bundle changed during the read is refused and nothing is
// written; a change after it cannot reach the sealed file; the read reports its progress.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "sealed_test_support.hpp"

using namespace modelseal;
using namespace sealed_test_support;
using test_support::TempDir;

namespace {

using test_support::FileChange;

// A byte of the big file's data flipped, a byte appended or cut.
void change_bundle(const std::filesystem::path& file, FileChange change) {
  test_support::change_in_place(file, change, std::filesystem::file_size(file) / 2);
}

size_t entries_in(const std::filesystem::path& dir) {
  size_t n = 0;
  for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir)) ++n;
  return n;
}

}  // namespace

TEST_CASE("what is sealed is the bytes the one read verified, whatever the file becomes after") {
  for (FileChange change : {FileChange::kFlipByte, FileChange::kAppendByte, FileChange::kCutByte}) {
    CAPTURE(static_cast<int>(change));
    TempDir dir;
    const auto bundle = build_multi_chunk_bundle(dir);
    const std::string plain = test_support::read_bytes(bundle);
    const SecretBytes key = key_filled(5);
    SealOptions o = seal_options(bundle, dir / "s.sealed", key);
    bool changed = false;
    o.progress = [&](const Progress& p) {
      if (p.phase == "sealing" && p.finished && !changed) {  // the read's last report
        change_bundle(bundle, change);
        changed = true;
      }
    };
    auto sealed = seal_bundle(o);
    REQUIRE(changed);
    REQUIRE_MESSAGE(sealed.ok(), sealed.error().detail);
    const Decrypted d = decrypt(dir / "s.sealed", key);
    REQUIRE_FALSE(d.error);
    CHECK(d.bytes == plain);
  }
}

TEST_CASE("a bundle changed during the one read is refused and nothing is written") {
  for (FileChange change : {FileChange::kFlipByte, FileChange::kAppendByte, FileChange::kCutByte}) {
    CAPTURE(static_cast<int>(change));
    TempDir dir;
    const auto bundle = build_multi_chunk_bundle(dir, size_t{96} << 20);  // beyond any look-ahead
    const size_t before = entries_in(dir.path());
    const SecretBytes key = key_filled(8);
    SealOptions o = seal_options(bundle, dir / "s.sealed", key);
    bool changed = false;
    o.progress = [&](const Progress& p) {
      if (p.phase == "sealing" && !p.finished && !changed) {
        change_bundle(bundle, change);
        changed = true;
      }
    };
    auto sealed = seal_bundle(o);
    REQUIRE(changed);
    REQUIRE_FALSE(sealed.ok());
    CHECK_MESSAGE(sealed.error().code == ErrorCode::kTampered, sealed.error().detail);
    CHECK(sealed.error().detail.find(bundle.string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "s.sealed"));
    CHECK(entries_in(dir.path()) == before);
  }
}

TEST_CASE("a bundle with bytes after its archive end is refused by the one verifying read") {
  TempDir dir;
  const auto bundle = build_multi_chunk_bundle(dir);
  std::ofstream(bundle, std::ios::app | std::ios::binary) << std::string(1024, '\0') << "tail";
  const SecretBytes key = key_filled(6);
  auto sealed = seal_file(bundle, dir / "s.sealed", key);
  REQUIRE_FALSE(sealed.ok());
  CHECK(sealed.error().detail.find(bundle.string()) != std::string::npos);
  CHECK_FALSE(std::filesystem::exists(dir / "s.sealed"));
}

TEST_CASE("the sealed plaintext is the verified bundle, and the one read reports progress") {
  TempDir dir;
  const auto bundle = build_multi_chunk_bundle(dir);
  const std::string plain = test_support::read_bytes(bundle);
  const SecretBytes key = key_filled(7);
  SealOptions o = seal_options(bundle, dir / "s.sealed", key);
  std::vector<std::string> phases;
  bool finished = false;
  o.progress = [&](const Progress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.emplace_back(p.phase);
    finished = finished || p.finished;
  };
  auto sealed = seal_bundle(o);
  REQUIRE_MESSAGE(sealed.ok(), sealed.error().detail);
  CHECK(phases == std::vector<std::string>{"sealing"});
  CHECK(finished);
  CHECK(sealed->header.bundle_sha256.hex() ==
        sha256_of({reinterpret_cast<const uint8_t*>(plain.data()), plain.size()}).value().hex());
  const Decrypted d = decrypt(dir / "s.sealed", key);
  REQUIRE_FALSE(d.error);
  CHECK(d.bytes == plain);
}
