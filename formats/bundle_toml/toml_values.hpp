// Readers for the bundle.toml values that are not plain strings: the
// retrieval date-time of a dataset, the date and the value of an evaluation.
// Dates are normalised to RFC 3339 text (see specs/bundle-toml-v1.md).
#pragma once

#include <string>

#include "formats/bundle_toml/schema_walk.hpp"

namespace modelseal::formats::bundle_toml_internal {

// An offset date-time only; local date-times and plain dates are rejected
// with a hint that ETSI principle 8 asks for the retrieval date and time.
bool read_offset_date_time(TableReader& reader, const Field& field, std::string& out);

// A local date ("2026-09-12") or an offset date-time.
bool read_date_or_offset_date_time(TableReader& reader, const Field& field, std::string& out);

// An integer, a finite float (as its shortest round-trip decimal text) or a string.
bool read_number_or_string(TableReader& reader, const Field& field, std::string& out,
                           bool& is_number);

// RFC 3339 text of TOML values: "2026-09-12", "10:00:00.5", "2026-09-12T10:00:00Z".
std::string format_date(const toml::date& date);
std::string format_time(const toml::time& time);
std::string format_date_time(const toml::date_time& date_time);

}  // namespace modelseal::formats::bundle_toml_internal
