// The pipelined verifying reader (tree/hash_pipeline under bundle/bundle_stream): whatever the
// threads, the verdict and the error are those of the sequential read (threads = 1).
#include <doctest/doctest.h>

#include <cstdio>
#include <cstring>
#include <fstream>
#include <random>

#include "base/file_io.hpp"
#include "modelseal/bundle.hpp"
#include "tar_test_support.hpp"
#include "test_support.hpp"
#include "tree/hash_pipeline.hpp"

using namespace modelseal;
using test_support::TempDir;

namespace {

std::string zstd_level1(const std::string& tar) { return tar_test::zstd(tar, 1, 1); }

namespace stdfs = std::filesystem;

std::string random_bytes(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>(rng() & 0xff);
  return out;
}

// The example model with data/NAME files added to its payload.
stdfs::path model_with(const stdfs::path& dir, const std::vector<std::pair<std::string, size_t>>& files) {
  const stdfs::path model = dir / "model";
  stdfs::create_directories(model);
  for (const auto& entry : stdfs::directory_iterator(test_support::example_model()))
    stdfs::copy_file(entry.path(), model / entry.path().filename());
  std::string toml = test_support::read_bytes(model / "bundle.toml");
  const std::string include = "\"README.md\"]";
  const size_t at = toml.find(include);
  REQUIRE(at != std::string::npos);
  toml.replace(at, include.size(), "\"README.md\", \"data/*\"]");
  test_support::write_bytes(model / "bundle.toml", toml);
  uint64_t seed = 1;
  for (const auto& [name, size] : files) test_support::write_bytes(model / "data" / name, random_bytes(size, seed++));
  return model;
}

stdfs::path build(const stdfs::path& model, const stdfs::path& out, std::string_view compression) {
  BuildOptions options;
  options.model_dir = model;
  options.output = out;
  options.compression = *parse_compression(compression);
  auto built = build_bundle(options);
  REQUIRE_MESSAGE(built.ok(), built.error().detail);
  return out;
}

struct Entry {
  std::string path;
  size_t data, size;  // offset of the data in the tar, its size
};

// The regular files of an uncompressed tar, with the offsets of their data.
std::vector<Entry> tar_entries(const std::string& tar) {
  std::vector<Entry> entries;
  size_t offset = 0;
  while (offset + 512 <= tar.size() && tar[offset] != '\0') {
    const uint64_t size = std::stoull(tar.substr(offset + 124, 11), nullptr, 8);
    const char type = tar[offset + 156];
    std::string name = tar.substr(offset, 100);
    name.resize(name.find('\0') == std::string::npos ? name.size() : name.find('\0'));
    if (type == '0') entries.push_back({name, offset + 512, static_cast<size_t>(size)});
    offset += 512 + (size + 511) / 512 * 512;
  }
  return entries;
}

const Entry& entry_named(const std::vector<Entry>& entries, const std::string& path) {
  for (const Entry& e : entries)
    if (e.path == path) return e;
  FAIL("no entry " << path);
  return entries.front();
}

// The outcome of verify_bundle as one comparable string: the digest, or the error.
std::string verdict(const stdfs::path& bundle, unsigned threads) {
  ReadOptions options;
  options.threads = threads;
  auto verified = verify_bundle(bundle, options);
  if (!verified.ok())
    return "error " + std::to_string(static_cast<int>(verified.error().code)) + ": " +
           verified.error().detail;
  return "ok " + verified->content_digest.hex() + " " + std::to_string(verified->file_count) +
         " files " + std::to_string(verified->total_bytes) + " bytes";
}

// The same verdict with 1, 2 and 4 threads; returns it.
std::string same_verdict(const stdfs::path& bundle) {
  const std::string sequential = verdict(bundle, 1);
  CHECK(verdict(bundle, 2) == sequential);
  CHECK(verdict(bundle, 4) == sequential);
  CHECK(verdict(bundle, 0) == sequential);
  return sequential;
}

std::string flipped(std::string bytes, size_t at) {
  bytes[at] = static_cast<char>(bytes[at] ^ 0x01);
  return bytes;
}

}  // namespace

TEST_CASE("pipelined verify: many small files and empty ones, every thread count alike") {
  TempDir dir;
  std::vector<std::pair<std::string, size_t>> files;
  for (int i = 0; i < 40; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "f%02d.bin", i);
    files.emplace_back(name, i % 7 == 0 ? 0 : static_cast<size_t>(i) * 7919 % 300000);
  }
  const stdfs::path model = model_with(dir.path(), files);
  for (std::string_view compression : {"none", "zstd"}) {
    CAPTURE(compression);
    const stdfs::path bundle = build(model, dir / ("b-" + std::string(compression)), compression);
    const std::string v = same_verdict(bundle);
    CHECK(v.starts_with("ok "));
    ReadOptions options;
    options.threads = 4;
    auto verified = verify_bundle(bundle, options);
    REQUIRE(verified.ok());
    auto info = inspect_bundle(bundle);
    REQUIRE(info.ok());
    CHECK(digests_equal(verified->content_digest, info->content_digest));
    CHECK(verified->file_count == files.size() + 6);  // and README, config, weights, tokenizer, .modelseal/
    auto digest = read_bundle_digest(bundle, options);
    REQUIRE(digest.ok());
    CHECK(digests_equal(*digest, info->content_digest));
  }
}

TEST_CASE("pipelined verify: one big file, bigger than every buffer in flight") {
  TempDir dir;
  const stdfs::path model = model_with(dir.path(), {{"big.bin", (40u << 20) + 12345}});
  for (std::string_view compression : {"none", "zstd"}) {
    CAPTURE(compression);
    const stdfs::path bundle = build(model, dir / ("b-" + std::string(compression)), compression);
    CHECK(same_verdict(bundle).starts_with("ok "));
  }
  const std::string tar = test_support::read_bytes(dir / "b-none");
  const Entry& big = entry_named(tar_entries(tar), "data/big.bin");
  for (size_t at : {size_t{0}, big.size / 2, big.size - 1}) {
    test_support::write_bytes(dir / "t", flipped(tar, big.data + at));
    const std::string v = same_verdict(dir / "t");
    CHECK(v.find("file 'data/big.bin' does not match the manifest (sha256 mismatch)") != std::string::npos);
  }
}

TEST_CASE("pipelined verify: the first bad file in archive order is the one named") {
  TempDir dir;
  std::vector<std::pair<std::string, size_t>> files;
  for (int i = 0; i < 8; ++i) files.emplace_back("w" + std::to_string(i) + ".bin", 1u << 20);
  files.emplace_back("zero.bin", 0);
  const stdfs::path model = model_with(dir.path(), files);
  const stdfs::path bundle = build(model, dir / "plain.mbundle", "none");
  const std::string tar = test_support::read_bytes(bundle);
  const std::vector<Entry> entries = tar_entries(tar);
  auto data = [&](int k) { return entry_named(entries, "data/w" + std::to_string(k) + ".bin"); };
  auto names = [](const std::string& v, int k) {
    return v.find("file 'data/w" + std::to_string(k) + ".bin' does not match the manifest") !=
           std::string::npos;
  };

  for (int k : {0, 1, 4, 7}) {
    CAPTURE(k);
    const std::string one = flipped(tar, data(k).data + data(k).size / 3);
    test_support::write_bytes(dir / "t", one);
    CHECK(names(same_verdict(dir / "t"), k));
    // A later file bad too: still file k.
    for (int later = k + 1; later < 8; later += 3) {
      CAPTURE(later);
      test_support::write_bytes(dir / "t", flipped(one, data(later).data + 7));
      CHECK(names(same_verdict(dir / "t"), k));
    }
    // The same archive compressed: the reader hands the bytes to the hashers.
    test_support::write_bytes(dir / "t.zst", zstd_level1(flipped(one, data(7).data)));
    CHECK(names(same_verdict(dir / "t.zst"), k));
    // Extraction writes in order and names the same file; nothing is left behind.
    auto extracted = extract_bundle(dir / "t", dir / "out", ReadOptions{{}, 4, {}});
    REQUIRE_FALSE(extracted.ok());
    CHECK(extracted.error().detail.find("data/w" + std::to_string(k) + ".bin") != std::string::npos);
    CHECK_FALSE(stdfs::exists(dir / "out"));
  }

  // A bad file before an archive problem further on: the bad file is named.
  std::string padded = flipped(tar, data(2).data);
  padded[data(5).data + data(5).size] = 'x';  // 1 MiB is whole blocks: this is the next header
  test_support::write_bytes(dir / "t", padded);
  CHECK(names(same_verdict(dir / "t"), 2));
  // The archive problem alone: the same error whatever the threads.
  std::string header_only = tar;
  header_only[data(5).data + data(5).size] = 'x';
  test_support::write_bytes(dir / "t", header_only);
  CHECK(same_verdict(dir / "t").starts_with("error "));
}

TEST_CASE("pipelined verify: non-zero padding and a truncated archive, every thread count alike") {
  TempDir dir;
  const stdfs::path model = model_with(dir.path(), {{"a.bin", 100000}, {"b.bin", 2u << 20}, {"c.bin", 700}});
  const stdfs::path bundle = build(model, dir / "plain.mbundle", "none");
  const std::string tar = test_support::read_bytes(bundle);
  const std::vector<Entry> entries = tar_entries(tar);
  const Entry& a = entry_named(entries, "data/a.bin");
  const Entry& b = entry_named(entries, "data/b.bin");

  // Padding after a.bin (100000 is not a multiple of 512).
  test_support::write_bytes(dir / "t", flipped(tar, a.data + a.size + 3));
  std::string v = same_verdict(dir / "t");
  CHECK(v.find("archive.nonzero_padding") != std::string::npos);
  // ... after a bad a.bin: a.bin is named.
  test_support::write_bytes(dir / "t", flipped(flipped(tar, a.data + a.size + 3), a.data + 5));
  v = same_verdict(dir / "t");
  CHECK(v.find("file 'data/a.bin' does not match") != std::string::npos);

  // Truncated in the middle of b.bin, at a block boundary and not.
  for (size_t cut : {b.data + b.size / 2, b.data + 512 * 7, b.data + 1}) {
    CAPTURE(cut);
    test_support::write_bytes(dir / "t", tar.substr(0, cut));
    v = same_verdict(dir / "t");
    CHECK(v.starts_with("error "));
    CHECK(v.find("archive.truncated") != std::string::npos);
    // ... after a bad a.bin: a.bin is named.
    test_support::write_bytes(dir / "t", flipped(tar.substr(0, cut), a.data));
    v = same_verdict(dir / "t");
    CHECK(v.find("file 'data/a.bin' does not match") != std::string::npos);
  }
  // Truncated right after b.bin's data, and compressed then truncated.
  test_support::write_bytes(dir / "t", tar.substr(0, b.data + b.size));
  CHECK(same_verdict(dir / "t").starts_with("error "));
  const std::string z = zstd_level1(tar);
  test_support::write_bytes(dir / "t", z.substr(0, z.size() / 2));
  CHECK(same_verdict(dir / "t").starts_with("error "));
}

TEST_CASE("HashPipeline: streamed and positional jobs, results in the order added") {
  TempDir dir;
  const std::string bytes = random_bytes((3u << 20) + 17, 99);
  test_support::write_bytes(dir / "f", bytes);
  auto fd = fs::open_for_reading(dir / "f");
  REQUIRE(fd.ok());
  auto sha = [](std::string_view s) {
    return sha256_of({reinterpret_cast<const uint8_t*>(s.data()), s.size()})->hex();
  };
  for (unsigned threads : {1u, 2u, 5u}) {
    CAPTURE(threads);
    tree::HashPipeline pipeline(threads, nullptr);
    std::vector<std::string> expected;
    for (size_t i = 0; i < 12; ++i) {
      const size_t begin = i * 250000, size = i % 4 == 0 ? 0 : 180000 + i * 1000;
      if (i % 2 == 0) {
        REQUIRE(pipeline.add_range(fd->get(), begin, size, "f").ok());
      } else {
        REQUIRE(pipeline.begin_stream().ok());
        for (size_t done = 0; done < size;) {
          std::span<uint8_t> buffer = pipeline.acquire();
          const size_t n = std::min<size_t>({buffer.size(), size - done, 70000});
          std::memcpy(buffer.data(), bytes.data() + begin + done, n);
          pipeline.submit(n);
          done += n;
        }
        pipeline.end_stream();
      }
      expected.push_back(sha(std::string_view(bytes).substr(begin, size)));
    }
    // A range past the end of the file fails alone.
    REQUIRE(pipeline.add_range(fd->get(), bytes.size() - 10, 11, "f").ok());
    for (size_t i = 0; i < expected.size(); ++i) {
      auto digest = pipeline.result(i);
      REQUIRE(digest.ok());
      CHECK(digest->hex() == expected[i]);
    }
    auto past_end = pipeline.result(expected.size());
    REQUIRE_FALSE(past_end.ok());
    CHECK(past_end.error().detail.find("ends inside an entry's data") != std::string::npos);
    CHECK_FALSE(pipeline.result(expected.size() + 1).ok());
  }
}

TEST_CASE("pipelined verify: more files than the reader may run ahead of the digests") {
  TempDir dir;
  std::vector<std::pair<std::string, size_t>> files;
  for (int i = 0; i < 300; ++i) {
    char name[16];
    std::snprintf(name, sizeof name, "s%03d.bin", i);
    files.emplace_back(name, static_cast<size_t>(i % 5) * 37);
  }
  const stdfs::path model = model_with(dir.path(), files);
  const stdfs::path bundle = build(model, dir / "plain.mbundle", "none");
  CHECK(same_verdict(bundle).starts_with("ok "));
  const std::string tar = test_support::read_bytes(bundle);
  const std::vector<Entry> entries = tar_entries(tar);
  for (int k : {1, 258, 296}) {
    CAPTURE(k);
    char name[24];
    std::snprintf(name, sizeof name, "data/s%03d.bin", k);
    const Entry& bad = entry_named(entries, name);
    char later[24];
    std::snprintf(later, sizeof later, "data/s%03d.bin", 299);
    std::string t = flipped(tar, bad.data);
    t = flipped(t, entry_named(entries, later).data);
    test_support::write_bytes(dir / "t", t);
    CHECK(same_verdict(dir / "t").find(std::string("file '") + name + "' does not match") !=
          std::string::npos);
  }
}
