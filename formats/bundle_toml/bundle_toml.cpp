// parse_bundle_toml: size and nesting checks and toml++ parsing (formats/toml),
// the schema id, then the walk over [model] and [[dataset]] (the card, transparency and
// payload tables are in schema_card.cpp).
#include "formats/bundle_toml/bundle_toml.hpp"

#include <map>

#include <fmt/format.h>

#include "formats/bundle_toml/schema_keys.hpp"
#include "formats/bundle_toml/schema_walk.hpp"
#include "formats/bundle_toml/toml_values.hpp"
#include "formats/toml/field_reads.hpp"
#include "formats/toml/parse.hpp"
#include "formats/toml/text_util.hpp"

namespace modelseal::formats {

namespace internal = bundle_toml_internal;

namespace bundle_toml_internal {

using toml_schema::quote_for_message;

namespace {

constexpr std::string_view kSpdxHint =
    "an SPDX license expression such as \"Apache-2.0\" or \"MIT OR Apache-2.0\"; "
    "LicenseRef-<name> for other terms";
constexpr std::string_view kDigestHint = "sha256: followed by 64 lower-case hex digits";

void read_base(TableReader& model, BaseModel& out) {
  const toml::table* table = model.read_table({"base", Need::kOptional, ""}, "[model.base]");
  if (!table) return;
  TableReader base(model.diag(), *table, model.path("base"), "[model.base]",
                   table_position(model, "base", *model.find("base")), kBaseKeys,
                   table_owning_key);
  base.read_string({"name", Need::kRequired, "the name of the model this one derives from"},
                   out.name);
  base.read_string({"digest", Need::kRequired,
                    "the sha256 of the base model's weights or bundle, as sha256:<64 hex>; "
                    "ETSI principle 7, supply chain",
                    check_sha256_digest},
                   out.digest);
  base.read_string({"relation", Need::kRequired,
                    "one of finetune, quantized, distilled, adapter, merge, other",
                    check_base_relation},
                   out.relation);
  base.read_optional_string({"source_url", Need::kOptional,
                             "where the base model was obtained, an absolute URI",
                             check_source_uri},
                            out.source_url);
  base.finish();
}

void read_model(TableReader& root, BundleMetadata& out) {
  const toml::table* table = root.read_table(
      {"model", Need::kRequired, "add a [model] table with name, version, license, ..."},
      "[model]");
  if (!table) return;
  TableReader model(root.diag(), *table, "model", "[model]",
                    table_position(root, "model", *root.find("model")), kModelKeys,
                    table_owning_key);
  model.read_string({"name", Need::kRequired,
                     "lower-case letters, digits, '.', '_' and '-', starting with a letter or "
                     "digit, at most 128 characters, e.g. \"tiny-sentiment\"",
                     check_model_name},
                    out.name);
  model.read_string({"version", Need::kRequired,
                     "a semantic version 2.0.0 such as \"1.0.0\" or \"2.1.0-rc.1\"", check_semver},
                    out.version);
  model.read_string({"license", Need::kRequired, kSpdxHint, check_spdx_expression}, out.license);
  model.read_string({"description", Need::kRequired, "one or two sentences on what the model does"},
                    out.description);
  model.read_string_array({"authors", Need::kRequired,
                           "the people or teams who made the model, e.g. [\"Jane Doe\"]"},
                          true, out.authors);
  model.read_string({"supplier", Need::kRequired,
                     "the organisation that supplies the model; ETSI principle 7"},
                    out.supplier);
  model.read_string({"security_contact", Need::kRequired,
                     "where to report vulnerabilities: an email address such as "
                     "\"security@example.com\" or an https URL",
                     check_security_contact},
                    out.security_contact);
  BaseModel base;
  if (model.find("base")) {
    read_base(model, base);
    out.base_model = std::move(base);
  }
  model.finish();
}

void read_dataset(TableReader& entry, Dataset& out) {
  entry.read_string({"name", Need::kRequired, "a short name, unique in this file, e.g. \"sst2\""},
                    out.name);
  entry.read_string({"role", Need::kRequired, "train, finetune or eval", check_dataset_role},
                    out.role);
  entry.read_string({"source_url", Need::kRequired,
                     "where the data was obtained (ETSI principle 8): an absolute URI such as "
                     "https://... , s3://... , hf:... or urn:... for internal data",
                     check_source_uri},
                    out.source_url);
  read_offset_date_time(entry, {"retrieved_at", Need::kRequired,
                                "when the data was retrieved (ETSI principle 8), an offset "
                                "date-time such as 2026-09-12T10:00:00Z"},
                        out.retrieved_at);
  entry.read_optional_string({"digest", Need::kOptional, kDigestHint, check_sha256_digest},
                             out.digest);
  entry.read_string({"license", Need::kRequired, kSpdxHint, check_spdx_expression}, out.license);
  entry.read_string({"custodian", Need::kRequired,
                     "who is responsible for the data (its data custodian)"},
                    out.custodian);
  entry.read_bool({"personal_data", Need::kRequired,
                   "true if the data contains personal data, else false"},
                  out.personal_data);
  entry.read_optional_string({"known_bias", Need::kOptional, "known biases of the data"},
                             out.known_bias);
  entry.finish();
}

void read_datasets(TableReader& root, std::vector<Dataset>& out, DatasetNames& names) {
  names.complete = false;
  const toml::array* array = root.read_table_array(
      {"dataset", Need::kRequired,
       "add one [[dataset]] table per dataset used to train, fine-tune or evaluate the model"
       "; ETSI principle 8"},
      "[[dataset]]", true);
  if (!array) return;
  names.complete = true;
  const Position array_position = table_position(root, "dataset", *root.find("dataset"));
  for (size_t i = 0; i < array->size(); ++i) {
    const toml::node& element = *array->get(i);
    TableReader entry(root.diag(), *element.as_table(), fmt::format("dataset[{}]", i),
                      "[[dataset]]", position_of(element.source(), array_position), kDatasetKeys,
                      table_owning_key);
    Dataset dataset;
    read_dataset(entry, dataset);
    if (dataset.name.empty()) {
      names.complete = false;
    } else {
      if (auto [it, inserted] = names.index.emplace(dataset.name, i); !inserted) {
        const toml::node& name_node = *entry.find("name");
        root.diag().report(
            position_of(name_node.source(), entry.where()), ErrorCode::kInvalidMetadata,
            fmt::format("invalid value for 'dataset[{}].name': {} is already the name of "
                        "dataset[{}] (hint: dataset names must be unique)",
                        i, quote_for_message(dataset.name), it->second));
      }
    }
    out.push_back(std::move(dataset));
  }
}

}  // namespace

std::string_view table_owning_key(std::string_view key) {
  auto has = [key](const auto& keys) {
    for (std::string_view known : keys)
      if (known == key) return true;
    return false;
  };
  if (has(kRootKeys)) return "the top level, before any [table] header";
  if (has(kModelKeys)) return "[model]";
  if (has(kCardKeys)) return "[card]";
  if (has(kDatasetKeys)) return "[[dataset]]";
  if (has(kTransparencyKeys)) return "[transparency]";
  if (has(kPayloadKeys)) return "[payload]";
  if (has(kBaseKeys)) return "[model.base]";
  if (has(kEvaluationKeys)) return "[[card.evaluation]]";
  return {};
}

void read_root(TableReader& root, BundleMetadata& out) {
  DatasetNames dataset_names;
  read_model(root, out);
  read_datasets(root, out.datasets, dataset_names);
  read_card(root, dataset_names, out.card);
  read_transparency(root, out.transparency);
  read_payload(root, out.payload);
  root.finish();
}

}  // namespace bundle_toml_internal

namespace {

Result<BundleMetadata> parse_checked(std::string_view text, std::string_view source_name,
                                     toml_schema::ProblemList* problems) {
  MS_ASSIGN_OR_RETURN(toml::table root,
                      toml_schema::parse_toml(text, source_name, kMaxBundleTomlBytes, problems));
  internal::Diagnostics diag;
  internal::TableReader reader(diag, root, "", "the top level", internal::Position{},
                               internal::kRootKeys, internal::table_owning_key);
  BundleMetadata metadata;
  if (toml_schema::check_schema_id(reader, internal::kSchemaId))
    internal::read_root(reader, metadata);
  if (!diag.failed()) return metadata;
  if (problems) *problems = diag.problems(source_name);
  return diag.error(source_name);
}

}  // namespace

Result<BundleMetadata> parse_bundle_toml(std::string_view text, std::string_view source_name,
                                         toml_schema::ProblemList* problems) {
  try {
    return parse_checked(text, source_name, problems);
  } catch (const std::bad_alloc&) {
    return make_error(ErrorCode::kLimitExceeded,
                      fmt::format("{}:1:1: out of memory while reading the file", source_name));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal,
                      fmt::format("{}:1:1: internal error while reading the file: {}", source_name,
                                  toml_schema::sanitize_for_display(e.what())));
  }
}

}  // namespace modelseal::formats
