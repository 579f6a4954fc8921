// MODEL_CARD.md as specs/bundle-toml-v1.md section 7 specifies it: modelseal
// reproduces every vector of tests/vectors/model-card byte for byte (an
// independent renderer, tests/interop/spec_model_card.py, reproduces them from
// the spec: tests/e2e/test_spec_model_card.sh), values cannot inject Markdown
// or HTML, and the size limits of bundle.toml and the card are one number
// each, at build and at read. Also SOURCE_DATE_EPOCH parsing (bundle-v1 §4).
//
// MODELSEAL_WRITE_MODEL_CARD_VECTORS=1 rewrites the vectors' MODEL_CARD.md
// (tests/vectors/model-card/make.sh).
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "bundle/bundle_stream.hpp"
#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/model_card.hpp"
#include "modelseal/bundle.hpp"
#include "test_support.hpp"

namespace {

namespace stdfs = std::filesystem;
using modelseal::ErrorCode;
using test_support::read_bytes;
using test_support::TempDir;
using test_support::write_bytes;

stdfs::path vector_dir() { return stdfs::path(MODELSEAL_SOURCE_DIR) / "tests/vectors/model-card"; }

std::vector<stdfs::path> vector_cases() {
  std::vector<stdfs::path> cases;
  for (const auto& entry : stdfs::directory_iterator(vector_dir()))
    if (stdfs::is_regular_file(entry.path() / "bundle.toml")) cases.push_back(entry.path());
  std::sort(cases.begin(), cases.end());
  return cases;
}

std::string render_case(const stdfs::path& dir) {
  auto parsed = modelseal::formats::parse_bundle_toml(read_bytes(dir / "bundle.toml"),
                                                      (dir / "bundle.toml").string());
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  return modelseal::formats::render_model_card_markdown(*parsed);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

}  // namespace

TEST_CASE("model card vectors are rendered byte for byte") {
  const auto cases = vector_cases();
  REQUIRE(cases.size() >= 6);
  const char* regen = std::getenv("MODELSEAL_WRITE_MODEL_CARD_VECTORS");
  for (const stdfs::path& dir : cases) {
    CAPTURE(dir.filename().string());
    const std::string card = render_case(dir);
    if (regen && *regen == '1') write_bytes(dir / "MODEL_CARD.md", card);
    CHECK(card == read_bytes(dir / "MODEL_CARD.md"));
  }
}

TEST_CASE("model card: no value can add HTML, links, headings or lines") {
  const std::vector<std::string> headings = {
      "## Identity", "## Intended use", "## Out-of-scope uses", "## Prohibited uses",
      "## Limitations", "## Failure modes", "## Guardrails", "## Human oversight", "## Evaluation",
      "## Data provenance", "## Personal data and known bias", "## End-user data transparency",
      "## Base model"};
  for (const stdfs::path& dir : vector_cases()) {
    CAPTURE(dir.filename().string());
    const std::string card = render_case(dir);
    CHECK(card.find('\r') == std::string::npos);
    CHECK(card.ends_with(".\n"));
    std::vector<std::string> seen;
    for (const std::string& line : lines_of(card)) {
      CHECK(line.find_last_not_of(' ') + 1 == line.size());  // no trailing spaces
      if (line.starts_with("#") && !line.starts_with("# ")) seen.push_back(line);
      for (size_t i = line.find('<'); i != std::string::npos; i = line.find('<', i + 1))
        CHECK((line.compare(i, 4, "<br>") == 0 || (i > 0 && line[i - 1] == '\\')));
      for (size_t i = line.find('['); i != std::string::npos; i = line.find('[', i + 1))
        CHECK((i > 0 && line[i - 1] == '\\'));
    }
    CHECK(seen == headings);
  }
  const std::string hostile = render_case(vector_dir() / "hostile");
  CHECK(hostile.find("\\<script\\>alert(\"card\")\\</script\\>") != std::string::npos);
  CHECK(hostile.find("\n\\- Not a list item<br>1. An ordered list?<br>+ plus<br><br><br>Three "
                     "newlines above, tab inside, trailing spaces\n") != std::string::npos);
  CHECK(hostile.find("\n- \\- starts with a dash\n") != std::string::npos);
  CHECK(hostile.find("| Authors | \\<b\\>Eve\\</b\\>; Mallory \\| Trudy; \\-dash; \\+plus; \\#hash |") !=
        std::string::npos);
}

TEST_CASE("model card: the markdown text of a value follows section 7.1") {
  auto parsed = modelseal::formats::parse_bundle_toml(read_bytes(vector_dir() / "minimal/bundle.toml"),
                                                      "minimal");
  REQUIRE(parsed.ok());
  modelseal::BundleMetadata m = *parsed;
  m.card.intended_use = " \t\n -a\tb\nc \\ ` * _ [ ] < > # | ~ & $ é\n\t ";
  const std::string card = modelseal::formats::render_model_card_markdown(m);
  CHECK(card.find("## Intended use\n\n\\-a b<br>c \\\\ \\` \\* \\_ \\[ \\] \\< \\> \\# \\| \\~ \\& \\$ é\n") !=
        std::string::npos);
  m.card.intended_use = "+1";
  CHECK(modelseal::formats::render_model_card_markdown(m).find("\n\\+1\n") != std::string::npos);
  m.card.intended_use = "a-b+c";
  CHECK(modelseal::formats::render_model_card_markdown(m).find("\na-b+c\n") != std::string::npos);
}

TEST_CASE("a bundle.toml whose model card would exceed 4 MiB is refused at build") {
  // 15 datasets named 'x', 65000 newlines and a number: 1 MiB of TOML, a card of about 7 MiB
  // (each newline becomes <br> in the provenance table and in the personal-data list).
  std::string toml = read_bytes(vector_dir() / "minimal/bundle.toml");
  const std::string dataset_start = "[[dataset]]";
  const std::string dataset = toml.substr(toml.find(dataset_start), toml.find("[transparency]") -
                                                                         toml.find(dataset_start));
  std::string datasets;
  for (int i = 0; i < 15; ++i) {
    std::string d = dataset;
    d.replace(d.find("name = \"d\""), 10,
              "name = '''x" + std::string(65000, '\n') + std::to_string(i) + "'''");
    datasets += d;
  }
  toml.replace(toml.find(dataset_start), dataset.size(), datasets);
  REQUIRE(toml.size() <= modelseal::formats::kMaxBundleTomlBytes);
  auto parsed = modelseal::formats::parse_bundle_toml(toml, "big");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  REQUIRE(modelseal::formats::render_model_card_markdown(*parsed).size() >
          modelseal::formats::kMaxModelCardBytes);

  TempDir dir;
  write_bytes(dir / "model/bundle.toml", toml);
  write_bytes(dir / "model/weights.bin", "w");
  modelseal::BuildOptions options;
  options.model_dir = dir / "model";
  options.output = dir / "out.mbundle";
  auto built = modelseal::build_bundle(options);
  REQUIRE_FALSE(built.ok());
  CHECK(built.error().code == ErrorCode::kLimitExceeded);
  CHECK(built.error().detail.find("model card") != std::string::npos);
  CHECK_FALSE(stdfs::exists(dir / "out.mbundle"));
}

TEST_CASE("readers refuse a manifest declaring metadata over the limits") {
  modelseal::bundle::Manifest manifest;
  manifest.files = {{modelseal::kModelCardPath, 100, {}}, {modelseal::kBundleTomlPath, 100, {}}};
  CHECK(modelseal::bundle::check_reserved_entries(manifest, "b").ok());

  manifest.files[1].size = modelseal::formats::kMaxBundleTomlBytes;
  CHECK(modelseal::bundle::check_reserved_entries(manifest, "b").ok());
  manifest.files[1].size = modelseal::formats::kMaxBundleTomlBytes + 1;
  auto refused = modelseal::bundle::check_reserved_entries(manifest, "b");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kLimitExceeded);
  CHECK(refused.error().detail.find("1048576") != std::string::npos);

  manifest.files[1].size = 100;
  manifest.files[0].size = modelseal::formats::kMaxModelCardBytes;
  CHECK(modelseal::bundle::check_reserved_entries(manifest, "b").ok());
  manifest.files[0].size = modelseal::formats::kMaxModelCardBytes + 1;
  refused = modelseal::bundle::check_reserved_entries(manifest, "b");
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kLimitExceeded);
  CHECK(refused.error().detail.find("4194304") != std::string::npos);
}

TEST_CASE("SOURCE_DATE_EPOCH is decimal digits only, 0 to 8589934591") {
  CHECK(*modelseal::parse_source_date_epoch("0") == 0);
  CHECK(*modelseal::parse_source_date_epoch("1700000000") == 1700000000);
  CHECK(*modelseal::parse_source_date_epoch("0001700000000") == 1700000000);
  CHECK(*modelseal::parse_source_date_epoch("8589934591") == 8589934591);
  for (const char* bad : {"", "-1", "1e9", " 5", "5 ", "+5", "99999999999999999999", "0x10",
                          "8589934592", "12.5", "1_000", "５", "-0", "\n1"}) {
    CAPTURE(bad);
    auto parsed = modelseal::parse_source_date_epoch(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.error().code == ErrorCode::kInvalidArgument);
    CHECK(parsed.error().detail.find("SOURCE_DATE_EPOCH") != std::string::npos);
  }
  CHECK(modelseal::parse_source_date_epoch("").error().detail.find("empty") != std::string::npos);
}
