// Payload globs (specs/bundle-toml-v1.md, [payload]): matched against the
// whole path of each file, never a folder; '*' and '?' stay inside one
// component, '?' is one UTF-8 character, '**' is zero or more components.
#include <doctest/doctest.h>

#include <string_view>

#include "formats/bundle_toml/validators.hpp"
#include "tree/glob.hpp"

using modelseal::tree::glob_match;

namespace {

struct Case {
  std::string_view pattern;
  std::string_view path;
  bool match;
};

constexpr Case kCases[] = {
    // The three reported differences: no implicit subtree.
    {"*", "sub/nested.txt", false},
    {"*.bin", "dir.bin/inner.txt", false},
    {"sub", "sub/x.txt", false},
    {"sub/**", "sub/x.txt", true},
    {"sub/**", "sub/a/b/c.txt", true},
    {"sub/**", "sub", true},  // '**' matches zero components, here too
    {"sub", "sub", true},
    // '*' within one component, dotfiles included.
    {"*", "top.txt", true},
    {"*", ".hidden", true},
    {"*.bin", "weights.bin", true},
    {"*.bin", ".bin", true},
    {"*.bin", "sub/weights.bin", false},
    {"*.bin", "weights.bin.tmp", false},
    {"w*s.bin", "weights.bin", true},
    {"w*s.bin", "ws.bin", true},
    {"*a*b*", "xaxxbx", true},
    {"*a*b*", "xbxxax", false},
    {"*.md", "README.txt", false},
    {"docs/*", "docs/a.md", true},
    {"docs/*", "docs/a/b.md", false},
    // '?' is exactly one character, never '/', and one UTF-8 code point.
    {"shard-?.bin", "shard-1.bin", true},
    {"shard-?.bin", "shard-10.bin", false},
    {"shard-?.bin", "shard-.bin", false},
    {"a?b", "a/b", false},
    {"caf?.txt", "caf\xC3\xA9.txt", true},            // U+00E9, two bytes
    {"caf??.txt", "caf\xC3\xA9.txt", false},          // not two bytes
    {"?", "\xF0\x9F\x98\x80", true},                  // U+1F600, four bytes
    {"??", "\xF0\x9F\x98\x80", false},
    {"*\xC3\xA9", "caf\xC3\xA9", true},
    {"*?", "\xE6\x97\xA5\xE6\x9C\xAC", true},
    // '**' as a whole component: zero or more components.
    {"**", "a", true},
    {"**", "a/b/c", true},
    {"**", ".git/config", true},
    {"**/*.bin", "weights.bin", true},
    {"**/*.bin", "a/b/weights.bin", true},
    {"**/*.bin", "dir.bin/inner.txt", false},
    {"a/**/z", "a/z", true},
    {"a/**/z", "a/b/c/z", true},
    {"a/**/z", "b/z", false},
    {"a/**/z", "a/z/y", false},
    {"**/README.md", "README.md", true},
    {"**/README.md", "docs/README.md", true},
    {"**/README.md", "docs/README.md.bak", false},
    {"**/**", "a/b", true},
    // Literal bytes, case-sensitive.
    {"config.json", "config.json", true},
    {"config.json", "Config.json", false},
    {"config.json", "configxjson", false},
    {"caf\xC3\xA9.txt", "caf\xC3\xA9.txt", true},
    {"caf\xC3\xA9.txt", "cafe\xCC\x81.txt", false},  // no normalization: paths are NFC
};

}  // namespace

TEST_CASE("payload globs match the whole path of a file") {
  for (const Case& c : kCases) {
    CAPTURE(c.pattern);
    CAPTURE(c.path);
    CHECK(glob_match(c.pattern, c.path) == c.match);
  }
}

TEST_CASE("payload globs that cannot be matched are refused when bundle.toml is parsed") {
  namespace bt = modelseal::formats::bundle_toml_internal;
  for (std::string_view bad :
       {"[ab].bin", "a]", "{a,b}", "a**", "**b/c", "/abs", "a//b", "a/", "../x", "!x", "a\\b",
        "tab\there", "cafe\xCC\x81.txt", ""}) {
    CAPTURE(bad);
    CHECK(bt::check_payload_glob(bad).has_value());
  }
  for (std::string_view good : {"**", "*", "?", "a/**/b", "caf\xC3\xA9/*.txt", ".git/**"}) {
    CAPTURE(good);
    CHECK_FALSE(bt::check_payload_glob(good).has_value());
  }
}
