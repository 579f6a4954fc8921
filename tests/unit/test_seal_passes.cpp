// Sealing reads the bundle twice (specs/sealed-bundle-v1.md §1.3): one read verifies and hashes
// it, the second encrypts it and hashes it again. A bundle changed between (or during) the reads
// is refused and nothing is written; the progress of both reads is reported.
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

TEST_CASE("a bundle changed after the verifying read is refused and nothing is written") {
  for (FileChange change : {FileChange::kFlipByte, FileChange::kAppendByte, FileChange::kCutByte}) {
    CAPTURE(static_cast<int>(change));
    TempDir dir;
    const auto bundle = build_multi_chunk_bundle(dir);
    const size_t before = entries_in(dir.path());
    const SecretBytes key = key_filled(5);
    SealOptions o = seal_options(bundle, dir / "s.sealed", key);
    bool changed = false;
    o.progress = [&](const Progress& p) {
      // The verifying read has ended (its last report); the encrypting read has not begun.
      if (p.phase == "verifying" && p.finished && !changed) {
        change_bundle(bundle, change);
        changed = true;
      }
    };
    auto sealed = seal_bundle(o);
    REQUIRE(changed);
    REQUIRE_FALSE(sealed.ok());
    CHECK(sealed.error().code == ErrorCode::kTampered);
    CHECK_MESSAGE(sealed.error().detail.find("changed while it was being sealed") != std::string::npos,
                  sealed.error().detail);
    CHECK(sealed.error().detail.find(bundle.string()) != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(dir / "s.sealed"));
    CHECK(entries_in(dir.path()) == before);  // no temporary left
  }
}

TEST_CASE("a bundle changed during the verifying read is refused and nothing is written") {
  for (FileChange change : {FileChange::kFlipByte, FileChange::kAppendByte, FileChange::kCutByte}) {
    CAPTURE(static_cast<int>(change));
    TempDir dir;
    const auto bundle = build_multi_chunk_bundle(dir);
    const size_t before = entries_in(dir.path());
    const SecretBytes key = key_filled(8);
    SealOptions o = seal_options(bundle, dir / "s.sealed", key);
    bool changed = false;
    o.progress = [&](const Progress& p) {
      if (p.phase == "verifying" && !p.finished && !changed) {
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

TEST_CASE("the sealed plaintext is the verified bundle, and both reads report progress") {
  TempDir dir;
  const auto bundle = build_multi_chunk_bundle(dir);
  const std::string plain = test_support::read_bytes(bundle);
  const SecretBytes key = key_filled(7);
  SealOptions o = seal_options(bundle, dir / "s.sealed", key);
  std::vector<std::string> phases;
  uint64_t sealed_done = 0, sealed_total = 0;
  bool sealing_finished = false;
  o.progress = [&](const Progress& p) {
    if (phases.empty() || phases.back() != p.phase) phases.emplace_back(p.phase);
    if (p.phase == "sealing") {
      sealed_done = p.done_bytes;
      sealed_total = p.total_bytes;
      sealing_finished = sealing_finished || p.finished;
    }
  };
  auto sealed = seal_bundle(o);
  REQUIRE_MESSAGE(sealed.ok(), sealed.error().detail);
  CHECK(phases == std::vector<std::string>{"verifying", "sealing"});
  CHECK(sealing_finished);
  CHECK(sealed_done == plain.size());
  CHECK(sealed_total == plain.size());
  CHECK(sealed->header.bundle_sha256.hex() ==
        sha256_of({reinterpret_cast<const uint8_t*>(plain.data()), plain.size()}).value().hex());
  const Decrypted d = decrypt(dir / "s.sealed", key);
  REQUIRE_FALSE(d.error);
  CHECK(d.bytes == plain);
}
