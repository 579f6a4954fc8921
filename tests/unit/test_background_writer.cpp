// archive::BackgroundWriter: bytes arrive in order whatever the mix of buffers and copies, and a
// write that fails on its thread is returned to the caller (submit, write or finish).
#include <doctest/doctest.h>

#include <sys/resource.h>

#include <csignal>
#include <string>

#include "archive/background_writer.hpp"
#include "test_support.hpp"

using namespace modelseal;
using test_support::TempDir;

TEST_CASE("background writer: buffers and copies land in order") {
  TempDir dir;
  auto file = fs::AtomicFile::create(dir / "out", false);
  REQUIRE(file.ok());
  std::string expected;
  {
    archive::BackgroundWriter writer(*file, 1000);
    for (int i = 0; i < 50; ++i) {
      std::span<uint8_t> buffer = writer.acquire();
      const size_t n = static_cast<size_t>(i * 20);  // 0: the buffer is given back unused
      for (size_t j = 0; j < n; ++j) buffer[j] = static_cast<uint8_t>('a' + (i + j) % 26);
      expected.append(reinterpret_cast<const char*>(buffer.data()), n);
      REQUIRE(writer.submit(n).ok());
      const std::string copied = "<" + std::to_string(i) + std::string(2500, '.') + ">";
      REQUIRE(writer.write(test_support::bytes_of(copied)).ok());  // more than one buffer
      expected += copied;
    }
    REQUIRE(writer.finish().ok());
  }
  REQUIRE(file->commit().ok());
  CHECK(test_support::read_bytes(dir / "out") == expected);
}

TEST_CASE("background writer: a failed write reaches the caller, through the cache or around it") {
  for (auto cache : {archive::StreamingWriter::Cache::kKeep, archive::StreamingWriter::Cache::kBypass}) {
    CAPTURE(static_cast<int>(cache));
    TempDir dir;
    auto file = fs::AtomicFile::create(dir / "out", false);
    REQUIRE(file.ok());
    // A file size limit makes write() fail with EFBIG (SIGXFSZ ignored) once 1 MiB is written:
    // past a whole O_DIRECT block when bypassing, so the aligned write itself fails.
    rlimit before{};
    REQUIRE(::getrlimit(RLIMIT_FSIZE, &before) == 0);
    auto* previous = std::signal(SIGXFSZ, SIG_IGN);
    rlimit small = before;
    small.rlim_cur = 1 << 20;
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &small) == 0);
    Status failed;
    {
      archive::BackgroundWriter writer(*file, 64 << 10, cache);
      const std::string block(64 << 10, 'x');
      for (int i = 0; i < 160 && failed.ok(); ++i) failed = writer.write(test_support::bytes_of(block));
      if (failed.ok()) failed = writer.finish();
      CHECK_FALSE(writer.finish().ok());  // and it stays failed
    }
    REQUIRE(::setrlimit(RLIMIT_FSIZE, &before) == 0);
    std::signal(SIGXFSZ, previous);
    REQUIRE_FALSE(failed.ok());
    CHECK(failed.error().code == ErrorCode::kIo);
    CHECK_MESSAGE(failed.error().detail.find((dir / "out").string()) != std::string::npos,
                  failed.error().detail);
  }
}
