// Inputs are regular files only (a FIFO never blocks, a found file is never a
// link); outputs never replace a link, device, FIFO or folder; temporaries are
// private and the stale ones of killed commands are removed (issue 13, parts 2-4).
#include <doctest/doctest.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <future>

#include "formats/scan/scan.hpp"
#include "base/file_io.hpp"
#include "base/stale_temporaries.hpp"
#include "fs/temp_dir.hpp"
#include "modelseal/output_file.hpp"
#include "test_support.hpp"

using namespace modelseal;
namespace stdfs = std::filesystem;

namespace {

unsigned mode_of(const stdfs::path& p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

bool is_link(const stdfs::path& p) { return stdfs::is_symlink(stdfs::symlink_status(p)); }

// A pid that no process has: a child that has exited and been reaped.
pid_t dead_pid() {
  pid_t child = ::fork();
  if (child == 0) ::_exit(0);
  int status = 0;
  ::waitpid(child, &status, 0);
  return child;
}

// Runs `open` on another thread: a blocking open of a FIFO would hang the test forever.
template <class F>
auto within_seconds(F open) {
  auto done = std::async(std::launch::async, open);
  REQUIRE(done.wait_for(std::chrono::seconds(10)) == std::future_status::ready);
  return done.get();
}

std::vector<std::string> names_in(const stdfs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : stdfs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("open_for_reading refuses a FIFO at once, without waiting for a writer") {
  test_support::TempDir dir;
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  auto opened = within_seconds([&] { return fs::open_for_reading(dir / "pipe"); });
  REQUIRE(!opened.ok());
  CHECK(opened.error().code == ErrorCode::kInvalidArgument);
  CHECK(opened.error().detail.find("pipe: is a FIFO, not a regular file") != std::string::npos);
  auto small = within_seconds([&] { return fs::read_small_file(dir / "pipe", 100); });
  CHECK(!small.ok());
  auto scanned = within_seconds([&] { return formats::open_file_source((dir / "pipe").string()); });
  CHECK(!scanned.ok());
  // Through a link the user named, too.
  stdfs::create_symlink(dir / "pipe", dir / "link");
  auto linked = within_seconds([&] { return fs::open_for_reading(dir / "link"); });
  REQUIRE(!linked.ok());
  CHECK(linked.error().detail.find("FIFO") != std::string::npos);
}

TEST_CASE("open_for_reading refuses folders and devices, and links where none is expected") {
  test_support::TempDir dir;
  test_support::write_bytes(dir / "file", "bytes");
  stdfs::create_symlink(dir / "file", dir / "link");
  CHECK(fs::open_for_reading(dir / "file").ok());
  CHECK(fs::open_for_reading(dir / "file", fs::Links::kRefuse).ok());
  CHECK(fs::open_for_reading(dir / "link").ok());  // a path the user named may be a link
  auto found = fs::open_for_reading(dir / "link", fs::Links::kRefuse);
  REQUIRE(!found.ok());
  CHECK(found.error().code == ErrorCode::kUnsupported);
  CHECK(found.error().detail.find("is a symbolic link") != std::string::npos);
  CHECK(*fs::read_small_file(dir / "link", 100) == "bytes");
  CHECK(!fs::read_small_file(dir / "link", 100, fs::Links::kRefuse).ok());

  auto folder = fs::open_for_reading(dir.path());
  REQUIRE(!folder.ok());
  CHECK(folder.error().detail.find("is a folder") != std::string::npos);
  auto device = fs::open_for_reading("/dev/null");
  REQUIRE(!device.ok());
  CHECK(device.error().detail.find("is a character device") != std::string::npos);
  CHECK(fs::open_for_reading(dir / "missing").error().code == ErrorCode::kNotFound);
}

TEST_CASE("an output never replaces a link, FIFO or folder, even when overwriting") {
  test_support::TempDir dir;
  test_support::write_bytes(dir / "elsewhere", "keep me");
  stdfs::create_symlink(dir / "elsewhere", dir / "link");
  REQUIRE(::mkfifo((dir / "pipe").c_str(), 0600) == 0);
  stdfs::create_directory(dir / "folder");
  for (const char* name : {"link", "pipe", "folder"}) {
    for (bool overwrite : {false, true}) {
      auto written = within_seconds(
          [&] { return write_output_file(dir / name, "report", overwrite); });
      REQUIRE(!written.ok());
      CHECK(written.error().code == ErrorCode::kAlreadyExists);
      CHECK(written.error().detail.find("never replaced") != std::string::npos);
    }
  }
  CHECK(is_link(dir / "link"));
  CHECK(test_support::read_bytes(dir / "elsewhere") == "keep me");
  CHECK(stdfs::is_fifo(dir / "pipe"));
  CHECK(stdfs::is_directory(dir / "folder"));
  CHECK(names_in(dir.path()) == std::vector<std::string>{"elsewhere", "folder", "link", "pipe"});
}

TEST_CASE("an existing regular output is replaced only when overwriting") {
  test_support::TempDir dir;
  test_support::write_bytes(dir / "report.md", "old");
  auto refused = write_output_file(dir / "report.md", "new", false);
  REQUIRE(!refused.ok());
  CHECK(refused.error().detail.find("already exists (use --force") != std::string::npos);
  CHECK(test_support::read_bytes(dir / "report.md") == "old");
  REQUIRE(write_output_file(dir / "report.md", "new", true).ok());
  CHECK(test_support::read_bytes(dir / "report.md") == "new");
  CHECK(names_in(dir.path()) == std::vector<std::string>{"report.md"});
}

TEST_CASE("an AtomicFile temporary is private until committed, and named with the pid") {
  test_support::TempDir dir;
  auto file = fs::AtomicFile::create(dir / "out.bin", false, 0644);
  REQUIRE(file.ok());
  std::vector<std::string> names = names_in(dir.path());
  REQUIRE(names.size() == 1);
  CHECK(names[0].starts_with(".out.bin.tmp-" + std::to_string(::getpid()) + "-"));
  CHECK(mode_of(dir / names[0]) == 0600);
  REQUIRE(file->write({reinterpret_cast<const uint8_t*>("x"), 1}).ok());
  REQUIRE(file->commit().ok());
  CHECK(mode_of(dir / "out.bin") == 0644);
  CHECK(names_in(dir.path()) == std::vector<std::string>{"out.bin"});
}

TEST_CASE("stale temporaries of a dead process are removed; nothing else is") {
  test_support::TempDir dir;
  const std::string dead = std::to_string(dead_pid());
  const std::string alive = std::to_string(::getppid());
  test_support::write_bytes(dir / (".out.bin.tmp-" + dead + "-aB3xYz"), "plaintext");
  test_support::write_bytes(dir / (".out.bin.tmp-" + alive + "-aB3xYz"), "in use");
  test_support::write_bytes(dir / (".other.bin.tmp-" + dead + "-aB3xYz"), "another target's");
  test_support::write_bytes(dir / (".out.bin.tmp-" + dead + "-toolong1"), "not our pattern");
  test_support::write_bytes(dir / (".out.bin.tmp-" + dead + "-lockd1"), "locked");
  stdfs::create_symlink(dir / "elsewhere", dir / (".out.bin.tmp-" + dead + "-link01"));
  stdfs::create_directory(dir / (".out.bin.tmp-" + dead + "-fold01"));
  fs::UniqueFd holder(::open((dir / (".out.bin.tmp-" + dead + "-lockd1")).c_str(), O_RDONLY));
  REQUIRE(::flock(holder.get(), LOCK_EX) == 0);

  auto file = fs::AtomicFile::create(dir / "out.bin", true);
  REQUIRE(file.ok());
  std::vector<std::string> names = names_in(dir.path());
  CHECK(std::find(names.begin(), names.end(), ".out.bin.tmp-" + dead + "-aB3xYz") == names.end());
  for (const std::string& kept :
       {".out.bin.tmp-" + alive + "-aB3xYz", ".other.bin.tmp-" + dead + "-aB3xYz",
        ".out.bin.tmp-" + dead + "-toolong1", ".out.bin.tmp-" + dead + "-lockd1",
        ".out.bin.tmp-" + dead + "-link01", ".out.bin.tmp-" + dead + "-fold01"})
    CHECK_MESSAGE(std::find(names.begin(), names.end(), kept) != names.end(), kept);
}

TEST_CASE("a TempDir is private and removes the stale folders of its prefix") {
  test_support::TempDir dir;
  const std::string dead = std::to_string(dead_pid());
  const stdfs::path stale = dir / (".out.extract-" + dead + "-Qw3rTy");
  test_support::write_bytes(stale / "deep/er/weights.bin", "plaintext");
  stdfs::create_symlink(dir / "keep", stale / "deep/link");
  test_support::write_bytes(dir / "keep/precious", "not ours");
  test_support::write_bytes(dir / (".out.extract-" + dead + "-file01"), "a file, not a folder");

  auto work = fs::TempDir::create(dir.path(), ".out.extract-");
  REQUIRE(work.ok());
  CHECK(mode_of(work->path()) == 0700);
  CHECK(work->path().filename().string().starts_with(".out.extract-" + std::to_string(::getpid()) + "-"));
  CHECK(!stdfs::exists(stale));
  CHECK(test_support::read_bytes(dir / "keep/precious") == "not ours");
  CHECK(stdfs::exists(dir / (".out.extract-" + dead + "-file01")));

  // A folder in use (its creator alive and holding the lock) is left alone.
  auto other = fs::TempDir::create(dir.path(), ".out.extract-");
  REQUIRE(other.ok());
  CHECK(stdfs::exists(work->path()));
}
