// hash_files on every core: with fewer files than threads each file is read on one thread and
// hashed on another (the overlapped path), otherwise read and hashed by one worker; both give
// the digests of the bytes and refuse a file whose size is not the one walked. hash_file (one
// file, e.g. the artifact of `sigstore verify-bundle`) the same, reporting its progress.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "modelseal/digest.hpp"
#include "test_support.hpp"
#include "tree/parallel_hash.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

Sha256Digest sha256_of(const std::string& bytes) {
  auto hasher = Sha256::create();
  REQUIRE(hasher.ok());
  REQUIRE(hasher->update(test_support::bytes_of(bytes)).ok());
  auto digest = hasher->finish();
  REQUIRE(digest.ok());
  return *digest;
}

std::string pseudo_random(size_t size, uint32_t seed) {
  std::string out(size, '\0');
  for (char& c : out) {
    seed = seed * 1664525u + 1013904223u;
    c = static_cast<char>(seed >> 24);
  }
  return out;
}

Result<std::vector<Sha256Digest>> hashed(const std::vector<tree::FileToHash>& files, unsigned threads) {
  static const ProgressFn kNoProgress;  // the meter keeps a reference
  tree::ProgressMeter meter(kNoProgress, "hashing", 0);
  return tree::hash_files(files, threads, meter);
}

}  // namespace

TEST_CASE("hash_files gives each file's SHA-256 whether or not reading and hashing overlap") {
  TempDir dir;
  // Sizes around the 1 MiB read buffer, and an empty file.
  const std::vector<size_t> sizes = {0, 1, (1 << 20) - 1, 1 << 20, (1 << 20) + 1, 5 * (1 << 20) + 3};
  std::vector<tree::FileToHash> files;
  std::vector<Sha256Digest> expected;
  for (size_t i = 0; i < sizes.size(); ++i) {
    const std::string bytes = pseudo_random(sizes[i], static_cast<uint32_t>(i + 1));
    const auto path = dir / ("f" + std::to_string(i));
    test_support::write_bytes(path, bytes);
    files.push_back({path, sizes[i]});
    expected.push_back(sha256_of(bytes));
  }
  for (unsigned threads : {1u, 2u, 8u, 0u}) {
    CAPTURE(threads);
    auto all = hashed(files, threads);  // 6 files: overlapped only with 8 threads
    REQUIRE(all.ok());
    for (size_t i = 0; i < files.size(); ++i) CHECK(digests_equal((*all)[i], expected[i]));
    for (size_t i = 0; i < files.size(); ++i) {  // one file: overlapped with 2 threads or more
      auto one = hashed({files[i]}, threads);
      REQUIRE(one.ok());
      CHECK(digests_equal((*one)[0], expected[i]));
    }
  }
}

TEST_CASE("hash_files refuses a file whose size is not the one walked, on either path") {
  TempDir dir;
  const auto path = dir / "w.bin";
  test_support::write_bytes(path, pseudo_random(3 * (1 << 20) + 7, 9));
  const uint64_t size = 3 * (1 << 20) + 7;
  for (unsigned threads : {1u, 2u}) {
    for (uint64_t walked : {size - 1, size + 1, uint64_t{0}, uint64_t{1} << 20}) {
      CAPTURE(threads);
      CAPTURE(walked);
      auto r = hashed({{path, walked}}, threads);
      REQUIRE_FALSE(r.ok());
      CHECK(r.error().detail.find("changed size while being read") != std::string::npos);
      CHECK(r.error().detail.find("w.bin") != std::string::npos);
    }
  }
  // A missing file is named too.
  auto missing = hashed({{dir / "gone.bin", 5}}, 2);
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().detail.find("gone.bin") != std::string::npos);
}

TEST_CASE("hash_file: one file read on one thread, hashed on another, its progress reported") {
  TempDir dir;
  for (size_t size : {size_t{0}, size_t{1}, size_t{(1 << 20) + 1}, size_t{3 * (1 << 20)}}) {
    CAPTURE(size);
    const std::string bytes = pseudo_random(size, 21);
    const auto path = dir / "one.bin";
    test_support::write_bytes(path, bytes);
    uint64_t done = 0, total = 0;
    bool finished = false;
    ProgressFn progress = [&](const Progress& p) {
      CHECK(p.phase == "hashing");
      done = p.done_bytes;
      total = p.total_bytes;
      finished = finished || p.finished;
    };
    auto digest = tree::hash_file(path, std::nullopt, progress);
    REQUIRE_MESSAGE(digest.ok(), digest.error().detail);
    CHECK(digests_equal(*digest, sha256_of(bytes)));
    CHECK(finished);
    CHECK(done == size);
    CHECK(total == size);
    auto wrong = tree::hash_file(path, size + 1, progress);
    REQUIRE_FALSE(wrong.ok());
    CHECK(wrong.error().detail.find("changed size while being read") != std::string::npos);
  }
  std::filesystem::create_directory(dir / "folder");
  auto folder = tree::hash_file(dir / "folder");
  REQUIRE_FALSE(folder.ok());
  CHECK(folder.error().detail.find("folder") != std::string::npos);
}
