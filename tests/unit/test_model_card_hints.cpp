// `modelseal init`'s pre-filling: the README front matter reader, the license
// mapping, TOML string escaping and the template generated from the facts.
#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/prescan.hpp"
#include "formats/bundle_toml/toml_text.hpp"
#include "formats/bundle_toml/validators.hpp"
#include "formats/model_card_hints/front_matter.hpp"
#include "formats/model_card_hints/hf_license.hpp"
#include "formats/model_card_hints/model_hints.hpp"
#include "template_test_support.hpp"

namespace {

using namespace std::string_literals;
namespace mch = modelseal::formats::model_card_hints;
namespace bt = modelseal::formats::bundle_toml_internal;
using mch::FrontMatterKind;
using modelseal::formats::bundle_toml_template;
using modelseal::formats::parse_bundle_toml;

const mch::FrontMatterEntry* entry(const mch::FrontMatter& fm, const std::string& key) {
  auto it = fm.entries.find(key);
  return it == fm.entries.end() ? nullptr : &it->second;
}

std::vector<std::string> items(const mch::FrontMatter& fm, const std::string& key) {
  const auto* e = entry(fm, key);
  return e == nullptr ? std::vector<std::string>{} : e->items;
}

bool warned(const mch::FrontMatter& fm, size_t line, std::string_view text) {
  for (const auto& w : fm.warnings)
    if (w.line == line && w.message.find(text) != std::string::npos) return true;
  return false;
}

bool any_warning(const std::vector<std::string>& warnings, std::string_view text) {
  for (const auto& w : warnings)
    if (w.find(text) != std::string::npos) return true;
  return false;
}

constexpr std::string_view kCard = R"(---
license: apache-2.0   # the model's license
datasets:
- imdb
- "stanfordnlp/sst2"
base_model: 'bert-base-uncased'
language: en
tags: [text-classification, "sentiment", 'it''s']
pipeline_tag: text-classification
model-index:
- name: my-bert
  results:
  - task:
      type: text-classification
    metrics:
    - type: accuracy
      value: 0.93
description: |
  Several lines
  of text.
library_name: transformers
---

# my-bert

A fine-tuned model.
)";

// Each active "key = "FILL ME..."" line replaced by a valid value of its key.
std::string fill_placeholders(std::string text) {
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(begin, end - begin);
    if (line.find("FILL ME") != std::string::npos && !line.starts_with("#")) {
      const std::string key = line.substr(0, line.find(' '));
      std::string value = template_test_support::valid_value_for(key);
      if (line.find(" = [") != std::string::npos) value = "[" + value + "]";
      const std::string filled = key + " = " + value;
      text.replace(begin, end - begin, filled);
      end = begin + filled.size();
    }
    begin = end + 1;
  }
  return text;
}

size_t count_of(std::string_view text, std::string_view what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string_view::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The text with every commented-out optional line ("# key = ...", "# [table]") made active.
std::string uncommented(const std::string& text) {
  std::string out;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find('\n', begin);
    std::string line = text.substr(begin, end - begin);
    const bool table = line.starts_with("# [");
    const size_t eq = line.find(" = ");
    const bool key = line.starts_with("# ") && eq != std::string::npos && eq > 2 &&
                     line.substr(2, eq - 2).find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string::npos;
    out += (table || key) ? line.substr(2) : line;
    out += '\n';
    begin = end + 1;
  }
  return out;
}

mch::ModelHints hints_of(std::string_view readme, std::optional<std::string_view> config = std::nullopt,
                         std::optional<std::string_view> generation = std::nullopt) {
  mch::HintSources sources;
  sources.readme = readme;
  sources.config = config;
  sources.generation_config = generation;
  return mch::collect_model_hints(sources);
}

}  // namespace

TEST_CASE("front matter: the subset of YAML model cards use") {
  const mch::FrontMatter fm = mch::read_front_matter(kCard);
  CHECK(fm.present);
  CHECK(fm.warnings.empty());
  REQUIRE(entry(fm, "license") != nullptr);
  CHECK(entry(fm, "license")->kind == FrontMatterKind::kScalar);
  CHECK(entry(fm, "license")->line == 2);
  CHECK(items(fm, "license") == std::vector<std::string>{"apache-2.0"});
  CHECK(entry(fm, "datasets")->kind == FrontMatterKind::kList);
  CHECK(items(fm, "datasets") == std::vector<std::string>{"imdb", "stanfordnlp/sst2"});
  CHECK(items(fm, "base_model") == std::vector<std::string>{"bert-base-uncased"});
  CHECK(items(fm, "language") == std::vector<std::string>{"en"});
  CHECK(items(fm, "tags") == std::vector<std::string>{"text-classification", "sentiment", "it's"});
  CHECK(items(fm, "pipeline_tag") == std::vector<std::string>{"text-classification"});
  CHECK(entry(fm, "model-index")->kind == FrontMatterKind::kOther);  // nested: skipped
  CHECK(entry(fm, "description")->kind == FrontMatterKind::kOther);  // block scalar: skipped
  CHECK(items(fm, "library_name") == std::vector<std::string>{"transformers"});
  CHECK(fm.entries.count("name") == 0);  // keys of nested maps are not top-level keys

  // Indented block lists, escapes, nulls, comments, "..." as the end marker.
  const mch::FrontMatter more = mch::read_front_matter(
      "---\n# a comment\ndatasets:\n  - a # one\n  - 'b c'\n  -\nlanguage:\nlicense: ~\n"
      "base_model: \"x\\ty\\u00e9\\\"\\\\\"\ntags: []\n...\n");
  CHECK(more.warnings.empty());
  CHECK(items(more, "datasets") == std::vector<std::string>{"a", "b c"});
  CHECK(entry(more, "language")->kind == FrontMatterKind::kList);
  CHECK(items(more, "language").empty());
  CHECK(items(more, "license").empty());
  CHECK(items(more, "base_model") == std::vector<std::string>{"x\ty\xC3\xA9\"\\"});
  CHECK(entry(more, "tags")->kind == FrontMatterKind::kList);

  // A list of maps is not a list of names.
  const mch::FrontMatter maps = mch::read_front_matter("---\ndatasets:\n- name: a\n  split: b\nlicense: mit\n---\n");
  CHECK(entry(maps, "datasets")->kind == FrontMatterKind::kOther);
  CHECK(items(maps, "license") == std::vector<std::string>{"mit"});
}

TEST_CASE("front matter: absent, unclosed, oversized, binary") {
  CHECK_FALSE(mch::read_front_matter("# title\n---\nlicense: mit\n---\n").present);
  CHECK_FALSE(mch::read_front_matter("").present);
  CHECK_FALSE(mch::read_front_matter("--- \n").entries.size());

  const mch::FrontMatter unclosed = mch::read_front_matter("---\nlicense: mit\n");
  CHECK(unclosed.entries.empty());
  CHECK(warned(unclosed, 1, "no closing '---'"));

  std::string huge = "---\nlicense: mit\nx: " + std::string(70000, 'a') + "\n---\n";
  const mch::FrontMatter big = mch::read_front_matter(huge);
  CHECK(big.entries.empty());
  CHECK(warned(big, 1, "longer than 64 KiB"));
  // A prefix of a huge README without the closing line: the same warning.
  CHECK(warned(mch::read_front_matter(std::string_view(huge).substr(0, 65552)), 1, "longer than 64 KiB"));

  const mch::FrontMatter binary = mch::read_front_matter("---\nlicense: mit\nx: a\0b\n---\n"s);
  CHECK(binary.entries.empty());
  CHECK(warned(binary, 3, "not UTF-8 text"));
  const mch::FrontMatter latin1 = mch::read_front_matter("---\nlicense: mit\nauthor: Jos\xE9\n---\n");
  CHECK(latin1.entries.empty());
  CHECK(warned(latin1, 3, "not UTF-8 text"));

  std::string many_lines = "---\n";
  for (int i = 0; i < 10000; ++i) many_lines += "- a\n";
  many_lines += "---\n";
  CHECK(warned(mch::read_front_matter(many_lines), 1, "more than 8192 lines"));
}

TEST_CASE("front matter: byte-order mark, CRLF, tabs, hostile values") {
  const mch::FrontMatter bom = mch::read_front_matter("\xEF\xBB\xBF---\r\nlicense: mit\r\ndatasets:\r\n- a\r\n---\r\n");
  CHECK(bom.present);
  CHECK(bom.warnings.empty());
  CHECK(items(bom, "license") == std::vector<std::string>{"mit"});
  CHECK(items(bom, "datasets") == std::vector<std::string>{"a"});

  const mch::FrontMatter tabs = mch::read_front_matter("---\ndatasets:\n\t- a\nlicense: mit\n---\n");
  CHECK(warned(tabs, 3, "a tab in the indentation"));
  CHECK(entry(tabs, "datasets")->kind == FrontMatterKind::kOther);
  CHECK(items(tabs, "license") == std::vector<std::string>{"mit"});

  std::string long_value = "---\nlicense: " + std::string(2000, 'x') + "\ntags: [a]\n---\n";
  const mch::FrontMatter too_long = mch::read_front_matter(long_value);
  CHECK(warned(too_long, 2, "longer than 1024 bytes"));
  CHECK(items(too_long, "license").empty());
  CHECK(items(too_long, "tags") == std::vector<std::string>{"a"});

  std::string many = "---\ntags: [";
  for (int i = 0; i < 10000; ++i) many += "t" + std::to_string(i % 10) + ",";
  many += "]\ndatasets:\n";
  for (int i = 0; i < 1000; ++i) many += "- d\n";
  many += "---\n";
  const mch::FrontMatter capped = mch::read_front_matter(many);
  CHECK(items(capped, "tags").size() == mch::kMaxFrontMatterListItems);
  CHECK(items(capped, "datasets").size() == mch::kMaxFrontMatterListItems);
  CHECK(capped.warnings.size() == 2);
  CHECK(warned(capped, 2, "'tags' has more than 256 items"));
  CHECK(warned(capped, 4 + mch::kMaxFrontMatterListItems, "'datasets' has more than 256 items"));

  const mch::FrontMatter broken = mch::read_front_matter(
      "---\nlicense: \"mit\ntags: [a, b\nx y z\ndatasets: 'a' b\nbase_model: \"\\q\"\n"
      "license: apache-2.0\n  - stray\npipeline_tag: \"\\uD800\"\n---\n");
  CHECK(warned(broken, 2, "not closed on its line"));
  CHECK(warned(broken, 3, "a flow list not closed on its line"));
  CHECK(warned(broken, 4, "not a 'key: value' line"));
  CHECK(warned(broken, 5, "text after the closing quote"));
  CHECK(warned(broken, 6, "unknown escape"));
  CHECK(warned(broken, 7, "'license' is repeated (first on line 2)"));
  CHECK(warned(broken, 9, "not a Unicode scalar value"));
  for (const auto& [key, e] : broken.entries) CHECK(e.items.empty());
  // Hostile text never reaches a message.
  const mch::FrontMatter hostile = mch::read_front_matter("---\n\x1B[31m: x\n---\n");
  for (const auto& w : hostile.warnings) CHECK(w.message.find('\x1B') == std::string::npos);
}

TEST_CASE("Hugging Face licenses map to SPDX expressions") {
  CHECK(mch::map_hf_license("apache-2.0").spdx == "Apache-2.0");
  CHECK(mch::map_hf_license("MIT").spdx == "MIT");
  CHECK(mch::map_hf_license("bsd-3-clause").spdx == "BSD-3-Clause");
  CHECK(mch::map_hf_license("cc-by-4.0").spdx == "CC-BY-4.0");
  CHECK(mch::map_hf_license("openrail").spdx == "LicenseRef-openrail");
  CHECK(mch::map_hf_license("llama3.1").spdx == "LicenseRef-llama3.1");
  CHECK(mch::map_hf_license("openrail++").spdx == "LicenseRef-openrail--");
  for (std::string_view id : {"other", "unknown", "gpl-3.0", "bsd", "my license", "MIT OR Apache-2.0"}) {
    INFO(id);
    const auto mapping = mch::map_hf_license(id);
    CHECK_FALSE(mapping.spdx.has_value());
    CHECK_FALSE(mapping.why_not.empty());
  }
  CHECK(mch::map_hf_license("gpl-3.0").why_not.find("GPL-3.0-only or GPL-3.0-or-later") != std::string::npos);
  // Every mapped id passes the SPDX check (the template checks again before use).
  for (std::string_view id : {"apache-2.0", "odbl", "lgpl-lr", "c-uda", "etalab-2.0", "bigcode-openrail-m"})
    CHECK_FALSE(bt::check_spdx_expression(*mch::map_hf_license(id).spdx).has_value());
}

TEST_CASE("TOML strings written by init read back as the same text") {
  const std::vector<std::string> values = {
      "plain", "quote \" and backslash \\", "new\nline\ttab", "\"\n[evil]\nx = \"",
      "nul\0byte"s, "\x1B[31mred\x7F", "\xC2\x85 C1 \xE2\x80\xAE bidi",
      "caf\xC3\xA9 \xF0\x9F\x98\x80", "'''", "\\u0041 stays text", "\r\n"};
  for (const std::string& value : values) {
    const std::string quoted = bt::toml_basic_string(value);
    INFO(quoted);
    CHECK(quoted.find('\n') == std::string::npos);
    const toml::table parsed = toml::parse("k = " + quoted + "\n");
    CHECK(parsed["k"].value<std::string>() == value);
    CHECK(parsed.size() == 1);
  }
  // Malformed UTF-8 becomes U+FFFD.
  const toml::table parsed = toml::parse("k = " + bt::toml_basic_string("a\xFF") + "\n");
  CHECK(parsed["k"].value<std::string>() == "a\xEF\xBF\xBD");
}

TEST_CASE("init's template without facts: placeholders only where required") {
  const auto generated = bundle_toml_template("my-model", mch::ModelHints{});
  CHECK(generated.prefilled.empty());
  CHECK(generated.warnings.empty());
  CHECK(generated.placeholders == 18);
  CHECK(count_of(generated.text, "\"FILL ME:") == generated.placeholders);
  CHECK(generated.text == bundle_toml_template("my-model"));
  CHECK(generated.text.find("name = \"my-model\"") != std::string::npos);
  const auto failure = parse_bundle_toml(generated.text, "t");
  REQUIRE_FALSE(failure.ok());
  CHECK(failure.error().detail.find("is still the template placeholder") != std::string::npos);
  // Filling exactly the placeholders makes it valid; the optional parts stay out.
  const auto filled = parse_bundle_toml(fill_placeholders(generated.text), "t");
  REQUIRE_MESSAGE(filled.ok(), filled.error().detail);
  CHECK_FALSE(filled->base_model.has_value());
  CHECK(filled->card.evaluations.empty());
  CHECK(filled->card.failure_modes.empty());
  CHECK(filled->card.human_oversight.empty());
  CHECK_FALSE(filled->datasets[0].digest.has_value());
}

TEST_CASE("init's template: uncommenting the optional lines gives every key of the schema") {
  for (const auto& hints : {mch::ModelHints{}, hints_of(kCard)}) {
    const std::string text = bundle_toml_template("my-model", hints).text;
    const auto keys = bt::toml_key_paths(uncommented(text));
    REQUIRE(keys.has_value());
    const auto example_keys = bt::toml_key_paths(R"(schema = "x"
[model]
name = "" 
version = ""
license = ""
description = ""
authors = []
supplier = ""
security_contact = ""
[model.base]
name = ""
digest = ""
relation = ""
source_url = ""
[card]
intended_use = ""
out_of_scope_uses = []
prohibited_uses = []
limitations = []
failure_modes = []
guardrails = []
human_oversight = ""
[[card.evaluation]]
metric = ""
value = 1
dataset = ""
date = 2026-01-01
[[dataset]]
name = ""
role = ""
source_url = ""
retrieved_at = 2026-01-01T00:00:00Z
digest = ""
license = ""
custodian = ""
personal_data = false
known_bias = ""
[transparency]
data_use = ""
data_storage = ""
data_retention = ""
[payload]
include = []
exclude = []
)");
    CHECK(*keys == *example_keys);
    CHECK(keys->size() == 44);
  }
}

TEST_CASE("init's template pre-filled from a Hugging Face model card") {
  const auto hints = hints_of(kCard, R"({"architectures": ["BertForSequenceClassification"],
      "model_type": "bert", "_name_or_path": "bert-base-uncased", "hidden_size": 768})",
                              R"({"do_sample": true, "temperature": 0.7, "max_new_tokens": 256, "x": "y"})");
  CHECK(hints.warnings.empty());
  const auto generated = bundle_toml_template("my-bert", hints);
  INFO(generated.text);
  CHECK(generated.warnings.empty());
  CHECK(count_of(generated.text, "\"FILL ME:") == generated.placeholders);
  CHECK(generated.placeholders == 3 + 2 + 3 + 2 * 5 + 3);  // model, base, card, 2 datasets, transparency
  CHECK(generated.text.find("generation_config.json sets do_sample = true, temperature = 0.7, "
                            "max_new_tokens = 256.") != std::string::npos);
  CHECK(generated.text.find("tags \"text-classification\", \"sentiment\", \"it's\"") != std::string::npos);
  CHECK(any_warning(generated.prefilled, "license Apache-2.0 from README.md"));
  CHECK(any_warning(generated.prefilled, "2 datasets from README.md (2 with a Hugging Face source_url)"));
  CHECK(any_warning(generated.prefilled, "base model \"bert-base-uncased\" and its source_url from README.md"));
  CHECK(any_warning(generated.prefilled, "description (a draft to rewrite) from README.md and config.json"));

  const auto parsed = parse_bundle_toml(fill_placeholders(generated.text), "t");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  CHECK(parsed->license == "Apache-2.0");
  CHECK(parsed->description ==
        "A text-classification model (BertForSequenceClassification, bert); language: en.");
  REQUIRE(parsed->base_model.has_value());
  CHECK(parsed->base_model->name == "bert-base-uncased");
  CHECK(parsed->base_model->source_url == "https://huggingface.co/bert-base-uncased");
  REQUIRE(parsed->datasets.size() == 2);
  CHECK(parsed->datasets[0].name == "imdb");
  CHECK(parsed->datasets[0].source_url == "https://huggingface.co/datasets/imdb");
  CHECK(parsed->datasets[1].name == "stanfordnlp/sst2");
  CHECK(parsed->datasets[1].source_url == "https://huggingface.co/datasets/stanfordnlp/sst2");

  // base_model_relation fills the relation; a value outside the schema's is a warning.
  const auto related = bundle_toml_template(
      "m", hints_of("---\nbase_model: a/b\nbase_model_relation: quantized\n---\n"));
  CHECK(related.text.find("relation = \"quantized\"") != std::string::npos);
  const auto odd = bundle_toml_template("m", hints_of("---\nbase_model: a/b\nbase_model_relation: remix\n---\n"));
  CHECK(any_warning(odd.warnings, "base_model_relation \"remix\" is not one of"));
  CHECK(odd.text.find("relation = \"FILL ME") != std::string::npos);
  // config.json's _name_or_path alone is only a comment.
  const auto named = bundle_toml_template("m", hints_of("", R"({"_name_or_path": "gpt2"})"));
  CHECK(named.text.find("# config.json names \"gpt2\" (_name_or_path)") != std::string::npos);
  CHECK(named.text.find("\n[model.base]") == std::string::npos);
}

TEST_CASE("init's template: licenses left to a person") {
  for (std::string_view license : {"other", "gpl-3.0", "\"MIT and stuff\""}) {
    INFO(license);
    const auto generated =
        bundle_toml_template("m", hints_of("---\nlicense: " + std::string(license) + "\n---\n"));
    CHECK(generated.text.find("license = \"FILL ME: SPDX license expression\"") != std::string::npos);
    CHECK(any_warning(generated.warnings, "model.license is left to fill"));
    CHECK(generated.placeholders == 18);
  }
}

TEST_CASE("init's template: hostile front matter values cannot break or inject into the TOML") {
  const std::string readme =
      "---\n"
      "license: \"mit\\\"\\n[evil]\\nx = 1\"\n"
      "datasets:\n- \"a\\\"\\n[[dataset]]\\nname = \\\"b\"\n- \"../../x\"\n- \"with space\"\n- \"ok\\\\path\"\n"
      "base_model: \"x\\\"]\\n\\u202Eevil\"\n"
      "pipeline_tag: \"t\\nschema = 1\"\n"
      "language: [\"en\\u0000\", fr]\n"
      "tags: [\"# \\n[transparency]\", \"FILL ME\", \"\\e[2J\"]\n"
      "---\n";
  const auto hints = hints_of(readme, R"({"model_type": "b\"\n[x]", "architectures": ["A\u0085"]})");
  CHECK(any_warning(hints.warnings, "README.md:10: a value of 'language' holds the control character U+0000"));
  CHECK(any_warning(hints.warnings, "README.md:8: a value of 'base_model' holds the control character U+202E"));
  CHECK(any_warning(hints.warnings, "README.md:11: a value of 'tags' holds the text \"FILL ME\""));
  CHECK(any_warning(hints.warnings, "config.json: a value of 'architectures' holds the control character U+0085"));
  for (const auto& w : hints.warnings) {
    CHECK(w.find('\x1B') == std::string::npos);
    CHECK(w.find("\xE2\x80\xAE") == std::string::npos);
  }
  const auto generated = bundle_toml_template("m", hints);
  INFO(generated.text);
  const auto keys = bt::toml_key_paths(generated.text);
  REQUIRE(keys.has_value());
  for (const auto& key : *keys) {
    CHECK(key.find("evil") == std::string::npos);
    CHECK(key != "x");
  }
  CHECK(count_of(generated.text, "\n[[dataset]]\n") == 4);
  CHECK(count_of(generated.text, "\n[transparency]\n") == 1);
  CHECK(count_of(generated.text, "\"FILL ME:") == generated.placeholders);
  const auto parsed = parse_bundle_toml(fill_placeholders(generated.text), "t");
  REQUIRE_MESSAGE(parsed.ok(), parsed.error().detail);
  CHECK(parsed->datasets[0].name == "a\"\n[[dataset]]\nname = \"b");
  CHECK(parsed->datasets[1].name == "../../x");
  CHECK(parsed->datasets[1].source_url == "https://example.com/x");  // not a Hugging Face id: left to fill
  CHECK(parsed->datasets[2].source_url == "https://example.com/x");
  CHECK(parsed->datasets[3].name == "ok\\path");
  CHECK(parsed->license == "MIT");  // the hostile license was left to fill
  CHECK(parsed->description == "A t\nschema = 1 model (b\"\n[x]); language: fr.");
  CHECK_FALSE(parsed->base_model.has_value());
}

TEST_CASE("init's hints: junk config files are warnings") {
  struct Case {
    std::string_view config;
    std::string_view warning;
  };
  for (const Case& c : {Case{"not json", "config.json: not read"}, Case{"[1, 2]", "not a JSON object"},
                        Case{"\xEF\xBB\xBF{}", "config.json: not read"},
                        Case{R"({"a": 1, "a": 2})", "config.json: not read"},
                        Case{R"({"architectures": "Bert"})", "'architectures' is not a list"},
                        Case{R"({"architectures": [1]})", "'architectures' is not a list"},
                        Case{R"({"model_type": 3})", "'model_type' is not a string"}}) {
    INFO(c.config);
    const auto hints = hints_of("", c.config, c.config);
    CHECK(any_warning(hints.warnings, c.warning));
    CHECK(hints.architectures.empty());
    CHECK_FALSE(hints.model_type.has_value());
    CHECK(bt::toml_key_paths(bundle_toml_template("m", hints).text).has_value());
  }
  const std::string deep = std::string(1000, '[') + std::string(1000, ']');
  CHECK(any_warning(hints_of("", deep).warnings, "config.json: not read"));
}
