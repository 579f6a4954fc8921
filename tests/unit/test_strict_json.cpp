#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "formats/json/strict_json.hpp"

using namespace modelseal::formats::strict_json;
using modelseal::formats::kMaxQuotedBytes;
using modelseal::formats::quote;

namespace {

constexpr JsonLimits kLimits{1 << 20, 4, 100, 64};

JsonCheck check(const std::string& text, const JsonLimits& limits = kLimits,
                size_t max_problems = 10) {
  return check_json(text, limits, max_problems);
}

// The only problem of `text`: its kind and offset; returns its message.
std::string only_problem(const std::string& text, JsonProblemKind kind, uint64_t offset,
                         const JsonLimits& limits = kLimits) {
  const JsonCheck c = check(text, limits);
  REQUIRE(c.problems.size() == 1);
  CHECK(c.problems[0].kind == kind);
  CHECK(c.problems[0].offset == offset);
  CHECK(c.has_fatal_problem() == (kind != JsonProblemKind::kDuplicateKey));
  const StrictJson parsed = parse_strict_json(text, limits);
  REQUIRE(parsed.problem.has_value());
  CHECK(parsed.problem->kind == kind);
  CHECK(parsed.document.is_null());
  return c.problems[0].message;
}

}  // namespace

TEST_CASE("strict json accepts a valid document and maps its top-level keys") {
  const std::string text = R"( {"a":[1,2.5,"x",null,true],"b":{"c":{}}, "d\"e":"\u00e9"} )";
  const JsonCheck c = check(text);
  CHECK(c.problems.empty());
  CHECK_FALSE(c.has_fatal_problem());
  CHECK(c.top_level_keys.size() == 3);
  CHECK(c.top_level_keys.at("a") == text.find("\"a\""));
  CHECK(c.top_level_keys.at("b") == text.find("\"b\""));
  CHECK(c.top_level_keys.at("d\"e") == text.find("\"d\\\"e\""));
  const StrictJson parsed = parse_strict_json(text, kLimits);
  REQUIRE_FALSE(parsed.problem.has_value());
  CHECK(parsed.document["a"].size() == 5);
  CHECK(parsed.document["d\"e"] == "\xc3\xa9");
}

TEST_CASE("strict json rejects what is not exactly one JSON value") {
  CHECK(only_problem("", JsonProblemKind::kNotJson, 0).find("not valid JSON") == 0);
  only_problem(R"({"a":})", JsonProblemKind::kNotJson, 5);
  only_problem("{} x", JsonProblemKind::kNotJson, 3);
  only_problem("{}{}", JsonProblemKind::kNotJson, 2);
  only_problem("[1,]", JsonProblemKind::kNotJson, 3);
  only_problem("{\"\xff\":1}", JsonProblemKind::kNotJson, 2);
  only_problem("[\"\xc0\xaf\"]", JsonProblemKind::kNotJson, 2);
  only_problem("[1] // comment", JsonProblemKind::kNotJson, 4);
  CHECK(only_problem("\xEF\xBB\xBF{}", JsonProblemKind::kNotJson, 0) ==
        "starts with a byte-order mark");
}

TEST_CASE("strict json reports duplicate keys where they are and goes on") {
  const std::string top = R"({"a":1,"b":2,"a":3})";
  CHECK(only_problem(top, JsonProblemKind::kDuplicateKey, top.rfind("\"a\"")) ==
        "duplicate key \"a\"");
  const std::string nested = R"({"x":[{"k":1},{"k":1,"k":2}]})";
  CHECK(only_problem(nested, JsonProblemKind::kDuplicateKey, nested.rfind("\"k\"")) ==
        "duplicate key \"k\" in x[1]");
  const std::string escaped = R"({"q\"\\":1,"q\"\\":2})";
  only_problem(escaped, JsonProblemKind::kDuplicateKey, escaped.rfind("\"q"));
  const std::string unescaped_same = R"({"\u0061":1,"a":2})";
  only_problem(unescaped_same, JsonProblemKind::kDuplicateKey, unescaped_same.rfind("\"a\""));
  CHECK(check(R"({"a":{"k":1},"b":{"k":1}})").problems.empty());
}

TEST_CASE("strict json lists at most max_problems duplicates then the fatal problem") {
  const JsonCheck c = check(R"({"a":1,"a":2,"a":3,"a":4,"b":})", kLimits, 2);
  REQUIRE(c.problems.size() == 3);
  CHECK(c.problems[0].kind == JsonProblemKind::kDuplicateKey);
  CHECK(c.problems[1].kind == JsonProblemKind::kDuplicateKey);
  CHECK(c.problems[0].offset < c.problems[1].offset);
  CHECK(c.problems[2].kind == JsonProblemKind::kNotJson);
  CHECK(c.has_fatal_problem());
  const StrictJson parsed = parse_strict_json(R"({"a":1,"a":2,"b":})", kLimits);
  REQUIRE(parsed.problem.has_value());
  CHECK(parsed.problem->kind == JsonProblemKind::kDuplicateKey);
}

TEST_CASE("strict json enforces its limits") {
  CHECK(check("[[[[1]]]]").problems.empty());
  CHECK(only_problem("[[[[[1]]]]]", JsonProblemKind::kTooDeep, 4) ==
        "nested deeper than 4 levels at [0][0][0][0]");
  CHECK(only_problem(R"({"a":{"b":{"c":{"d":{}}}}})", JsonProblemKind::kTooDeep, 20) ==
        "nested deeper than 4 levels at a.b.c.d");
  only_problem(std::string(100000, '['), JsonProblemKind::kTooDeep, 4);

  constexpr JsonLimits kFewValues{1 << 20, 4, 3, 64};
  CHECK(check("[1,2]", kFewValues).problems.empty());
  CHECK(only_problem("[1,2,3]", JsonProblemKind::kTooManyValues, 5, kFewValues) ==
        "more than 3 JSON values");
  only_problem("[1,2,345]", JsonProblemKind::kTooManyValues, 7, kFewValues);
  only_problem("[1,2,3", JsonProblemKind::kTooManyValues, 5, kFewValues);
  only_problem("[[],{},[]]", JsonProblemKind::kTooManyValues, 7, kFewValues);

  constexpr JsonLimits kShortStrings{1 << 20, 4, 100, 3};
  CHECK(check(R"(["abc","\u0041\u0042\u0043",{"xyz":1}])", kShortStrings).problems.empty());
  CHECK(only_problem(R"([1,"abcd"])", JsonProblemKind::kStringTooLong, 3, kShortStrings) ==
        "string of 4 bytes at [1] exceeds the limit of 3");
  CHECK(only_problem(R"({"a":{"abcd":1}})", JsonProblemKind::kStringTooLong, 6, kShortStrings) ==
        "key of 4 bytes in a exceeds the limit of 3");

  constexpr JsonLimits kSmallText{8, 4, 100, 64};
  CHECK(check("[1,2,3] ", kSmallText).problems.empty());
  only_problem("[1,2,3]  ", JsonProblemKind::kTooLarge, 8, kSmallText);

  for (const auto kind : {JsonProblemKind::kTooLarge, JsonProblemKind::kTooDeep,
                          JsonProblemKind::kTooManyValues, JsonProblemKind::kStringTooLong})
    CHECK(is_limit(kind));
  for (const auto kind : {JsonProblemKind::kNotJson, JsonProblemKind::kDuplicateKey,
                          JsonProblemKind::kParserFailed})
    CHECK_FALSE(is_limit(kind));
}

TEST_CASE("quote escapes hostile text; strict json builds paths") {
  CHECK(quote("plain text") == "\"plain text\"");
  CHECK(quote(std::string("a\"b\\c\n\x00\xff", 8)) == R"("a\"b\\c\x0a\x00\xff")");
  CHECK(quote(std::string(100, 'x')) == "\"" + std::string(kMaxQuotedBytes, 'x') + "\"...");
  CHECK(member_path("", "a") == "a");
  CHECK(member_path("a", "b_2") == "a.b_2");
  CHECK(member_path("a", "x.y") == "a.\"x.y\"");
  CHECK(member_path("a", "") == "a.\"\"");
  CHECK(item_path("a", 2) == "a[2]");
  CHECK(dump(nlohmann::json::parse(R"({"b":[1]})")) == R"({"b":[1]})");
  CHECK(dump(nlohmann::json(std::string("\xff"))) == "\"\xEF\xBF\xBD\"");
}
