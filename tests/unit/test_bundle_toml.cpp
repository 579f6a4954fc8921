// bundle.toml parsing, validation, template and rendering (specs/bundle-toml-v1.md).
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/model_card.hpp"
#include "formats/bundle_toml/prescan.hpp"
#include "formats/bundle_toml/schema_limits.hpp"
#include "formats/bundle_toml/validators.hpp"
#include "template_test_support.hpp"

namespace {

using modelseal::BundleMetadata;
using modelseal::ErrorCode;
using modelseal::formats::parse_bundle_toml;
namespace bt = modelseal::formats::bundle_toml_internal;

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  REQUIRE_MESSAGE(in.good(), "cannot open ", path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string example_text() {
  return read_file(MODELSEAL_SOURCE_DIR "/examples/tiny-sentiment/bundle.toml");
}

// A minimal valid file, one key per line. Headers: [model] line 3, [card]
// line 12, [[dataset]] line 17, [transparency] line 26.
constexpr std::string_view kMinimal = R"(schema = "modelseal.bundle/v1"

[model]
name = "m"
version = "1.0.0"
license = "MIT"
description = "d"
authors = ["a"]
supplier = "s"
security_contact = "sec@example.com"

[card]
intended_use = "u"
prohibited_uses = ["p"]
limitations = ["l"]

[[dataset]]
name = "ds"
role = "train"
source_url = "https://example.com/ds"
retrieved_at = 2026-09-12T10:00:00Z
license = "CC-BY-4.0"
custodian = "c"
personal_data = false

[transparency]
data_use = "u"
data_storage = "s"
data_retention = "r"
)";

// `text` with the one occurrence of `from` replaced by `to`.
std::string replaced_in_toml(std::string_view text, std::string_view from, std::string_view to) {
  std::string out(text);
  const size_t at = out.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not found: ", from);
  REQUIRE_MESSAGE(out.find(from, at + 1) == std::string::npos, "found twice: ", from);
  out.replace(at, from.size(), to);
  return out;
}

// The error detail of a failed parse, "" on success (for test messages).
std::string detail_of(const modelseal::Result<BundleMetadata>& result) {
  return result.ok() ? std::string() : result.error().detail;
}

modelseal::Error parse_failure(std::string_view text) {
  auto result = parse_bundle_toml(text, "m/bundle.toml");
  REQUIRE_MESSAGE(!result.ok(), "expected a parse failure for:\n", text);
  return result.error();
}

void expect_failure(std::string_view text, std::string_view expected,
                    ErrorCode code = ErrorCode::kInvalidMetadata) {
  const modelseal::Error error = parse_failure(text);
  INFO("detail: ", error.detail);
  CHECK(error.code == code);
  CHECK(error.detail.find(expected) != std::string::npos);
}

// The minimal file with `line` (a whole line, without its newline) changed.
std::string minimal_with(std::string_view line, std::string_view new_line) {
  return replaced_in_toml(kMinimal, std::string(line) + "\n",
                  new_line.empty() ? std::string() : std::string(new_line) + "\n");
}

}  // namespace

TEST_CASE("bundle_toml example parses with the expected values") {
  auto result = parse_bundle_toml(example_text(), "tiny-sentiment/bundle.toml");
  REQUIRE_MESSAGE(result.ok(), detail_of(result));
  const BundleMetadata& m = *result;
  CHECK(m.name == "tiny-sentiment");
  CHECK(m.version == "1.2.0");
  CHECK(m.license == "Apache-2.0");
  CHECK(m.description.starts_with("A tiny English sentiment classifier"));
  CHECK(m.authors.size() == 2);
  CHECK(m.supplier == "Example Labs Ltd.");
  CHECK(m.security_contact == "security@example.com");
  REQUIRE(m.base_model.has_value());
  CHECK(m.base_model->relation == "finetune");
  CHECK(m.base_model->digest.starts_with("sha256:5f2c"));
  CHECK(m.base_model->source_url.value_or("").starts_with("https://models.example.com/"));
  CHECK(m.card.prohibited_uses.size() == 2);
  CHECK(m.card.limitations.size() == 3);
  CHECK(m.card.failure_modes.size() == 2);
  CHECK(m.card.guardrails.size() == 2);
  CHECK_FALSE(m.card.human_oversight.empty());
  REQUIRE(m.card.evaluations.size() == 3);
  CHECK(m.card.evaluations[0].value == "0.812");
  CHECK(m.card.evaluations[0].value_is_number);
  CHECK(m.card.evaluations[0].date == "2026-03-10");
  CHECK(m.card.evaluations[1].date == "2026-03-11T16:30:00+01:00");
  CHECK(m.card.evaluations[2].value == "19/30 correct");
  CHECK_FALSE(m.card.evaluations[2].value_is_number);
  REQUIRE(m.datasets.size() == 3);
  CHECK(m.datasets[0].name == "sst2");
  CHECK(m.datasets[0].source_url == "https://huggingface.co/datasets/stanfordnlp/sst2");
  CHECK(m.datasets[0].retrieved_at == "2026-02-27T09:15:00Z");
  CHECK_FALSE(m.datasets[0].digest.has_value());
  CHECK_FALSE(m.datasets[0].personal_data);
  CHECK(m.datasets[2].role == "eval");
  CHECK(m.datasets[2].source_url == "urn:example:datasets:support-tickets-eval:2026-03");
  CHECK(m.datasets[2].retrieved_at == "2026-03-09T14:05:00+01:00");
  CHECK(m.datasets[2].digest.value_or("").size() == 71);
  CHECK(m.datasets[2].personal_data);
  CHECK(m.transparency.data_retention.find("30 days") != std::string::npos);
  CHECK(m.payload.include ==
        std::vector<std::string>{"config.json", "tokenizer.json", "model.safetensors", "README.md"});
  CHECK(m.payload.exclude.empty());
}

TEST_CASE("bundle_toml minimal file parses and payload defaults apply") {
  auto result = parse_bundle_toml(kMinimal, "m/bundle.toml");
  REQUIRE_MESSAGE(result.ok(), detail_of(result));
  CHECK(result->payload.include == std::vector<std::string>{"**"});
  CHECK(result->payload.exclude.empty());
  CHECK_FALSE(result->base_model.has_value());
  CHECK(result->card.evaluations.empty());
}

TEST_CASE("bundle_toml spec example validates") {
  const std::string spec = read_file(MODELSEAL_SOURCE_DIR "/specs/bundle-toml-v1.md");
  const size_t start = spec.find("```toml\n");
  REQUIRE(start != std::string::npos);
  const size_t end = spec.find("```\n", start + 8);
  REQUIRE(end != std::string::npos);
  auto result = parse_bundle_toml(spec.substr(start + 8, end - start - 8), "spec");
  CHECK_MESSAGE(result.ok(), detail_of(result));
}

TEST_CASE("bundle_toml each missing required field names the field and its table position") {
  struct Case {
    std::string_view line;
    std::string_view expected;
  };
  const Case cases[] = {
      {"schema = \"modelseal.bundle/v1\"", "m/bundle.toml:1:1: missing required field 'schema'"},
      {"name = \"m\"", "m/bundle.toml:3:1: missing required field 'model.name' (hint: "},
      {"version = \"1.0.0\"", ":3:1: missing required field 'model.version' (hint: "},
      {"license = \"MIT\"", ":3:1: missing required field 'model.license' (hint: an SPDX"},
      {"description = \"d\"", ":3:1: missing required field 'model.description' (hint: "},
      {"authors = [\"a\"]", ":3:1: missing required field 'model.authors' (hint: "},
      {"supplier = \"s\"", ":3:1: missing required field 'model.supplier' (hint: "},
      {"security_contact = \"sec@example.com\"",
       ":3:1: missing required field 'model.security_contact' (hint: "},
      {"intended_use = \"u\"", ":12:1: missing required field 'card.intended_use' (hint: "},
      {"prohibited_uses = [\"p\"]", ":12:1: missing required field 'card.prohibited_uses'"},
      {"limitations = [\"l\"]", ":12:1: missing required field 'card.limitations' (hint: "},
      {"name = \"ds\"", ":17:1: missing required field 'dataset[0].name' (hint: "},
      {"role = \"train\"", ":17:1: missing required field 'dataset[0].role' (hint: "},
      {"source_url = \"https://example.com/ds\"",
       ":17:1: missing required field 'dataset[0].source_url' (hint: "},
      {"retrieved_at = 2026-09-12T10:00:00Z",
       ":17:1: missing required field 'dataset[0].retrieved_at' (hint: "},
      {"license = \"CC-BY-4.0\"", ":17:1: missing required field 'dataset[0].license' (hint: "},
      {"custodian = \"c\"", ":17:1: missing required field 'dataset[0].custodian' (hint: "},
      {"personal_data = false", ":17:1: missing required field 'dataset[0].personal_data'"},
      {"data_use = \"u\"", ":26:1: missing required field 'transparency.data_use' (hint: "},
      {"data_storage = \"s\"", ":26:1: missing required field 'transparency.data_storage'"},
      {"data_retention = \"r\"", ":26:1: missing required field 'transparency.data_retention'"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.line);
    expect_failure(minimal_with(c.line, ""), c.expected);
  }
}

TEST_CASE("bundle_toml missing required tables are reported at the top") {
  const std::string no_card = replaced_in_toml(
      kMinimal, "[card]\nintended_use = \"u\"\nprohibited_uses = [\"p\"]\nlimitations = [\"l\"]\n", "");
  expect_failure(no_card, "m/bundle.toml:1:1: missing required table '[card]' (hint: ");
  const std::string no_transparency =
      replaced_in_toml(kMinimal, "[transparency]\ndata_use = \"u\"\ndata_storage = \"s\"\ndata_retention = \"r\"\n", "");
  expect_failure(no_transparency, ":1:1: missing required table '[transparency]' (hint: ");
  const size_t dataset_at = kMinimal.find("[[dataset]]");
  const size_t transparency_at = kMinimal.find("[transparency]");
  std::string no_dataset(kMinimal);
  no_dataset.erase(dataset_at, transparency_at - dataset_at);
  expect_failure(no_dataset, ":1:1: missing required table '[[dataset]]' (hint: ");
  const size_t model_at = kMinimal.find("[model]");
  const size_t card_at = kMinimal.find("[card]");
  std::string no_model(kMinimal);
  no_model.erase(model_at, card_at - model_at);
  expect_failure(no_model, ":1:1: missing required table '[model]' (hint: ");
}

TEST_CASE("bundle_toml misspelled keys in each table suggest the known key") {
  expect_failure(minimal_with("license = \"MIT\"", "licence = \"MIT\""),
                 "m/bundle.toml:6:1: unknown key 'model.licence' (did you mean 'license'?)");
  expect_failure(minimal_with("limitations = [\"l\"]", "limitaions = [\"l\"]"),
                 ":15:1: unknown key 'card.limitaions' (did you mean 'limitations'?)");
  expect_failure(minimal_with("retrieved_at = 2026-09-12T10:00:00Z",
                              "retreived_at = 2026-09-12T10:00:00Z"),
                 "unknown key 'dataset[0].retreived_at' (did you mean 'retrieved_at'?)");
  expect_failure(minimal_with("data_retention = \"r\"", "data_retension = \"r\""),
                 "unknown key 'transparency.data_retension' (did you mean 'data_retention'?)");
  expect_failure(minimal_with("[[dataset]]", "[[datasets]]"),
                 ":17:3: unknown key 'datasets' (did you mean 'dataset'?)");
  expect_failure(std::string(kMinimal) + "[payload]\nincludes = [\"**\"]\n",
                 ":31:1: unknown key 'payload.includes' (did you mean 'include'?)");
  expect_failure(std::string(kMinimal) +
                     "[model.base]\nname = \"b\"\nrelaton = \"finetune\"\ndigest = \"sha256:" +
                     std::string(64, 'a') + "\"\n",
                 "unknown key 'model.base.relaton' (did you mean 'relation'?)");
  expect_failure(std::string(kMinimal) +
                     "[[card.evaluation]]\nmetirc = \"acc\"\nvalue = 1\ndataset = \"ds\"\ndate = "
                     "2026-01-01\n",
                 "unknown key 'card.evaluation[0].metirc' (did you mean 'metric'?)");
}

TEST_CASE("bundle_toml unknown keys without a close match list the table's keys or owner") {
  expect_failure(minimal_with("intended_use = \"u\"", "intended_use = \"u\"\ncolour = \"red\""),
                 "unknown key 'card.colour' (hint: the keys of [card] are intended_use, ");
  expect_failure(minimal_with("supplier = \"s\"", "supplier = \"s\"\nguardrails = [\"g\"]"),
                 "unknown key 'model.guardrails' (hint: 'guardrails' belongs in [card]");
  expect_failure(minimal_with("data_use = \"u\"", "data_use = \"u\"\n\"we\\u001bird\" = 1"),
                 "unknown key 'transparency.\"we\\u{001B}ird\"'");
}

TEST_CASE("bundle_toml wrong types are reported with the expected type") {
  expect_failure(minimal_with("version = \"1.0.0\"", "version = 1"),
                 ":5:11: wrong type for 'model.version': expected a string, found an integer");
  expect_failure(minimal_with("authors = [\"a\"]", "authors = \"a\""),
                 "wrong type for 'model.authors': expected an array of strings, found a string");
  expect_failure(minimal_with("authors = [\"a\"]", "authors = [\"a\", 2]"),
                 "wrong type for 'model.authors[1]': expected a string, found an integer");
  expect_failure(minimal_with("personal_data = false", "personal_data = \"no\""),
                 "wrong type for 'dataset[0].personal_data': expected a boolean (true or false), "
                 "found a string");
  expect_failure(minimal_with("[[dataset]]", "[dataset]"),
                 "wrong type for 'dataset': expected an array of tables, found a table (hint: "
                 "write one [[dataset]] header per entry)");
  expect_failure(minimal_with("schema = \"modelseal.bundle/v1\"",
                              "schema = \"modelseal.bundle/v1\"\ntransparency = \"none\""),
                 "TOML syntax error: ");  // [transparency] redefines the key
  expect_failure(minimal_with("data_use = \"u\"", "data_use = 1.5"),
                 "wrong type for 'transparency.data_use': expected a string, found a float");
}

TEST_CASE("bundle_toml schema id is checked first") {
  expect_failure(minimal_with("schema = \"modelseal.bundle/v1\"", "schema = \"modelseal.bundle/v2\""),
                 ":1:10: unsupported schema \"modelseal.bundle/v2\"", ErrorCode::kUnsupported);
  expect_failure(minimal_with("schema = \"modelseal.bundle/v1\"", "schema = \"other\""),
                 ":1:10: unknown schema \"other\"");
  expect_failure(minimal_with("schema = \"modelseal.bundle/v1\"", "schema = 1"),
                 "wrong type for 'schema': expected a string, found an integer");
}

TEST_CASE("bundle_toml semantic versions follow semver 2.0.0 strictly") {
  for (std::string_view good : {"0.0.0", "1.2.3", "10.20.30", "1.2.3-alpha.1+build.5",
                                "1.0.0-0.3.7", "1.0.0-x.7.z.92", "1.0.0+20130313144700",
                                "1.0.0-beta+exp.sha.5114f85", "1.0.0+001", "1.0.0-alpha-a.b-c"}) {
    CAPTURE(good);
    CHECK_FALSE(bt::check_semver(good).has_value());
  }
  for (std::string_view bad : {"1.2", "01.2.3", "1.02.3", "1.2.3-01", "v1.2.3", "1.2.3-", "1.2.3+",
                               "1.2.3-a..b", "1.2.3.4", "1.2.x", "1.2.3-al_pha", "1..3", "-1.2.3"}) {
    CAPTURE(bad);
    CHECK(bt::check_semver(bad).has_value());
  }
  expect_failure(minimal_with("version = \"1.0.0\"", "version = \"1.2\""),
                 "invalid value for 'model.version': \"1.2\" is not a semantic version: expected "
                 "MAJOR.MINOR.PATCH");
  expect_failure(minimal_with("version = \"1.0.0\"", "version = \"01.2.3\""),
                 "\"01.2.3\" is not a semantic version: the number \"01\" has a leading zero "
                 "(hint: a semantic version 2.0.0");
}

TEST_CASE("bundle_toml SPDX expressions are checked for syntax") {
  for (std::string_view good :
       {"MIT", "Apache-2.0", "MIT OR Apache-2.0", "(MIT OR Apache-2.0) AND BSD-3-Clause",
        "GPL-2.0-or-later WITH Classpath-exception-2.0", "GPL-2.0+", "LicenseRef-My-Terms",
        "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2", "((MIT))", "0BSD"}) {
    CAPTURE(good);
    CHECK_FALSE(bt::check_spdx_expression(good).has_value());
  }
  for (std::string_view bad :
       {"", " ", "MIT and Apache-2.0", "MIT OR", "OR MIT", "(MIT", "MIT)", "MIT Apache-2.0",
        "LicenseRef-", "MIT/Apache-2.0", "(MIT OR BSD-3-Clause) WITH Classpath-exception-2.0",
        "NONE", "NOASSERTION", "MIT WITH", "LicenseRef-x+", "FILL ME", "()", "-MIT"}) {
    CAPTURE(bad);
    CHECK(bt::check_spdx_expression(bad).has_value());
  }
  expect_failure(minimal_with("license = \"MIT\"", "license = \"MIT and Apache-2.0\""),
                 "invalid value for 'model.license': \"MIT and Apache-2.0\" uses the operator "
                 "'and': SPDX operators are upper case");
  expect_failure(minimal_with("license = \"CC-BY-4.0\"", "license = \"CC BY 4.0\""),
                 "invalid value for 'dataset[0].license'");
}

TEST_CASE("bundle_toml security contacts are an email address or an https URL") {
  for (std::string_view good :
       {"security@example.com", "mailto:security@example.com", "first.last+ai@sub.example.org",
        "https://example.com/security", "https://example.com:8443/.well-known/security.txt"}) {
    CAPTURE(good);
    CHECK_FALSE(bt::check_security_contact(good).has_value());
  }
  for (std::string_view bad :
       {"security", "sec@localhost", "a@b@example.com", "http://example.com/sec",
        "https://user:pw@example.com/", "https://exa mple.com", "@example.com",
        "sec@.example.com", "https://", "ftp://example.com", ".a@example.com",
        "sec@example.-com", "FILL ME: security@your-domain"}) {
    CAPTURE(bad);
    CHECK(bt::check_security_contact(bad).has_value());
  }
  expect_failure(minimal_with("security_contact = \"sec@example.com\"",
                              "security_contact = \"call us\""),
                 "invalid value for 'model.security_contact': \"call us\" is neither an email "
                 "address nor an https URL");
}

TEST_CASE("bundle_toml source URLs are absolute URIs") {
  for (std::string_view good :
       {"https://huggingface.co/datasets/x", "s3://bucket/key", "gs://b/k", "hf:stanfordnlp/sst2",
        "urn:example:ds:1", "http://example.org/data.csv?v=2#top", "https://[2001:db8::1]/d",
        "https://example.com/a%20b"}) {
    CAPTURE(good);
    CHECK_FALSE(bt::check_source_uri(good).has_value());
  }
  for (std::string_view bad :
       {"example.com/data", "file:///data/x.csv", "https://", "1http://x", "https://example.com/a b",
        "https://u:p@example.com/x", "urn:", "https://example.com/%zz", "https:example.com",
        "https://trusted.example@evil.example/", "https://exämple.com/"}) {
    CAPTURE(bad);
    CHECK(bt::check_source_uri(bad).has_value());
  }
  expect_failure(minimal_with("source_url = \"https://example.com/ds\"",
                              "source_url = \"data/reviews.csv\""),
                 "invalid value for 'dataset[0].source_url': \"data/reviews.csv\" is not an "
                 "absolute URI");
}

TEST_CASE("bundle_toml retrieved_at needs a date-time with an offset") {
  const std::string_view line = "retrieved_at = 2026-09-12T10:00:00Z";
  expect_failure(minimal_with(line, "retrieved_at = 2026-09-12T10:00:00"),
                 ":21:16: invalid value for 'dataset[0].retrieved_at': 2026-09-12T10:00:00 has no "
                 "UTC offset (hint: ETSI principle 8 asks for the retrieval date and time");
  expect_failure(minimal_with(line, "retrieved_at = 2026-09-12"),
                 "2026-09-12 is a date without a time of day (hint: ETSI principle 8");
  expect_failure(minimal_with(line, "retrieved_at = \"2026-09-12T10:00:00Z\""),
                 "expected an offset date-time, found a string (hint: write it without quotes");
  expect_failure(minimal_with(line, "retrieved_at = 10:00:00"),
                 "expected an offset date-time, found a local time");
  auto parsed = parse_bundle_toml(minimal_with(line, "retrieved_at = 2026-09-12 12:00:00.500+02:00"),
                                  "m/bundle.toml");
  REQUIRE(parsed.ok());
  CHECK(parsed->datasets[0].retrieved_at == "2026-09-12T12:00:00.5+02:00");
  parsed = parse_bundle_toml(minimal_with(line, "retrieved_at = 2026-09-12T10:00:00-00:30"), "m");
  REQUIRE(parsed.ok());
  CHECK(parsed->datasets[0].retrieved_at == "2026-09-12T10:00:00-00:30");
}

TEST_CASE("bundle_toml digests roles and relations are checked") {
  const std::string hex(64, 'a');
  CHECK_FALSE(bt::check_sha256_digest("sha256:" + hex).has_value());
  for (const std::string& bad : {hex, "sha256:" + std::string(64, 'A'), "sha256:" + hex.substr(1),
                                 "sha512:" + hex, "sha256:" + hex.substr(1) + "g"}) {
    CAPTURE(bad);
    CHECK(bt::check_sha256_digest(bad).has_value());
  }
  expect_failure(minimal_with("custodian = \"c\"", "custodian = \"c\"\ndigest = \"sha256:ABC\""),
                 "invalid value for 'dataset[0].digest': \"sha256:ABC\" has 3 characters after "
                 "'sha256:', not 64");
  expect_failure(minimal_with("role = \"train\"", "role = \"training\""),
                 "invalid value for 'dataset[0].role': \"training\" is not one of train, finetune, "
                 "eval");
  expect_failure(std::string(kMinimal) + "[model.base]\nname = \"b\"\ndigest = \"sha256:" + hex +
                     "\"\nrelation = \"fine-tune\"\n",
                 "invalid value for 'model.base.relation': \"fine-tune\" is not one of finetune, "
                 "quantized, distilled, adapter, merge, other");
  expect_failure(std::string(kMinimal) + "[model.base]\nname = \"b\"\nrelation = \"merge\"\n",
                 ":30:1: missing required field 'model.base.digest'");
}

TEST_CASE("bundle_toml payload globs are relative and simple") {
  for (std::string_view good : {"**", "*.safetensors", "weights/**/*.bin", "a?c", "config.json",
                                "**/README.md", ".hidden/x"}) {
    CAPTURE(good);
    CHECK_FALSE(bt::check_payload_glob(good).has_value());
  }
  for (std::string_view bad : {"../x", "/abs", "a/../b", "a\\b", "[ab].txt", "a//b", "a/", "",
                               "*.{json,txt}", "!x", "a**", "./x", "x/.."}) {
    CAPTURE(bad);
    CHECK(bt::check_payload_glob(bad).has_value());
  }
  expect_failure(std::string(kMinimal) + "[payload]\ninclude = [\"model/*\", \"../secrets\"]\n",
                 "invalid value for 'payload.include[1]': \"../secrets\" has a '..' component");
  expect_failure(std::string(kMinimal) + "[payload]\nexclude = [\"/etc/passwd\"]\n",
                 "invalid value for 'payload.exclude[0]': \"/etc/passwd\" is absolute");
  expect_failure(std::string(kMinimal) + "[payload]\ninclude = []\n",
                 "invalid value for 'payload.include': the array is empty");
}

TEST_CASE("bundle_toml model names are file-name safe") {
  for (std::string_view bad : {"My-Model", "-model", ".model", "my model", "a/b", "ü"}) {
    CAPTURE(bad);
    CHECK(bt::check_model_name(bad).has_value());
  }
  CHECK(bt::check_model_name(std::string(129, 'a')).has_value());
  CHECK_FALSE(bt::check_model_name(std::string(128, 'a')).has_value());
  CHECK_FALSE(bt::check_model_name("0model_v2.1-x").has_value());
  expect_failure(minimal_with("name = \"m\"", "name = \"../../etc\""),
                 "invalid value for 'model.name': \"../../etc\" does not start with a lower-case "
                 "letter or a digit");
}

TEST_CASE("bundle_toml text rules reject control characters empty text and placeholders") {
  const std::string_view line = "description = \"d\"";
  expect_failure(minimal_with(line, "description = \"a\\u001b[31mb\""),
                 "contains the control character U+001B");
  expect_failure(minimal_with(line, "description = \"a\\u0000b\""),
                 "contains the control character U+0000");
  expect_failure(minimal_with(line, "description = \"a\\rb\""), "U+000D");
  expect_failure(minimal_with(line, "description = \"abc\\u202Egnp.exe\""), "U+202E");
  expect_failure(minimal_with(line, "description = \"  \\n \""),
                 "invalid value for 'model.description': \"  \\n \" is empty");
  expect_failure(minimal_with(line, "description = \"FILL ME: what it does\""),
                 "is still the template placeholder (hint: ");
  expect_failure(minimal_with("limitations = [\"l\"]", "limitations = [\"ok\", \"\"]"),
                 "invalid value for 'card.limitations[1]': \"\" is empty");
  auto ok = parse_bundle_toml(minimal_with(line, "description = \"\"\"\r\nline one\r\n\tline two\"\"\""),
                              "m");
  REQUIRE_MESSAGE(ok.ok(), detail_of(ok));
  CHECK(ok->description == "line one\n\tline two");
}

TEST_CASE("bundle_toml required arrays must not be empty") {
  expect_failure(minimal_with("prohibited_uses = [\"p\"]", "prohibited_uses = []"),
                 ":14:19: invalid value for 'card.prohibited_uses': the array is empty (hint: ");
  expect_failure(minimal_with("limitations = [\"l\"]", "limitations = []"),
                 "invalid value for 'card.limitations': the array is empty");
  expect_failure(minimal_with("authors = [\"a\"]", "authors = []"),
                 "invalid value for 'model.authors': the array is empty");
}

TEST_CASE("bundle_toml evaluations reference datasets and take numbers or strings") {
  const std::string base = std::string(kMinimal) + "[[card.evaluation]]\nmetric = \"acc\"\n";
  auto parsed = parse_bundle_toml(base + "value = 42\ndataset = \"ds\"\ndate = 2026-01-02\n", "m");
  REQUIRE_MESSAGE(parsed.ok(), detail_of(parsed));
  CHECK(parsed->card.evaluations[0].value == "42");
  CHECK(parsed->card.evaluations[0].value_is_number);
  expect_failure(base + "value = 0.9\ndataset = \"nope\"\ndate = 2026-01-02\n",
                 "invalid value for 'card.evaluation[0].dataset': \"nope\" is not the name of a "
                 "[[dataset]]");
  expect_failure(base + "value = nan\ndataset = \"ds\"\ndate = 2026-01-02\n",
                 "'card.evaluation[0].value': is not a finite number");
  expect_failure(base + "value = true\ndataset = \"ds\"\ndate = 2026-01-02\n",
                 "expected a number or a string, found a boolean");
  expect_failure(base + "value = 1\ndataset = \"ds\"\ndate = 2026-01-02T10:00:00\n",
                 "invalid value for 'card.evaluation[0].date': 2026-01-02T10:00:00 has no UTC "
                 "offset");
  expect_failure(base + "value = 1\ndataset = \"ds\"\ndate = \"2026-01-02\"\n",
                 "expected a date or an offset date-time, found a string (hint: write it without "
                 "quotes");
}

TEST_CASE("bundle_toml dataset names are unique") {
  const std::string second(kMinimal.substr(kMinimal.find("[[dataset]]"),
                                           kMinimal.find("[transparency]") -
                                               kMinimal.find("[[dataset]]")));
  expect_failure(std::string(kMinimal) + second,
                 "invalid value for 'dataset[1].name': \"ds\" is already the name of dataset[0]");
}

// The lines of `detail` that start with "<source>:<line>:", each cut after its column.
std::vector<std::string> positions_of(const std::string& detail) {
  std::vector<std::string> out;
  std::istringstream lines(detail);
  for (std::string line; std::getline(lines, line);) {
    const size_t line_end = line.find(':', line.find(':') + 1);
    const size_t column_end = line.find(':', line_end + 1);
    out.push_back(line.substr(0, column_end));
  }
  return out;
}

TEST_CASE("bundle_toml reports every problem in source order") {
  std::string text = minimal_with("version = \"1.0.0\"", "version = \"1.0\"");
  text = replaced_in_toml(text, "data_use = \"u\"", "data_use = 3");
  text = replaced_in_toml(text, "name = \"ds\"", "nmae = \"ds\"");
  text = replaced_in_toml(text, "supplier = \"s\"", "supplier = \"FILL ME: supplier\"");
  const modelseal::Error error = parse_failure(text);
  INFO(error.detail);
  CHECK(error.code == ErrorCode::kInvalidMetadata);
  CHECK(error.detail.starts_with("m/bundle.toml:5:11: invalid value for 'model.version'"));
  CHECK(positions_of(error.detail) ==
        std::vector<std::string>{"m/bundle.toml:5:11", "m/bundle.toml:9:12", "m/bundle.toml:18:1",
                                 "m/bundle.toml:27:12"});
  CHECK(error.detail.find("\nm/bundle.toml:18:1: unknown key 'dataset[0].nmae' (did you mean "
                          "'name'?)\n") != std::string::npos);

  modelseal::formats::toml_schema::ProblemList problems;
  REQUIRE_FALSE(parse_bundle_toml(text, "m/bundle.toml", &problems).ok());
  CHECK(problems.total == 4);
  REQUIRE(problems.lines.size() == 4);
  CHECK(problems.lines[1].starts_with("m/bundle.toml:9:12: invalid value for 'model.supplier': "
                                      "\"FILL ME: supplier\" is still the template placeholder"));
}

TEST_CASE("bundle_toml lists at most 100 problems and counts the others") {
  std::string text(kMinimal);
  for (int i = 0; i < 130; ++i) text += "unknown_" + std::to_string(i) + " = 1\n";
  modelseal::formats::toml_schema::ProblemList problems;
  auto result = parse_bundle_toml(text, "m/bundle.toml", &problems);
  REQUIRE_FALSE(result.ok());
  CHECK(problems.total == 130);
  CHECK(problems.lines.size() == 100);
  CHECK(result.error().detail.ends_with("\nm/bundle.toml: ... and 30 more problems after these"));
}

TEST_CASE("bundle_toml an evaluation's dataset is not blamed while a dataset name is unfinished") {
  // The issue's case: the evaluation names "imdb" while [[dataset]] still holds the placeholder.
  const std::string evaluation =
      "[[card.evaluation]]\nmetric = \"acc\"\nvalue = 1\ndataset = \"imdb\"\ndate = 2026-01-02\n";
  const std::string unfinished =
      replaced_in_toml(kMinimal, "name = \"ds\"", "name = \"FILL ME: short unique name\"") + evaluation;
  const modelseal::Error error = parse_failure(unfinished);
  INFO(error.detail);
  CHECK(error.detail.find("is not the name of a [[dataset]]") == std::string::npos);
  CHECK(error.detail.find("role") == std::string::npos);
  CHECK(error.detail ==
        "m/bundle.toml:18:8: invalid value for 'dataset[0].name': \"FILL ME: short unique "
        "name\" is still the template placeholder (hint: a short name, unique in this file, e.g. "
        "\"sst2\")");
  // A name of the wrong type, or a missing one, is unfinished too.
  CHECK(parse_failure(replaced_in_toml(kMinimal, "name = \"ds\"", "name = 3") + evaluation)
            .detail.find("is not the name") == std::string::npos);
  CHECK(parse_failure(replaced_in_toml(kMinimal, "name = \"ds\"\n", "") + evaluation)
            .detail.find("is not the name") == std::string::npos);

  // With every name valid, a wrong reference is reported with the names there are, any role.
  const std::string named = std::string(kMinimal) + evaluation;
  const modelseal::Error wrong = parse_failure(named);
  CHECK(wrong.detail ==
        "m/bundle.toml:33:11: invalid value for 'card.evaluation[0].dataset': \"imdb\" is not "
        "the name of a [[dataset]] (hint: the [[dataset]] names are \"ds\"; write one of them, or "
        "add a [[dataset]] table with name = \"imdb\", whatever its role)");
  // The referenced dataset may have any role (specs/bundle-toml-v1.md: role train, finetune or eval).
  auto ok = parse_bundle_toml(replaced_in_toml(named, "dataset = \"imdb\"", "dataset = \"ds\""), "m");
  CHECK_MESSAGE(ok.ok(), detail_of(ok));
}

TEST_CASE("bundle_toml every placeholder of the init template is reported at once, where it is") {
  const std::string tmpl = modelseal::formats::bundle_toml_template("my-model");
  // Each value line holding the placeholder (comments left out): "t:<line>:<column of the value>".
  std::vector<std::string> expected;
  std::istringstream lines(tmpl);
  size_t number = 0;
  for (std::string line; std::getline(lines, line);) {
    ++number;
    if (line.starts_with("#") || line.find("FILL ME") == std::string::npos) continue;
    expected.push_back("t:" + std::to_string(number) + ":" + std::to_string(line.find('"') + 1));
  }
  REQUIRE(expected.size() > 10);
  modelseal::formats::toml_schema::ProblemList problems;
  auto result = parse_bundle_toml(tmpl, "t", &problems);
  REQUIRE_FALSE(result.ok());
  INFO(result.error().detail);
  std::vector<std::string> placeholders;
  for (const std::string& line : problems.lines) {
    CHECK(line.find("is still the template placeholder") != std::string::npos);
    CHECK(line.find("(hint: ") != std::string::npos);  // each with the field's hint
    placeholders.push_back(line.substr(0, line.find(':', line.find(':', 2) + 1)));
  }
  CHECK(placeholders == expected);
  CHECK(problems.total == expected.size());
  // Where a boolean belongs, the quoted placeholder is still named as the placeholder.
  CHECK(result.error().detail.find("'dataset[0].personal_data': \"FILL ME: true or false, "
                                   "unquoted\" is still the template placeholder (write a "
                                   "boolean (true or false) there) (hint: ") != std::string::npos);
}

TEST_CASE("bundle_toml TOML syntax errors carry toml++ positions") {
  expect_failure("schema = \"modelseal.bundle/v1\"\n[model\nname = 1\n",
                 "m/bundle.toml:2:");
  expect_failure("schema = \"modelseal.bundle/v1\"\nname = \n", "TOML syntax error: ");
  expect_failure(std::string("schema = \"a\0b\"\n", 15), "TOML syntax error: ");
  expect_failure("a = \"\xff\xfe\"\n", "TOML syntax error: ");
}

TEST_CASE("bundle_toml limits on size nesting strings and arrays") {
  const size_t limit = modelseal::formats::kMaxBundleTomlBytes;
  expect_failure(std::string(limit + 1, '#'), "m/bundle.toml:1:1: the file is 1048577 bytes",
                 ErrorCode::kLimitExceeded);
  std::string at_limit = "#" + std::string(limit - 2, 'x') + "\n";
  expect_failure(at_limit, "missing required field 'schema'");

  std::string dotted = "a";
  for (int i = 0; i < 200000; ++i) dotted += ".a";
  expect_failure(dotted + " = 1\n", "m/bundle.toml:1:32: a dotted key has more than 16 parts",
                 ErrorCode::kLimitExceeded);
  expect_failure("x = " + std::string(100000, '[') + "\n",
                 "nested more than 32 deep", ErrorCode::kLimitExceeded);
  CHECK_FALSE(bt::prescan_toml("\"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r\" = 1\n# a.a.a.a.a.a.a.a.a.a.a."
                               "a.a.a.a.a.a.a.a\nx = '''a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r'''\n")
                    .has_value());

  const std::string long_text(bt::kMaxStringBytes + 1, 'x');
  expect_failure(minimal_with("description = \"d\"", "description = \"" + long_text + "\""),
                 "'model.description' is 65537 bytes long, more than the limit of 65536 bytes",
                 ErrorCode::kLimitExceeded);
  std::string many = "limitations = [";
  for (size_t i = 0; i <= bt::kMaxArrayEntries; ++i) many += "\"l\",";
  many += "]";
  expect_failure(minimal_with("limitations = [\"l\"]", many),
                 "'card.limitations' has 1001 entries, more than the limit of 1000",
                 ErrorCode::kLimitExceeded);
}

TEST_CASE("bundle_toml template parses as TOML and fails validation until filled in") {
  const std::string tmpl = modelseal::formats::bundle_toml_template("my-model");
  CHECK(tmpl.find("name = \"my-model\"") != std::string::npos);
  CHECK(tmpl.find("ETSI EN 304 223") != std::string::npos);
  const auto template_keys = bt::toml_key_paths(tmpl);
  REQUIRE(template_keys.has_value());
  const auto example_keys = bt::toml_key_paths(example_text());
  REQUIRE(example_keys.has_value());
  // The example is the template filled in, its optional keys uncommented
  // (tests/unit/test_model_card_hints.cpp uncomments them).
  CHECK(std::includes(example_keys->begin(), example_keys->end(), template_keys->begin(),
                      template_keys->end()));
  CHECK(template_keys->size() == 44 - 16);  // every key of the schema but the optional ones

  const modelseal::Error error = parse_failure(tmpl);
  CHECK(error.code == ErrorCode::kInvalidMetadata);
  CHECK(error.detail.find("is still the template placeholder") != std::string::npos);

  const std::string odd = modelseal::formats::bundle_toml_template("Bad \"Name\"\n[x]");
  REQUIRE(bt::toml_key_paths(odd).has_value());
  CHECK(odd.find("name = \"FILL ME: model-name\"") != std::string::npos);
}

TEST_CASE("bundle_toml template placeholders each fail until replaced") {
  // Replace the placeholders one by one with the example's values: the error
  // moves to the next placeholder each time, and never becomes an unknown key.
  std::string text = modelseal::formats::bundle_toml_template("tiny-sentiment");
  // The evaluation (earlier in the file) refers to the dataset by name: name it first.
  text = replaced_in_toml(text, "name = \"FILL ME: short unique name\"", "name = \"ds\"");
  size_t failures = 0;
  for (;; ++failures) {
    auto result = parse_bundle_toml(text, "t");
    if (result.ok()) break;
    const std::string& detail = result.error().detail;
    INFO(detail);
    REQUIRE(detail.find("unknown key") == std::string::npos);
    REQUIRE(failures < 60);
    // Line of the failing value: replace the whole line with a valid one.
    const size_t line_number = std::stoul(detail.substr(2, detail.find(':', 2) - 2));
    size_t begin = 0;
    for (size_t n = 1; n < line_number; ++n) begin = text.find('\n', begin) + 1;
    const size_t end = text.find('\n', begin);
    const std::string line = text.substr(begin, end - begin);
    const std::string key = line.substr(0, line.find(' '));
    std::string value = template_test_support::valid_value_for(key);
    if (line.find('[') != std::string::npos && line.find('[') < line.find('"'))
      value = "[" + value + "]";
    text.replace(begin, end - begin, key + " = " + value);
  }
  // Every required value a person writes was a placeholder (the dataset's name replaced above).
  CHECK(failures == modelseal::formats::bundle_toml_template("tiny-sentiment", {}).placeholders - 1);
}

TEST_CASE("bundle_toml renders contain provenance limitations and transparency") {
  auto parsed = parse_bundle_toml(example_text(), "tiny-sentiment/bundle.toml");
  REQUIRE(parsed.ok());
  const std::string md = modelseal::formats::render_model_card_markdown(*parsed);
  const std::string text = modelseal::formats::render_model_card_text(*parsed);
  for (const std::string* out : {&md, &text}) {
    // The Markdown card escapes Markdown characters (specs/bundle-toml-v1.md section 7.1).
    auto shown = [&](std::string value) {
      if (out != &md) return value;
      std::string escaped;
      for (char c : value) {
        if (std::string_view("\\`*_[]<>#|~&$").find(c) != std::string_view::npos) escaped += '\\';
        escaped += c;
      }
      return escaped;
    };
    for (const auto& d : parsed->datasets) {
      CHECK(out->find(shown(d.source_url)) != std::string::npos);
      CHECK(out->find(d.retrieved_at) != std::string::npos);
    }
    for (const auto& l : parsed->card.limitations) CHECK(out->find(shown(l)) != std::string::npos);
    for (const auto& p : parsed->card.prohibited_uses) CHECK(out->find(shown(p)) != std::string::npos);
    CHECK(out->find(parsed->transparency.data_retention) != std::string::npos);
    CHECK(out->find(parsed->base_model->digest) != std::string::npos);
    CHECK(out->find("19/30 correct") != std::string::npos);
  }
  CHECK(md.starts_with("# tiny-sentiment 1.2.0\n"));
  CHECK(md.find("## Data provenance") != std::string::npos);
  CHECK(md.find("| sst2 | finetune | https://huggingface.co/datasets/stanfordnlp/sst2 | "
                "2026-02-27T09:15:00Z |") != std::string::npos);
  CHECK(text.starts_with("tiny-sentiment 1.2.0\n====================\n"));
  CHECK(text.find("Data provenance\n---------------\n") != std::string::npos);
  CHECK(text.find("## ") == std::string::npos);
  CHECK(text.find("| ---") == std::string::npos);
  CHECK(text.find("**") == std::string::npos);
}

TEST_CASE("bundle_toml markdown rendering is deterministic and escapes table cells") {
  auto first = parse_bundle_toml(example_text(), "a");
  auto second = parse_bundle_toml(example_text(), "b");
  REQUIRE(first.ok());
  REQUIRE(second.ok());
  const std::string md = modelseal::formats::render_model_card_markdown(*first);
  CHECK(md == modelseal::formats::render_model_card_markdown(*second));
  CHECK(md == modelseal::formats::render_model_card_markdown(*first));
  CHECK(modelseal::formats::render_model_card_text(*first) ==
        modelseal::formats::render_model_card_text(*second));

  BundleMetadata m = *first;
  m.datasets[0].custodian = "A | B\nC\\";
  m.datasets[0].known_bias = "line\x1b[2Jclear";
  m.card.limitations.push_back("two\nlines");
  const std::string escaped = modelseal::formats::render_model_card_markdown(m);
  CHECK(escaped.find("| A \\| B<br>C\\\\ |") != std::string::npos);
  CHECK(escaped.find("- two<br>lines\n") != std::string::npos);
  CHECK(escaped.find('\x1b') == std::string::npos);
  const std::string text = modelseal::formats::render_model_card_text(m);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("  - two\n    lines\n") != std::string::npos);
}

TEST_CASE("bundle_toml metadata_to_json mirrors the schema") {
  auto parsed = parse_bundle_toml(example_text(), "t");
  REQUIRE(parsed.ok());
  const nlohmann::json j = modelseal::formats::metadata_to_json(*parsed);
  CHECK(j["schema"] == "modelseal.bundle/v1");
  CHECK(j["model"]["name"] == "tiny-sentiment");
  CHECK(j["model"]["base"]["relation"] == "finetune");
  CHECK(j["card"]["evaluation"][0]["value"].is_number_float());
  CHECK(j["card"]["evaluation"][0]["value"].get<double>() == doctest::Approx(0.812));
  CHECK(j["card"]["evaluation"][2]["value"] == "19/30 correct");
  CHECK(j["dataset"].size() == 3);
  CHECK(j["dataset"][0]["retrieved_at"] == "2026-02-27T09:15:00Z");
  CHECK_FALSE(j["dataset"][0].contains("digest"));
  CHECK(j["dataset"][2]["digest"].get<std::string>().starts_with("sha256:"));
  CHECK(j["dataset"][2]["personal_data"] == true);
  CHECK(j["payload"]["exclude"].is_array());
  CHECK(j.dump() == modelseal::formats::metadata_to_json(*parsed).dump());

  auto minimal = parse_bundle_toml(std::string(kMinimal) +
                                       "[[card.evaluation]]\nmetric = \"n\"\nvalue = 7\n"
                                       "dataset = \"ds\"\ndate = 2026-01-01\n",
                                   "m");
  REQUIRE(minimal.ok());
  const nlohmann::json k = modelseal::formats::metadata_to_json(*minimal);
  CHECK_FALSE(k["model"].contains("base"));
  CHECK_FALSE(k["card"].contains("guardrails"));
  CHECK_FALSE(k["card"].contains("human_oversight"));
  CHECK_FALSE(k["dataset"][0].contains("known_bias"));
  CHECK(k["card"]["evaluation"][0]["value"].is_number_integer());
  CHECK(k["card"]["evaluation"][0]["value"] == 7);
  CHECK(k["payload"]["include"] == nlohmann::json::array({"**"}));
}
