#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "formats/names/names.hpp"

using namespace modelseal::formats;

namespace {

std::set<std::string> name_ids(std::string_view path) {
  std::set<std::string> out;
  for (const NameProblem& p : check_portable_path(path)) {
    CHECK_FALSE(p.message.empty());
    CHECK_FALSE(p.hint.empty());
    out.insert(p.id);
  }
  return out;
}

void expect_only_name(std::string_view path, const std::string& id) {
  CHECK_MESSAGE(name_ids(path) == std::set<std::string>{id}, printable_name(path));
}

bool collide(const std::string& a, const std::string& b) {
  return collision_key(a) == collision_key(b);
}

}  // namespace

TEST_CASE("portable names accept ordinary paths") {
  for (const char* ok : {"model.safetensors", "a/b/c.txt", "tokenizer/vocab.json", "CONFIG.json",
                         "console.log", "com10.txt", "lpt.txt", "auxiliary/x", "caf\xC3\xA9.txt",
                         "\xE6\x97\xA5\xE6\x9C\xAC/\xF0\x9F\x98\x80.bin", ".hidden", "a.b.c"})
    CHECK_MESSAGE(name_ids(ok).empty(), ok);
}

TEST_CASE("portable names refuse Windows device names") {
  for (const char* bad :
       {"con", "CON", "con.txt", "Con.tar.gz", "aux", "prn", "nul.json", "com1", "COM9.log", "com0",
        "lpt1", "LPT9.x", "lpt0", "dir/aux/file", "CON .txt", "com\xC2\xB9", "LPT\xC2\xB3.txt"})
    expect_only_name(bad, "name.windows_reserved");
}

TEST_CASE("portable names refuse characters Windows cannot hold") {
  for (const char* bad :
       {"a:b", "a<b", "a>b", "a\"b", "a|b", "what?", "star*", "back\\slash", "C:/x"})
    expect_only_name(bad, "name.illegal_character");
  expect_only_name(std::string("a\0b", 3), "name.control_character");
  expect_only_name("line\nbreak", "name.control_character");
  expect_only_name("tab\there", "name.control_character");
  expect_only_name("del\x7F", "name.control_character");
}

TEST_CASE("portable names refuse a trailing dot or space") {
  for (const char* bad : {"x.", "x ", "dir./file", "dir /file", "file..."})
    expect_only_name(bad, "name.trailing_dot_or_space");
}

TEST_CASE("portable names check lengths and encoding") {
  CHECK(name_ids(std::string(255, 'a')).empty());
  expect_only_name(std::string(256, 'a'), "name.component_too_long");
  expect_only_name("d/" + std::string(256, 'a') + "/f", "name.component_too_long");
  std::string emoji;  // 64 x U+1F600: 256 bytes, 128 UTF-16 units
  for (int i = 0; i < 63; ++i) emoji += "\xF0\x9F\x98\x80";
  CHECK(name_ids(emoji).empty());
  expect_only_name(emoji + "\xF0\x9F\x98\x80", "name.component_too_long");
  std::string cjk;  // 85 x U+65E5: 255 bytes, 85 units
  for (int i = 0; i < 85; ++i) cjk += "\xE6\x97\xA5";
  CHECK(name_ids(cjk).empty());
  std::string path;
  while (path.size() < 4096) path += std::string(99, 'p') + "/";
  path.resize(4096);
  path.back() = 'z';
  CHECK(name_ids(path).empty());
  expect_only_name(path + "z", "name.path_too_long");
  expect_only_name("bad\xFFname", "name.non_utf8");
  expect_only_name("overlong\xC0\xAF", "name.non_utf8");
  expect_only_name("surrogate\xED\xA0\x80", "name.non_utf8");
  expect_only_name("cut\xE6\x97", "name.non_utf8");
  CHECK(name_ids("aux.\x01:.").size() == 4);
}

TEST_CASE("collision keys fold case fully and normalize") {
  CHECK(
      collide("Stra\xC3\x9F"
              "e",
              "STRASSE"));
  CHECK(collide("caf\xC3\xA9", "cafe\xCC\x81"));  // NFC vs NFD
  CHECK(collide("CAF\xC3\x89", "cafe\xCC\x81"));  // and case
  CHECK(collide("K", "\xE2\x84\xAA"));            // KELVIN SIGN
  CHECK(collide("\xE2\x84\xAB", "\xC3\xA5"));     // ANGSTROM SIGN vs a-ring
  CHECK(collide("\xED\x95\x9C", "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB"));  // Hangul HAN vs jamo
  CHECK(collide("a.txt", "A.TXT"));
  CHECK(collide("\xCE\xA3", "\xCF\x82"));                    // capital sigma vs final sigma
  CHECK(collide("\xE1\xBE\xB3", "\xCE\xB1\xCE\xB9"));        // alpha with ypogegrammeni
  CHECK(collide("q\xCC\x87\xCC\xA3", "q\xCC\xA3\xCC\x87"));  // marks in either order
  CHECK_FALSE(collide("\xC3\xA9", "e"));
  CHECK_FALSE(collide("a.txt", "a.txt "));
  CHECK(collide("\xEF\xAC\x81", "FI"));        // full folding expands the fi ligature
  CHECK(collide("\xE2\x84\xA6", "\xCF\x89"));  // OHM SIGN vs omega
  CHECK_FALSE(collide("\xEF\xBD\x86", "f"));   // fullwidth f is compatibility only
  CHECK(collision_key("Stra\xC3\x9F"
                      "e") == "strasse");
  CHECK(collision_key("ABC/d") == "abc/d");
  CHECK(collision_key("x\xFFY") == "x\xFFy");
}

TEST_CASE("is_nfc accepts only valid UTF-8 in Normalization Form C") {
  for (const char* nfc : {"", "plain.txt", "caf\xC3\xA9", "\xED\x95\x9C", "\xE6\x97\xA5",
                          "\xC3\x85", "q\xCC\xA3\xCC\x87", "\xF0\x9F\x98\x80"})
    CHECK_MESSAGE(is_nfc(nfc), printable_name(nfc));
  for (const char* other :
       {"cafe\xCC\x81",                   // e + combining acute: NFD
        "\xE1\x84\x92\xE1\x85\xA1\xE1\x86\xAB",  // Hangul jamo that compose
        "\xE2\x84\xAB",                   // ANGSTROM SIGN, a singleton decomposition
        "\xE2\x84\xAA",                   // KELVIN SIGN
        "q\xCC\x87\xCC\xA3",              // marks out of canonical order
        "bad\xFF", "sur\xED\xA0\x80"})
    CHECK_FALSE_MESSAGE(is_nfc(other), printable_name(other));
}

TEST_CASE("find_collisions groups names and folders") {
  auto c = find_collisions({"a.txt", "A.TXT", "b.txt"});
  REQUIRE(c.size() == 1);
  CHECK(c[0].paths == std::vector<std::string>{"A.TXT", "a.txt"});
  CHECK(c[0].case_only);

  c = find_collisions({"caf\xC3\xA9", "cafe\xCC\x81", "e"});
  REQUIRE(c.size() == 1);
  CHECK_FALSE(c[0].case_only);

  c = find_collisions({"A/x", "a/y"});
  REQUIRE(c.size() == 1);
  CHECK(c[0].paths == std::vector<std::string>{"A", "a"});

  c = find_collisions({"A/x", "a/x", "a/X"});  // the folder, then inside folder "a"
  REQUIRE(c.size() == 2);
  CHECK(c[0].paths == std::vector<std::string>{"A", "a"});
  CHECK(c[1].paths == std::vector<std::string>{"a/X", "a/x"});

  c = find_collisions({"readme", "README/notes"});  // a file and a folder
  REQUIRE(c.size() == 1);
  CHECK(c[0].paths == std::vector<std::string>{"README", "readme"});

  c = find_collisions({"K", "\xE2\x84\xAA", "k"});
  REQUIRE(c.size() == 1);
  CHECK(c[0].paths.size() == 3);
  CHECK(c[0].case_only);

  CHECK(find_collisions({"a", "a", "a/b", "b/a", "\xC3\xA9", "e"}).empty());
  CHECK(find_collisions({}).empty());
}

TEST_CASE("printable_name escapes and cuts") {
  CHECK(printable_name("a\nb'c") == "a\\x0ab\\x27c");
  CHECK(printable_name("caf\xC3\xA9\xFF") == "caf\xC3\xA9\\xff");
  CHECK(printable_name("\xE2\x80\xAEtxt") == "\\xe2\\x80\\xaetxt");
  CHECK(printable_name(std::string(200, 'x'), 10) == std::string(10, 'x') + "...");
}
