// The pieces of validating a bundle as it streams: the canonical comparison of
// tar bytes against TarWriter's (CanonicalStream), and what a streamed file
// keeps for the scanners (StreamedFile): reads inside the kept windows are
// answered, any other read is a miss.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "tar_writer_test_support.hpp"
#include "validate/canonical_stream.hpp"
#include "validate/streamed_file.hpp"

using namespace modelseal;
using modelseal::validate::CanonicalStream;
using modelseal::validate::StreamedFile;

namespace {

using tar_test::Files;

// Feeds `tar` as a reader would: each entry announced once its headers passed, in chunks of
// `chunk` bytes. `header_bytes[i]` is the length of entry i's headers in `tar`.
bool canonical(const std::string& tar, const Files& files, int64_t mtime, size_t chunk) {
  CanonicalStream check;
  size_t at = 0;
  auto feed = [&](size_t n) {
    for (size_t end = std::min(tar.size(), at + n); at < end;) {
      const size_t k = std::min(chunk, end - at);
      check.tar_bytes({reinterpret_cast<const uint8_t*>(tar.data()) + at, k});
      at += k;
    }
  };
  uint64_t previous = 0;
  for (const auto& [path, data] : files) {
    feed(archive::TarWriter::padding_after(previous) +
         archive::TarWriter::entry_header(path, data.size(), mtime).size());
    check.entry(path, data.size(), mtime);
    feed(data.size());
    previous = data.size();
  }
  feed(tar.size());
  return check.finish();
}

}  // namespace

TEST_CASE("canonical stream: the writer's own bytes pass, in any chunking") {
  const Files files{{".modelseal/manifest.json", "{}"},
                    {std::string(150, 'a') + "/long-name.bin", std::string(1000, 'x')},
                    {"empty", ""},
                    {"caf\xc3\xa9.txt", std::string(512, 'y')}};
  const std::string tar = tar_test::written_tar(files, 1700000000);
  for (size_t chunk : {size_t{1}, size_t{7}, size_t{512}, size_t{1} << 20})
    CHECK(canonical(tar, files, 1700000000, chunk));
}

TEST_CASE("canonical stream: a changed header byte, padding or trailing byte is not canonical") {
  const Files files{{".modelseal/manifest.json", "{}"}, {"w.bin", std::string(700, 'x')}};
  const std::string tar = tar_test::written_tar(files, 1700000000);
  std::string mode = tar;
  mode[1024 + 102] = '6';  // w.bin's mode field (checksum not fixed: still a difference)
  CHECK_FALSE(canonical(mode, files, 1700000000, 512));
  std::string padding = tar;
  padding[512 + 512 + 512 + 700 + 3] = 'z';  // inside w.bin's zero padding
  CHECK_FALSE(canonical(padding, files, 1700000000, 512));
  CHECK_FALSE(canonical(tar + std::string(512, '\0'), files, 1700000000, 512));  // a longer end
  CHECK_FALSE(canonical(tar.substr(0, tar.size() - 512), files, 1700000000, 512));
  std::string data = tar;
  data[512 + 512 + 512 + 10] ^= 1;  // file data is the digests' business, not this check's
  CHECK(canonical(data, files, 1700000000, 512));
}

TEST_CASE("canonical stream: the manifest's data is compared with its canonical form") {
  const std::string manifest = "{\"a\":1}";
  const Files files{{".modelseal/manifest.json", manifest}};
  const std::string tar = tar_test::written_tar(files, 5);
  auto run = [&](const std::string& expected) {
    CanonicalStream check;
    const size_t header = archive::TarWriter::entry_header(files[0].first, manifest.size(), 5).size();
    check.tar_bytes({reinterpret_cast<const uint8_t*>(tar.data()), header + manifest.size()});
    check.entry(files[0].first, manifest.size(), 5, &expected);
    check.tar_bytes({reinterpret_cast<const uint8_t*>(tar.data()) + header + manifest.size(),
                     tar.size() - header - manifest.size()});
    return check.finish();
  };
  CHECK(run(manifest));
  CHECK_FALSE(run("{\"a\":2}"));
  CHECK_FALSE(run("{\"a\": 1}"));  // another length: another header too
}

TEST_CASE("streamed file: a small file is held whole; a large one keeps prefix, tail and HDF5 probes") {
  StreamedFile small(1000);
  const std::string bytes(1000, 's');
  small.add({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  CHECK(small.held_whole());
  CHECK(small.complete());
  std::string out(1000, '\0');
  auto got = small.read_at(0, {reinterpret_cast<uint8_t*>(out.data()), out.size()});
  REQUIRE(got.ok());
  CHECK(*got == 1000);
  CHECK(out == bytes);
  CHECK_FALSE(small.missed());

  const uint64_t size = 40ull << 20;
  StreamedFile large(size);
  CHECK_FALSE(large.held_whole());
  std::string chunk(1 << 20, '\0');
  for (uint64_t at = 0; at < size; at += chunk.size()) {
    for (size_t i = 0; i < chunk.size(); ++i) chunk[i] = static_cast<char>((at + i) % 251);
    large.add({reinterpret_cast<const uint8_t*>(chunk.data()), chunk.size()});
  }
  CHECK(large.complete());
  auto byte_at = [&](uint64_t offset) -> int {
    uint8_t b = 0;
    auto r = large.read_at(offset, {&b, 1});
    return r.ok() ? b : -1;
  };
  CHECK(byte_at(100) == 100 % 251);
  CHECK(byte_at(StreamedFile::kPrefixBytes - 1) == static_cast<int>((StreamedFile::kPrefixBytes - 1) % 251));
  CHECK(byte_at(32ull << 20) == static_cast<int>((32ull << 20) % 251));  // a superblock probe (512 << 16)
  CHECK(byte_at(size - 1) == static_cast<int>((size - 1) % 251));        // the tail
  CHECK_FALSE(large.missed());
  CHECK(byte_at(20ull << 20) == -1);  // anywhere else: a miss
  CHECK(large.missed());
  large.clear_missed();
  std::string across(16, '\0');
  CHECK_FALSE(large.read_at(StreamedFile::kPrefixBytes - 8, {reinterpret_cast<uint8_t*>(across.data()), 16}).ok());
  CHECK(large.missed());
  auto past = large.read_at(size, {reinterpret_cast<uint8_t*>(across.data()), 16});
  REQUIRE(past.ok());
  CHECK(*past == 0);
}
