// The walk over [card], [[card.evaluation]], [transparency] and [payload].
#include <fmt/format.h>

#include "formats/bundle_toml/schema_keys.hpp"
#include "formats/bundle_toml/schema_walk.hpp"
#include "formats/bundle_toml/toml_values.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats::bundle_toml_internal {

using toml_schema::quote_for_message;

namespace {

constexpr std::string_view kListHint = "an array of strings, one item each";

// The [[dataset]] names as a message lists them: `"a", "b"`, at most kShown of them.
std::string listed_names(const DatasetNames& names) {
  constexpr size_t kShown = 10;
  std::string out;
  size_t shown = 0;
  for (const auto& [name, index] : names.index) {
    if (shown++ == kShown) return out + ", ...";
    out += (out.empty() ? "" : ", ") + quote_for_message(name);
  }
  return out;
}

void read_evaluation(TableReader& entry, const DatasetNames& dataset_names, Evaluation& out) {
  entry.read_string({"metric", Need::kRequired, "the metric's name, e.g. \"accuracy\""},
                    out.metric);
  read_number_or_string(entry,
                        {"value", Need::kRequired,
                         "the result: a number such as 0.91, or a string such as \"23/30\""},
                        out.value, out.value_is_number);
  if (entry.read_string({"dataset", Need::kRequired,
                         "the name of the [[dataset]] the metric was measured on"},
                        out.dataset) &&
      dataset_names.complete && !dataset_names.index.contains(out.dataset)) {
    entry.diag().report(
        position_of(entry.find("dataset")->source(), entry.where()), ErrorCode::kInvalidMetadata,
        fmt::format("invalid value for '{}': {} is not the name of a [[dataset]] (hint: the "
                    "[[dataset]] names are {}; write one of them, or add a [[dataset]] table "
                    "with name = {}, whatever its role)",
                    entry.path("dataset"), quote_for_message(out.dataset),
                    listed_names(dataset_names), quote_for_message(out.dataset)));
  }
  read_date_or_offset_date_time(
      entry, {"date", Need::kRequired, "when it was measured, a date such as 2026-09-12"},
      out.date);
  entry.finish();
}

void read_evaluations(TableReader& card, const DatasetNames& dataset_names,
                      std::vector<Evaluation>& out) {
  const toml::array* array = card.read_table_array(
      {"evaluation", Need::kOptional, "one [[card.evaluation]] table per result"},
      "[[card.evaluation]]", false);
  if (!array) return;
  const Position array_position = table_position(card, "evaluation", *card.find("evaluation"));
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    TableReader entry(card.diag(), *element.as_table(), fmt::format("card.evaluation[{}]", i),
                      "[[card.evaluation]]", position_of(element.source(), array_position),
                      kEvaluationKeys, table_owning_key);
    Evaluation evaluation;
    read_evaluation(entry, dataset_names, evaluation);
    out.push_back(std::move(evaluation));
  }
}

}  // namespace

void read_card(TableReader& root, const DatasetNames& dataset_names, ModelCard& out) {
  const toml::table* table = root.read_table(
      {"card", Need::kRequired,
       "add a [card] table with intended_use, prohibited_uses and limitations; ETSI principle 8"},
      "[card]");
  if (!table) return;
  TableReader card(root.diag(), *table, "card", "[card]",
                   table_position(root, "card", *root.find("card")), kCardKeys, table_owning_key);
  card.read_string({"intended_use", Need::kRequired, "what the model is for and who should use it"},
                   out.intended_use);
  card.read_string_array({"out_of_scope_uses", Need::kOptional, kListHint}, false,
                         out.out_of_scope_uses);
  card.read_string_array({"prohibited_uses", Need::kRequired,
                          "at least one use the supplier forbids, e.g. [\"automated decisions "
                          "about individuals\"]"},
                         true, out.prohibited_uses);
  card.read_string_array({"limitations", Need::kRequired,
                          "at least one known limitation, e.g. [\"English text only\"]"},
                         true, out.limitations);
  card.read_string_array({"failure_modes", Need::kOptional, kListHint}, false, out.failure_modes);
  card.read_string_array({"guardrails", Need::kOptional, kListHint}, false, out.guardrails);
  card.read_string({"human_oversight", Need::kOptional,
                    "how people oversee the model's outputs; ETSI principle 4"},
                   out.human_oversight);
  read_evaluations(card, dataset_names, out.evaluations);
  card.finish();
}

void read_transparency(TableReader& root, Transparency& out) {
  const toml::table* table = root.read_table(
      {"transparency", Need::kRequired,
       "add a [transparency] table saying how end-users' data is used, stored and retained"
       "; ETSI principle 10"},
      "[transparency]");
  if (!table) return;
  TableReader transparency(root.diag(), *table, "transparency", "[transparency]",
                           table_position(root, "transparency", *root.find("transparency")),
                           kTransparencyKeys, table_owning_key);
  transparency.read_string({"data_use", Need::kRequired,
                            "how end-users' inputs and outputs are used, e.g. whether they "
                            "train future models; ETSI principle 10"},
                           out.data_use);
  transparency.read_string({"data_storage", Need::kRequired,
                            "where and how end-users' data is stored; ETSI principle 10"},
                           out.data_storage);
  transparency.read_string({"data_retention", Need::kRequired,
                            "how long end-users' data is kept and how to have it deleted"
                            "; ETSI principle 10"},
                           out.data_retention);
  transparency.finish();
}

void read_payload(TableReader& root, PayloadRules& out) {
  const toml::table* table = root.read_table({"payload", Need::kOptional, ""}, "[payload]");
  if (!table) return;
  TableReader payload(root.diag(), *table, "payload", "[payload]",
                      table_position(root, "payload", *root.find("payload")), kPayloadKeys,
                      table_owning_key);
  constexpr std::string_view kGlobHint =
      "relative '/'-separated globs using only *, ** and ?, e.g. \"weights/*.safetensors\"";
  payload.read_string_array({"include", Need::kOptional, kGlobHint, check_payload_glob}, true,
                            out.include);
  payload.read_string_array({"exclude", Need::kOptional, kGlobHint, check_payload_glob}, false,
                            out.exclude);
  payload.finish();
}

}  // namespace modelseal::formats::bundle_toml_internal
