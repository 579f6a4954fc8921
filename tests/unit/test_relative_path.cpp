#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "formats/names/relative_path.hpp"
#include "formats/text/printable.hpp"

using namespace modelseal::formats;

namespace {

// Unlimited, so that each case breaks only the rule it is about.
constexpr PathLimits kNoLimits{};

std::vector<PathRule> rules(std::string_view path, const PathLimits& limits = kNoLimits) {
  std::vector<PathRule> out;
  for (const PathProblem& p : check_relative_path(path, limits)) out.push_back(p.rule);
  return out;
}

bool breaks(std::string_view path, PathRule rule, const PathLimits& limits = kNoLimits) {
  return first_broken(check_relative_path(path, limits), {rule}) != nullptr;
}

std::string part(std::string_view path, PathRule rule, const PathLimits& limits = kNoLimits) {
  const std::vector<PathProblem> problems = check_relative_path(path, limits);
  const PathProblem* p = first_broken(problems, {rule});
  REQUIRE(p != nullptr);
  return p->part;
}

struct Case {
  PathRule rule;
  std::string bad;   // breaks `rule` and nothing else
  std::string good;  // a near miss that breaks nothing
};

}  // namespace

TEST_CASE("relative paths that break nothing") {
  for (const char* ok : {"model.safetensors", "a/b/c.bin", ".modelseal/bundle.toml", "..a/b",
                         "a.b/.c", "caf\xC3\xA9/\xF0\x9F\x98\x80.bin", "console.log", "com10"})
    CHECK_MESSAGE(rules(ok).empty(), ok);
}

TEST_CASE("each rule of the relative-path rule alone, with a near miss") {
  const std::vector<Case> cases = {
      {PathRule::kEmpty, "", "a"},
      {PathRule::kAbsolute, "/a", "a"},
      {PathRule::kNul, std::string("a\0b", 3), "a0b"},
      {PathRule::kControlCharacter, "a\nb", "a b"},
      {PathRule::kControlCharacter, "del\x7F", "del~"},
      {PathRule::kBackslash, "a\\b", "a/b"},
      {PathRule::kWindowsCharacter, "what?", "what"},
      {PathRule::kNonUtf8, "bad\xFFname", "good\xC3\xBFname"},
      {PathRule::kNonUtf8, "over\xC0\xAFlong", "over/long"},
      {PathRule::kNonUtf8, "sur\xED\xA0\x80", "sur\xED\x9F\xBF"},
      {PathRule::kEmptyComponent, "a//b", "a/b"},
      {PathRule::kDotComponent, "a/./b", "a/.b"},
      {PathRule::kParentReference, "a/../b", "a/...b"},
      {PathRule::kWindowsReserved, "dir/aux/file", "dir/auxiliary/file"},
      {PathRule::kWindowsReserved, "LPT\xC2\xB3.txt", "LPT\xC2\xB4.txt"},
      {PathRule::kTrailingDotOrSpace, "dir /f", "d ir/f"},
      {PathRule::kTrailingDotOrSpace, "x.", "x.y"},
  };
  for (const Case& c : cases) {
    CAPTURE(printable_name(c.bad));
    CHECK(rules(c.bad) == std::vector<PathRule>{c.rule});
    CHECK(rules(c.good).empty());
  }
}

TEST_CASE("windows characters, the drive letter and '..' between backslashes") {
  for (const char* bad : {"a<b", "a>b", "a:b", "a\"b", "a|b", "star*"})
    CHECK_MESSAGE(breaks(bad, PathRule::kWindowsCharacter), bad);
  // ':' is a Windows character too, so a drive letter never comes alone.
  CHECK(rules("C:") == std::vector<PathRule>{PathRule::kDriveLetter, PathRule::kWindowsCharacter});
  CHECK(breaks("1:/x", PathRule::kDriveLetter));
  CHECK_FALSE(breaks("ab:", PathRule::kDriveLetter));
  CHECK_FALSE(breaks(":", PathRule::kDriveLetter));
  // Windows reads a backslash as a separator.
  CHECK(breaks("a\\..\\b", PathRule::kParentReference));
  CHECK(breaks("..\\x", PathRule::kParentReference));
  CHECK_FALSE(breaks("a\\..b", PathRule::kParentReference));
  CHECK(rules("..") == std::vector<PathRule>{PathRule::kParentReference});
  CHECK(rules(".") == std::vector<PathRule>{PathRule::kDotComponent});
}

TEST_CASE("limits of path length, component length and depth") {
  CHECK(rules(std::string(kMaxPathBytes, 'p'), {kMaxPathBytes}).empty());
  CHECK(rules(std::string(kMaxPathBytes + 1, 'p'), {kMaxPathBytes}) ==
        std::vector<PathRule>{PathRule::kTooLong});

  PathLimits bytes;
  bytes.max_component_bytes = kMaxComponentBytes;
  CHECK(rules("d/" + std::string(255, 'a'), bytes).empty());
  CHECK(part("d/" + std::string(256, 'a') + "/f", PathRule::kComponentTooLong, bytes) ==
        std::string(256, 'a'));

  std::string emoji;  // 64 x U+1F600: 256 bytes, 128 UTF-16 units
  for (int i = 0; i < 64; ++i) emoji += "\xF0\x9F\x98\x80";
  PathLimits units;
  units.max_component_utf16_units = kMaxComponentUtf16Units;
  CHECK(rules(emoji, units).empty());
  CHECK(breaks(emoji, PathRule::kComponentTooLong, bytes));
  CHECK(breaks(emoji + emoji + emoji, PathRule::kComponentTooLong, units));  // 384 units
  CHECK(utf16_units(emoji) == 128);
  CHECK(utf16_units("a\xFF" "b") == 3);

  PathLimits depth;
  depth.max_depth = 3;
  CHECK(rules("a/b/c", depth).empty());
  CHECK(part("a/b/c/d/e", PathRule::kTooDeep, depth) == "d");
  CHECK(rules("/a/b/c", depth) == std::vector<PathRule>{PathRule::kAbsolute});  // '/' starts none
}

TEST_CASE("the callers' limits differ only where the callers did") {
  std::string deep;
  for (int i = 0; i < 129; ++i) deep += "d/";
  deep += "f";  // 130 components
  CHECK(breaks(deep, PathRule::kTooDeep, kBundlePathLimits));
  CHECK_FALSE(breaks(deep, PathRule::kTooDeep, kPortablePathLimits));
  std::string emoji;  // 65 x U+1F600: 260 bytes, 130 units
  for (int i = 0; i < 65; ++i) emoji += "\xF0\x9F\x98\x80";
  CHECK(breaks(emoji, PathRule::kComponentTooLong, kBundlePathLimits));
  CHECK(breaks(emoji, PathRule::kComponentTooLong, kPortablePathLimits));
  CHECK(rules(std::string(70000, 'z'), kZipNameLimits).empty());
  CHECK(breaks(std::string(70000, 'z'), PathRule::kTooLong, kBundlePathLimits));
}

TEST_CASE("a trailing slash marks a folder only where the limits say so") {
  CHECK(rules("a/b/", kZipNameLimits).empty());
  CHECK(rules("a/b/", kPortablePathLimits) == std::vector<PathRule>{PathRule::kEmptyComponent});
  CHECK(rules("a/b//", kZipNameLimits) == std::vector<PathRule>{PathRule::kEmptyComponent});
  CHECK(rules("/", kZipNameLimits) ==
        std::vector<PathRule>{PathRule::kAbsolute, PathRule::kEmptyComponent});
}

TEST_CASE("each rule once, first occurrence, in the documented order") {
  // whole path, then characters by position, then components by position.
  CHECK(rules("/x\\a\x01<b\xFF/./..") ==
        std::vector<PathRule>{PathRule::kAbsolute, PathRule::kBackslash,
                              PathRule::kControlCharacter, PathRule::kWindowsCharacter,
                              PathRule::kNonUtf8, PathRule::kDotComponent,
                              PathRule::kParentReference});
  const std::vector<PathProblem> twice = check_relative_path("x\x02y\x03/./.", kNoLimits);
  REQUIRE(twice.size() == 2);
  CHECK(twice[0].part == "\x02");
  CHECK(twice[1].rule == PathRule::kDotComponent);
  CHECK(part("a/con/prn.txt", PathRule::kWindowsReserved) == "con");
  // Within one component: reserved name, trailing dot, length, depth.
  PathLimits tight;
  tight.max_component_bytes = 3;
  tight.max_depth = 0;
  CHECK(rules("aux.", tight) ==
        std::vector<PathRule>{PathRule::kWindowsReserved, PathRule::kTrailingDotOrSpace,
                              PathRule::kComponentTooLong, PathRule::kTooDeep});
  CHECK(first_broken(check_relative_path("ok", kNoLimits), {PathRule::kEmpty}) == nullptr);
  CHECK(is_component_rule(PathRule::kEmptyComponent));
  CHECK_FALSE(is_component_rule(PathRule::kNonUtf8));
}
