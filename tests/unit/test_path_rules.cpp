#include <doctest/doctest.h>

#include "tree/glob.hpp"
#include "tree/path_rules.hpp"

using namespace modelseal;
using namespace modelseal::tree;

TEST_CASE("relative paths that a bundle may hold") {
  CHECK(validate_relative_path("model.safetensors").ok());
  CHECK(validate_relative_path("a/b/c.bin").ok());
  CHECK(validate_relative_path(".modelseal/bundle.toml").ok());
  CHECK(validate_relative_path("d\xC3\xA9j\xC3\xA0/vu").ok());
}

TEST_CASE("paths that a bundle must refuse") {
  for (const char* bad : {"", "/etc/passwd", "../escape", "a/../../b", "a//b", "a/./b", "a/",
                          "./a", "a\\b", "tab\there", "nul\x7f"}) {
    CAPTURE(bad);
    auto r = validate_relative_path(bad);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kCorrupt);
  }
  CHECK_FALSE(validate_relative_path(std::string("a\0b", 3)).ok());
  CHECK_FALSE(validate_relative_path("bad\xC3").ok());          // truncated UTF-8
  CHECK_FALSE(validate_relative_path("over\xC0\xAFlong").ok());  // overlong '/'
  CHECK_FALSE(validate_relative_path("sur\xED\xA0\x80").ok());   // surrogate
  CHECK_FALSE(validate_relative_path(std::string(256, 'x')).ok());
  CHECK_FALSE(validate_relative_path(std::string(5000, 'x')).ok());
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "d/";
  CHECK_FALSE(validate_relative_path(deep + "f").ok());
}

TEST_CASE("OMS order compares path components bytewise") {
  CHECK(path_less("a/b", "a-b/c"));
  CHECK_FALSE(path_less("a-b/c", "a/b"));
  CHECK(path_less("a", "a/b"));
  CHECK(path_less(".modelseal/x", "config.json"));
  CHECK(path_less("B", "a"));
  CHECK_FALSE(path_less("same", "same"));
}

TEST_CASE("path_is_under matches whole components") {
  CHECK(path_is_under(".git/config", ".git"));
  CHECK(path_is_under(".git", ".git"));
  CHECK_FALSE(path_is_under(".github", ".git"));
  CHECK_FALSE(path_is_under(".gi", ".git"));
}

TEST_CASE("payload globs") {
  CHECK(glob_match("**", "a/b/c"));
  CHECK(glob_match("*.bin", "weights.bin"));
  CHECK_FALSE(glob_match("*.bin", "sub/weights.bin"));
  CHECK(glob_match("**/*.bin", "sub/weights.bin"));
  CHECK(glob_match("**/*.bin", "weights.bin"));
  CHECK(glob_match("docs", "docs/a/b.md"));  // a folder matches its subtree
  CHECK(glob_match("shard-?.bin", "shard-1.bin"));
  CHECK_FALSE(glob_match("shard-?.bin", "shard-10.bin"));
  CHECK(glob_match("a/**/z", "a/z"));
  CHECK(glob_match("a/**/z", "a/b/c/z"));
  CHECK_FALSE(glob_match("a/**/z", "b/z"));
  CHECK_FALSE(glob_match("*.md", "README.txt"));
}
