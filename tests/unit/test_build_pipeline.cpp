// build_bundle's two passes: the same bytes whatever the thread count, the zstd frame holding
// exactly the uncompressed archive, and a file changed between the passes failing the build.
#include <doctest/doctest.h>
#include <zstd.h>

#include <filesystem>
#include <random>

#include "modelseal/bundle.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

// The example's files and bundle.toml with the default payload (every file), plus `weights.bin` of `size` bytes: runs of repeated
// bytes between pseudo-random ones, so zstd both compresses and stores blocks.
std::filesystem::path make_model(const TempDir& dir, size_t size) {
  const std::filesystem::path folder = dir / "model";
  std::filesystem::copy(test_support::example_model(), folder);
  std::string weights(size, '\0');
  std::mt19937_64 random(18);
  for (size_t i = 0; i < size; i += 8) {
    uint64_t word = (i / 65536) % 3 == 0 ? i / 4096 : random();
    std::memcpy(weights.data() + i, &word, std::min<size_t>(8, size - i));
  }
  test_support::write_bytes(folder / "weights.bin", weights);
  std::string toml = test_support::read_bytes(folder / "bundle.toml");
  const size_t payload = toml.find("\n[payload]\n");
  REQUIRE(payload != std::string::npos);
  test_support::write_bytes(folder / "bundle.toml", toml.substr(0, payload + 1));  // every file
  return folder;
}

Result<BuildResult> build(const std::filesystem::path& folder, const std::filesystem::path& out,
                          std::string_view compression, unsigned threads, ProgressFn progress = {}) {
  BuildOptions options;
  options.model_dir = folder;
  options.output = out;
  options.compression = *parse_compression(compression);
  options.threads = threads;
  options.overwrite = true;
  options.progress = std::move(progress);
  return build_bundle(options);
}

std::string decompress(const std::string& frame, size_t bound) {
  std::string out(bound + 1, '\0');
  size_t n = ZSTD_decompress(out.data(), out.size(), frame.data(), frame.size());
  REQUIRE_FALSE(ZSTD_isError(n));
  out.resize(n);
  return out;
}

}  // namespace

TEST_CASE("a bundle of many zstd jobs has the same bytes with 1, 2 and 5 threads, at every level tried") {
  TempDir dir;
  const auto folder = make_model(dir, 12 << 20);  // several zstd jobs at level 1 and 3
  REQUIRE(build(folder, dir / "plain.mbundle", "none", 0).ok());
  const std::string archive = test_support::read_bytes(dir / "plain.mbundle");
  std::vector<std::string> by_level;
  for (const std::string level : {"zstd:1", "zstd:3"}) {
    CAPTURE(level);
    auto single = build(folder, dir / "t1.mbundle", level, 1);
    REQUIRE_MESSAGE(single.ok(), single.error().detail);
    const std::string one = test_support::read_bytes(dir / "t1.mbundle");
    for (unsigned threads : {2u, 5u}) {
      CAPTURE(threads);
      auto out = dir / ("t" + std::to_string(threads) + ".mbundle");
      auto built = build(folder, out, level, threads);
      REQUIRE_MESSAGE(built.ok(), built.error().detail);
      CHECK(built->archive_bytes == one.size());
      CHECK(test_support::read_bytes(out) == one);
    }
    CHECK(one.size() < archive.size());
    CHECK(decompress(one, archive.size()) == archive);
    by_level.push_back(one);
  }
  CHECK(by_level[0] != by_level[1]);
}

TEST_CASE("an output of many writeback windows is written whole") {
  TempDir dir;
  const auto folder = make_model(dir, 20 << 20);  // over 2 windows of StreamingWriter, not a multiple
  auto built = build(folder, dir / "m.mbundle", "none", 0);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  CHECK(built->archive_bytes == std::filesystem::file_size(dir / "m.mbundle"));
  auto verified = verify_bundle(dir / "m.mbundle");
  REQUIRE_MESSAGE(verified.ok(), verified.error().detail);
  CHECK(digests_equal(verified->content_digest, built->content_digest));
}

TEST_CASE("a payload file changed between the hashing and the writing pass fails the build") {
  struct Change {
    const char* name;
    void (*apply)(const std::filesystem::path&);
  };
  const Change changes[] = {
      {"same size, one byte flipped",
       [](const std::filesystem::path& f) {
         std::string bytes = test_support::read_bytes(f);
         bytes[bytes.size() / 2] ^= 1;
         test_support::write_bytes(f, bytes);
       }},
      {"grown", [](const std::filesystem::path& f) {
         test_support::write_bytes(f, test_support::read_bytes(f) + "x");
       }},
      {"shrunk", [](const std::filesystem::path& f) {
         std::string bytes = test_support::read_bytes(f);
         test_support::write_bytes(f, bytes.substr(0, bytes.size() - 1));
       }},
  };
  for (const Change& change : changes) {
    for (const std::string compression : {"none", "zstd"}) {
      CAPTURE(std::string(change.name));
      CAPTURE(compression);
      TempDir dir;
      const auto folder = make_model(dir, 3 << 20);
      bool changed = false;
      // The hashing pass reports its end before the writing pass opens any file.
      auto progress = [&](const Progress& p) {
        if (p.phase == "hashing" && p.finished && !changed) {
          change.apply(folder / "weights.bin");
          changed = true;
        }
      };
      auto built = build(folder, dir / "m.mbundle", compression, 0, progress);
      REQUIRE(changed);
      REQUIRE_MESSAGE(!built.ok(), "the build succeeded: " << built->content_digest.hex());
      CHECK(built.error().code == ErrorCode::kIo);
      CHECK(built.error().detail.find("weights.bin: file changed while the bundle was being built") !=
            std::string::npos);
      CHECK_FALSE(std::filesystem::exists(dir / "m.mbundle"));
      for (const auto& entry : std::filesystem::directory_iterator(dir.path()))
        CHECK(entry.path().filename().string().find("tmp") == std::string::npos);
    }
  }
}
