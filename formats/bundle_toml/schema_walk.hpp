// The walk from a parsed bundle.toml table to BundleMetadata: one function per
// table of the schema. Problems go to the reader's Diagnostics.
#pragma once

#include <map>
#include <string>

#include "formats/bundle_toml/toml_reader.hpp"
#include "modelseal/metadata.hpp"

namespace modelseal::formats::bundle_toml_internal {

// Reads every table below the root (`schema` is checked by the caller) and
// reports unknown top-level keys.
void read_root(TableReader& root, BundleMetadata& out);

// [card] and [[card.evaluation]]; `dataset_names` maps the names declared in
// [[dataset]] to their index, for the evaluation's `dataset` reference.
void read_card(TableReader& root, const std::map<std::string, size_t>& dataset_names,
               ModelCard& out);
void read_transparency(TableReader& root, Transparency& out);
void read_payload(TableReader& root, PayloadRules& out);

// Where a sub-table starts: its header, else its key in `parent`.
Position table_position(const TableReader& parent, std::string_view key, const toml::node& node);

}  // namespace modelseal::formats::bundle_toml_internal
