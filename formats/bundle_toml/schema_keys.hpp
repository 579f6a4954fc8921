// The tables and keys of bundle.toml v1 (specs/bundle-toml-v1.md), shared by
// the parser and its unknown-key hints.
#pragma once

#include <array>
#include <string_view>

namespace modelseal::formats::bundle_toml_internal {

inline constexpr std::string_view kSchemaId = "modelseal.bundle/v1";

inline constexpr std::array<std::string_view, 6> kRootKeys{
    "schema", "model", "card", "dataset", "transparency", "payload"};
inline constexpr std::array<std::string_view, 8> kModelKeys{
    "name", "version", "license", "description", "authors", "supplier", "security_contact", "base"};
inline constexpr std::array<std::string_view, 4> kBaseKeys{"name", "digest", "relation",
                                                           "source_url"};
inline constexpr std::array<std::string_view, 8> kCardKeys{
    "intended_use", "out_of_scope_uses", "prohibited_uses", "limitations",
    "failure_modes", "guardrails",       "human_oversight", "evaluation"};
inline constexpr std::array<std::string_view, 4> kEvaluationKeys{"metric", "value", "dataset",
                                                                 "date"};
inline constexpr std::array<std::string_view, 9> kDatasetKeys{
    "name",    "role",      "source_url",    "retrieved_at", "digest",
    "license", "custodian", "personal_data", "known_bias"};
inline constexpr std::array<std::string_view, 3> kTransparencyKeys{"data_use", "data_storage",
                                                                   "data_retention"};
inline constexpr std::array<std::string_view, 2> kPayloadKeys{"include", "exclude"};

// The label of the first table (in the order above) that has `key`, or "".
std::string_view table_owning_key(std::string_view key);

}  // namespace modelseal::formats::bundle_toml_internal
