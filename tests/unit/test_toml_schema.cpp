// The TOML schema module (formats/toml): every TOML file modelseal reads is
// size-checked before parsing, depth-bounded, and every problem is reported as
// "<source>:<line>:<col>: <what>", naming the key path, with "did you mean" for
// misspelt keys and bounds on counts and string lengths.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "formats/toml/field_reads.hpp"
#include "formats/toml/limits.hpp"
#include "formats/toml/parse.hpp"
#include "formats/toml/table_reader.hpp"
#include "modelseal/suggest.hpp"

namespace ts = modelseal::formats::toml_schema;
using modelseal::ErrorCode;

namespace {

constexpr std::array<std::string_view, 3> kKeys{"name", "count", "tags"};

ts::Problem no_spaces(std::string_view value) {
  if (value.find(' ') == std::string_view::npos) return std::nullopt;
  return "contains a space";
}

// Parses `text` as "x.toml" and runs `walk` on its root with kKeys; returns the
// first problem, or "" when there is none.
template <class Walk>
std::string walk_error(const std::string& text, Walk walk, ErrorCode* code = nullptr) {
  auto root = ts::parse_toml(text, "x.toml", 1 << 20);
  REQUIRE(root.ok());
  ts::Diagnostics diag;
  ts::TableReader reader(diag, *root, "", "the top level", ts::Position{}, kKeys);
  walk(reader);
  reader.finish();
  if (!diag.failed()) return "";
  if (code) *code = diag.error("x.toml").code;
  return diag.error("x.toml").detail;
}

void read_all(ts::TableReader& reader) {
  std::string name;
  reader.read_string({"name", ts::Need::kRequired, "a name", no_spaces}, name);
  int64_t count = 0;
  ts::Position at;
  ts::read_integer(reader, "count", 1, 10, "1 to 10", count, at);
  std::vector<ts::Located> tags;
  ts::read_list(reader, {"tags", ts::Need::kOptional, "tags"}, false, 3, tags);
}

}  // namespace

TEST_CASE("toml schema: the size limit is checked before parsing") {
  const std::string text = "name = \"a\"\n" + std::string(100, '#');
  auto parsed = ts::parse_toml(text, "x.toml", 50);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == ErrorCode::kLimitExceeded);
  CHECK(parsed.error().detail == "x.toml:1:1: the file is 111 bytes, more than the limit of 50 bytes");
  CHECK(ts::parse_toml(text, "x.toml", text.size()).ok());
}

TEST_CASE("toml schema: a syntax error names the line and column") {
  auto parsed = ts::parse_toml("name = \"a\"\ncount = = 2\n", "dir/x.toml", 1024);
  REQUIRE_FALSE(parsed.ok());
  CHECK(parsed.error().code == ErrorCode::kInvalidMetadata);
  INFO(parsed.error().detail);
  CHECK(parsed.error().detail.starts_with("dir/x.toml:2:9: TOML syntax error: "));
  CHECK(parsed.error().detail.find('\n') == std::string::npos);
}

TEST_CASE("toml schema: deep dotted keys and nesting are refused before toml++ recurses") {
  std::string dotted = "a";
  for (int i = 0; i < 20; ++i) dotted += ".a";
  auto keys = ts::parse_toml("x = 1\n" + dotted + " = 1\n", "x.toml", 1 << 20);
  REQUIRE_FALSE(keys.ok());
  CHECK(keys.error().code == ErrorCode::kLimitExceeded);
  CHECK(keys.error().detail == "x.toml:2:32: a dotted key has more than 16 parts");

  auto nested = ts::parse_toml("x = " + std::string(40, '['), "x.toml", 1 << 20);
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.error().code == ErrorCode::kLimitExceeded);
  CHECK(nested.error().detail.starts_with("x.toml:1:37: arrays, tables and inline tables are "
                                          "nested more than 32 deep"));
  // Dots and brackets inside strings and comments do not count.
  CHECK(ts::parse_toml("x = \"" + dotted + std::string(40, '[') + "\" # " + dotted + "\n",
                       "x.toml", 1 << 20)
            .ok());
}

TEST_CASE("toml schema: a valid table reads without problems") {
  CHECK(walk_error("name = \"a\"\ncount = 3\ntags = [\"x\", \"y\"]\n", read_all) == "");
}

TEST_CASE("toml schema: a wrong type names the key path, the position and the types") {
  ErrorCode code{};
  CHECK(walk_error("name = 5\n", read_all, &code) ==
        "x.toml:1:8: wrong type for 'name': expected a string, found an integer (hint: a name)");
  CHECK(code == ErrorCode::kInvalidMetadata);
  CHECK(walk_error("name = \"a\"\ncount = \"3\"\n", read_all) ==
        "x.toml:2:9: wrong type for 'count': expected an integer, found a string (hint: 1 to 10)");
  CHECK(walk_error("name = \"a\"\ntags = [\"x\", 2]\n", read_all) ==
        "x.toml:2:14: wrong type for 'tags[1]': expected a string, found an integer (hint: tags)");
}

TEST_CASE("toml schema: values are checked where they are written") {
  CHECK(walk_error("name = \"a b\"\n", read_all) ==
        "x.toml:1:8: invalid value for 'name': \"a b\" contains a space (hint: a name)");
  CHECK(walk_error("name = \"a\"\ncount = 11\n", read_all) ==
        "x.toml:2:9: invalid value for 'count': 11 is not between 1 and 10 (hint: 1 to 10)");
  CHECK(walk_error("name = \"a\\u0007\"\n", read_all) ==
        "x.toml:1:8: invalid value for 'name': \"a\\u{0007}\" contains the control character "
        "U+0007 (hint: only tab and newline are allowed, and no bidirectional overrides)");
  CHECK(walk_error("name = \"FILL ME\"\n", read_all).find("is still the template placeholder") !=
        std::string::npos);
  CHECK(walk_error("name = \" \"\n", read_all).find("is empty") != std::string::npos);
}

TEST_CASE("toml schema: an unknown key gets a suggestion, or the keys of its table") {
  // The misspelt key explains the missing one: only the typo is reported.
  CHECK(walk_error("nmae = \"a\"\n", read_all) == "x.toml:1:1: unknown key 'nmae' (did you mean 'name'?)");
  CHECK(walk_error("name = \"a\"\nwhatever = 1\n", read_all) ==
        "x.toml:2:1: unknown key 'whatever' (hint: the keys of the top level are name, count, tags)");
  CHECK(walk_error("count = 1\n", read_all) ==
        "x.toml:1:1: missing required field 'name' (hint: a name)");
  CHECK(modelseal::suggest_name("predicat_type", std::array<std::string_view, 2>{"keys", "predicate_type"}) ==
        "predicate_type");
  CHECK_FALSE(modelseal::suggest_name("zzzz", kKeys).has_value());
  CHECK_FALSE(modelseal::suggest_name(std::string(65, 'n'), kKeys).has_value());
}

TEST_CASE("toml schema: every problem is reported, in source order whatever the walk order") {
  // read_all reads name first, but the count problem is on line 1: it comes first.
  ErrorCode code{};
  CHECK(walk_error("count = 0\nname = 1\n", read_all, &code) ==
        "x.toml:1:9: invalid value for 'count': 0 is not between 1 and 10 (hint: 1 to 10)\n"
        "x.toml:2:8: wrong type for 'name': expected a string, found an integer (hint: a name)");
  CHECK(code == ErrorCode::kInvalidMetadata);
  // A limit on line 3 after two problems: the code is the first one's, every line is kept.
  CHECK(walk_error("count = 0\nname = \"a b\"\ntags = [\"a\", \"b\", \"c\", \"d\"]\nwhat = 1\n",
                   read_all, &code) ==
        "x.toml:1:9: invalid value for 'count': 0 is not between 1 and 10 (hint: 1 to 10)\n"
        "x.toml:2:8: invalid value for 'name': \"a b\" contains a space (hint: a name)\n"
        "x.toml:3:8: 'tags' has 4 entries, more than the limit of 3\n"
        "x.toml:4:1: unknown key 'what' (hint: the keys of the top level are name, count, tags)");
  CHECK(code == ErrorCode::kInvalidMetadata);
}

TEST_CASE("toml schema: Diagnostics keeps the first 100 problems in source order and counts the rest") {
  ts::Diagnostics diag;
  CHECK_FALSE(diag.failed());
  // Reported last line first, two per line; the second of each line at the same position.
  for (uint32_t line = 150; line >= 1; --line) {
    diag.report({line, 3}, line == 1 ? ErrorCode::kLimitExceeded : ErrorCode::kInvalidMetadata,
                "first at " + std::to_string(line));
    diag.report({line, 3}, ErrorCode::kInvalidMetadata, "second at " + std::to_string(line));
  }
  CHECK(diag.failed());
  CHECK(diag.count() == 300);
  const ts::ProblemList list = diag.problems("f.toml");
  CHECK(list.total == 300);
  REQUIRE(list.lines.size() == ts::Diagnostics::kMaxKept);
  CHECK(list.lines[0] == "f.toml:1:3: first at 1");
  CHECK(list.lines[1] == "f.toml:1:3: second at 1");  // equal positions: report order
  CHECK(list.lines[99] == "f.toml:50:3: second at 50");
  const modelseal::Error error = diag.error("f.toml");
  CHECK(error.code == ErrorCode::kLimitExceeded);  // the first problem's code
  CHECK(error.detail.starts_with("f.toml:1:3: first at 1\nf.toml:1:3: second at 1\nf.toml:2:3: "));
  CHECK(error.detail.ends_with("\nf.toml:50:3: second at 50\nf.toml: ... and 200 more problems "
                               "after these"));
  CHECK(std::count(error.detail.begin(), error.detail.end(), '\n') == 100);

  // A problem earlier than every kept one still displaces the last.
  ts::Diagnostics late;
  for (uint32_t line = 2; line < 2 + ts::Diagnostics::kMaxKept; ++line)
    late.report({line, 1}, ErrorCode::kInvalidMetadata, "p");
  late.report({1, 1}, ErrorCode::kUnsupported, "earliest");
  late.report({500, 1}, ErrorCode::kInvalidMetadata, "latest");
  CHECK(late.problems("f").lines.front() == "f:1:1: earliest");
  CHECK(late.problems("f").lines.back() == "f:100:1: p");
  CHECK(late.error("f").code == ErrorCode::kUnsupported);
  CHECK(late.error("f").detail.ends_with("\nf: ... and 2 more problems after these"));
}

TEST_CASE("toml schema: counts and string lengths are bounded") {
  ErrorCode code{};
  CHECK(walk_error("name = \"a\"\ntags = [\"a\", \"b\", \"c\", \"d\"]\n", read_all, &code) ==
        "x.toml:2:8: 'tags' has 4 entries, more than the limit of 3");
  CHECK(code == ErrorCode::kLimitExceeded);

  std::string many = "name = \"a\"\ntags = [";
  for (size_t i = 0; i <= ts::kMaxArrayEntries; ++i) many += "\"t\",";
  many += "]\n";
  CHECK(walk_error(many, read_all, &code) == "x.toml:2:8: 'tags' has 1001 entries, more than the "
                                             "limit of 1000");
  CHECK(code == ErrorCode::kLimitExceeded);

  const std::string long_name = "name = \"" + std::string(ts::kMaxStringBytes + 1, 'n') + "\"\n";
  CHECK(walk_error(long_name, read_all, &code) ==
        "x.toml:1:8: 'name' is 65537 bytes long, more than the limit of 65536 bytes");
  CHECK(code == ErrorCode::kLimitExceeded);
}

TEST_CASE("toml schema: check_schema_id tells another version from another file") {
  auto check = [](const std::string& text, ErrorCode* code) {
    auto root = ts::parse_toml(text, "x.toml", 1024);
    REQUIRE(root.ok());
    ts::Diagnostics diag;
    constexpr std::array<std::string_view, 1> kSchemaOnly{"schema"};
    ts::TableReader reader(diag, *root, "", "the top level", ts::Position{}, kSchemaOnly);
    const bool ok = ts::check_schema_id(reader, "modelseal.thing/v1");
    if (ok) return std::string();
    *code = diag.error("x.toml").code;
    return diag.error("x.toml").detail;
  };
  ErrorCode code{};
  CHECK(check("schema = \"modelseal.thing/v1\"\n", &code) == "");
  CHECK(check("\nschema = \"modelseal.thing/v2\"\n", &code) ==
        "x.toml:2:10: unsupported schema \"modelseal.thing/v2\" (hint: this version of modelseal "
        "reads schema = \"modelseal.thing/v1\")");
  CHECK(code == ErrorCode::kUnsupported);
  CHECK(check("schema = \"other\"\n", &code).starts_with("x.toml:1:10: unknown schema \"other\""));
  CHECK(code == ErrorCode::kInvalidMetadata);
  CHECK(check("x = 1\n", &code) ==
        "x.toml:1:1: missing required field 'schema' (hint: the first line must be schema = "
        "\"modelseal.thing/v1\")");
}
