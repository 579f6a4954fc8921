// archive::StreamingWriter: the same bytes land whatever the sizes of the writes, through the
// page cache (kKeep) or around it (kBypass: O_DIRECT blocks, the tail through the cache at
// finish), on tmpfs and on the disk; a file already written to is never bypassed; writing after
// finish goes through the cache.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>
#include <vector>

#include "archive/streaming_writer.hpp"
#include "test_support.hpp"

using namespace modelseal;
using archive::StreamingWriter;

namespace {

std::string writer_test_bytes(size_t n, uint32_t seed) {
  std::string out(n, '\0');
  for (char& c : out) c = static_cast<char>((seed = seed * 1103515245u + 12345u) >> 24);
  return out;
}

// Writes `total` bytes in pieces cycling through `pieces`, then finishes and commits.
std::string write_in_pieces(const std::filesystem::path& path, size_t total,
                            const std::vector<size_t>& pieces, StreamingWriter::Cache cache,
                            bool* bypassed = nullptr) {
  const std::string bytes = writer_test_bytes(total, static_cast<uint32_t>(total));
  auto file = fs::AtomicFile::create(path, true);
  REQUIRE(file.ok());
  {
    StreamingWriter writer(*file, cache);
    if (bypassed) *bypassed = writer.bypassing_cache();
    size_t at = 0;
    for (size_t i = 0; at < total; ++i) {
      const size_t n = std::min(pieces[i % pieces.size()], total - at);
      REQUIRE(writer.write(test_support::bytes_of(bytes.substr(at, n))).ok());
      at += n;
    }
    CHECK(writer.bytes_written() == total);
    REQUIRE(writer.finish().ok());
  }
  REQUIRE(file->commit().ok());
  return bytes;
}

// A folder on tmpfs (the tests' usual one) and one of its own on the disk the build is on.
std::vector<std::filesystem::path> folders(const test_support::TempDir& shm) {
  const std::filesystem::path disk =
      std::filesystem::current_path() / ("streaming-writer-" + shm.path().filename().string());
  std::filesystem::create_directories(disk);
  return {shm.path(), disk};
}

}  // namespace

TEST_CASE("streaming writer: any write sizes give the same file, bypassing the cache or not") {
  test_support::TempDir dir;
  const size_t block = StreamingWriter::kDirectBytes, align = StreamingWriter::kDirectAlign;
  const std::vector<std::vector<size_t>> piece_sets = {
      {1 << 20}, {align - 1, 1, align + 1}, {block - 1}, {block}, {block + 1}, {3 * block + 17},
      {65536 * 16 + 123, 5}};
  int bypassed_runs = 0;
  for (const std::filesystem::path& folder : folders(dir)) {
    for (size_t total : {size_t{0}, size_t{1}, align, align + 1, block - 1, block, block + 1,
                         2 * block + align, 9 * (size_t{1} << 20) + 123}) {
      for (const std::vector<size_t>& pieces : piece_sets) {
        for (auto cache : {StreamingWriter::Cache::kKeep, StreamingWriter::Cache::kBypass}) {
          CAPTURE(folder);
          CAPTURE(total);
          CAPTURE(pieces.front());
          const std::filesystem::path out = folder / "out";
          bool bypassed = false;
          const std::string bytes = write_in_pieces(out, total, pieces, cache, &bypassed);
          if (cache == StreamingWriter::Cache::kKeep) CHECK_FALSE(bypassed);
          bypassed_runs += bypassed;
          CHECK(test_support::read_bytes(out) == bytes);
        }
      }
    }
    std::filesystem::remove_all(folder == dir.path() ? folder / "out" : folder);
  }
  if (bypassed_runs == 0) MESSAGE("neither file system takes O_DIRECT here: only the fallback ran");
}

TEST_CASE("streaming writer: a file already written to is not bypassed, and writes after finish are cached") {
  test_support::TempDir dir;
  for (const std::filesystem::path& folder : folders(dir)) {
    auto file = fs::AtomicFile::create(folder / "out", true);
    REQUIRE(file.ok());
    const std::string head = "header", body = writer_test_bytes(StreamingWriter::kDirectBytes + 77, 3),
                      tail = writer_test_bytes(5000, 4);
    REQUIRE(file->write(test_support::bytes_of(head)).ok());
    {
      StreamingWriter writer(*file, StreamingWriter::Cache::kBypass);
      CHECK_FALSE(writer.bypassing_cache());  // offset 6: O_DIRECT needs aligned offsets
      REQUIRE(writer.write(test_support::bytes_of(body)).ok());
      REQUIRE(writer.finish().ok());
    }
    REQUIRE(file->commit().ok());
    CHECK(test_support::read_bytes(folder / "out") == head + body);

    auto again = fs::AtomicFile::create(folder / "again", true);
    REQUIRE(again.ok());
    {
      StreamingWriter writer(*again, StreamingWriter::Cache::kBypass);
      REQUIRE(writer.write(test_support::bytes_of(body)).ok());
      REQUIRE(writer.finish().ok());
      CHECK_FALSE(writer.bypassing_cache());
      REQUIRE(writer.write(test_support::bytes_of(tail)).ok());
      REQUIRE(writer.finish().ok());
    }
    REQUIRE(again->write_at(test_support::bytes_of(std::string("XY")), 1).ok());
    REQUIRE(again->commit().ok());
    std::string expected = body + tail;
    expected.replace(1, 2, "XY");
    CHECK(test_support::read_bytes(folder / "again") == expected);
    if (folder != dir.path()) std::filesystem::remove_all(folder);
  }
}
