#include <doctest/doctest.h>

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

TEST_CASE("bundle paths must be extractable side by side") {
  CHECK(check_bundle_paths({}).ok());
  CHECK(check_bundle_paths({"a/b", "a-b", "ab/c", "caf\xC3\xA9", "cafe"}).ok());
  CHECK(check_bundle_paths({"x/a.txt", "y/A.txt"}).ok());  // different folders
  struct Bad {
    std::vector<std::string> paths;
    const char* named;
  };
  for (const Bad& bad : std::initializer_list<Bad>{
           {{"a", "a/b"}, "'a' is a file and also the folder of 'a/b'"},
           {{"a/b/c", "a/b", "z"}, "'a/b' is a file and also the folder of 'a/b/c'"},
           {{"a.txt", "A.txt"}, "'A.txt' and 'a.txt' differ only by case"},
           {{"m/W.bin", "m/w.bin"}, "'m/W.bin' and 'm/w.bin' differ only by case"},
           {{"cafe\xCC\x81"}, "'cafe\xCC\x81' is not in Unicode Normalization Form C"},
           {{"ok", "sub/\xE2\x84\xAB"}, "not in Unicode Normalization Form C"},  // ANGSTROM SIGN
       }) {
    CAPTURE(bad.named);
    auto r = check_bundle_paths(bad.paths);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == ErrorCode::kCorrupt);
    CHECK(r.error().detail.find(bad.named) != std::string::npos);
  }
}
