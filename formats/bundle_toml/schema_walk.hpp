// The walk from a parsed bundle.toml table to BundleMetadata: one function per
// table of the schema. Problems go to the reader's Diagnostics.
#pragma once

#include <map>
#include <string>

#include "formats/bundle_toml/validators.hpp"
#include "formats/toml/diagnostics.hpp"
#include "formats/toml/table_reader.hpp"
#include "formats/toml/value_checks.hpp"
#include "modelseal/metadata.hpp"

namespace modelseal::formats::bundle_toml_internal {

// The TOML schema module's names the walk uses.
using toml_schema::check_text;
using toml_schema::Diagnostics;
using toml_schema::Field;
using toml_schema::Need;
using toml_schema::Position;
using toml_schema::position_of;
using toml_schema::report_wrong_type;
using toml_schema::table_position;
using toml_schema::TableReader;
using toml_schema::with_hint;

// Reads every table below the root (`schema` is checked by the caller) and
// reports unknown top-level keys.
void read_root(TableReader& root, BundleMetadata& out);

// The names declared in [[dataset]], for the evaluations' `dataset` references.
struct DatasetNames {
  std::map<std::string, size_t> index;  // name -> its [[dataset]] entry
  // False when [[dataset]] or a name in it has a problem of its own: a reference that matches
  // none of `index` may name it, so it is not reported.
  bool complete = true;
};

// [card] and [[card.evaluation]].
void read_card(TableReader& root, const DatasetNames& dataset_names, ModelCard& out);
void read_transparency(TableReader& root, Transparency& out);
void read_payload(TableReader& root, PayloadRules& out);

}  // namespace modelseal::formats::bundle_toml_internal
