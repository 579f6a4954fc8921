// Value checks for bundle.toml fields (specs/bundle-toml-v1.md, "Value formats").
// Each returns std::nullopt when the value is valid, or a phrase saying why it
// is not, written to follow the quoted value: `"1.2" is not a semantic version: ...`.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "formats/bundle_toml/schema_limits.hpp"
#include "formats/toml/value_checks.hpp"

namespace modelseal::formats::bundle_toml_internal {

using toml_schema::Problem;

Problem check_model_name(std::string_view value);      // [a-z0-9][a-z0-9._-]{0,127}
Problem check_semver(std::string_view value);          // semver 2.0.0
Problem check_spdx_expression(std::string_view value); // SPDX license expression syntax
Problem check_email(std::string_view value);           // local@domain.tld
Problem check_https_url(std::string_view value);       // https://host[:port][/path...]
Problem check_security_contact(std::string_view value);  // email, mailto:email or https URL
Problem check_source_uri(std::string_view value);      // absolute URI, not file:
Problem check_sha256_digest(std::string_view value);   // "sha256:" + 64 lowercase hex
Problem check_payload_glob(std::string_view value);    // relative '/'-separated glob
Problem check_dataset_role(std::string_view value);    // train | finetune | eval
Problem check_base_relation(std::string_view value);   // finetune | quantized | ...

}  // namespace modelseal::formats::bundle_toml_internal
