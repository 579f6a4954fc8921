// bundle_toml_template: the commented bundle.toml written by `modelseal init`.
// Every value the author must supply holds the "FILL ME" placeholder (or a
// string where a date or boolean belongs), so the file parses as TOML but fails
// validation until it is filled in. Keys mirror specs/bundle-toml-v1.md.
#include <string>

#include "formats/bundle_toml/bundle_toml.hpp"
#include "formats/bundle_toml/validators.hpp"

namespace modelseal::formats {

namespace {

constexpr std::string_view kHead = R"TOML(# bundle.toml: what modelseal needs to know about this model.
# Schema: modelseal.bundle/v1 (specs/bundle-toml-v1.md). Replace every
# "FILL ME" value; modelseal refuses to seal the folder until none is left.
# ETSI EN 304 223 principles referenced below: P4 human responsibility,
# P5 asset inventory, P7 supply chain, P8 documentation of data, models and
# prompts, P9 testing and evaluation, P10 end-user communication.
schema = "modelseal.bundle/v1"

# Identity of the model (P5, P7).
[model]
# Used in file names: lower-case letters, digits, '.', '_', '-' (max 128).
name = ")TOML";

constexpr std::string_view kTail = R"TOML("
# Semantic version 2.0.0: MAJOR.MINOR.PATCH[-pre.release][+build].
version = "0.1.0"
# SPDX license expression, e.g. "Apache-2.0", "MIT OR Apache-2.0",
# "LicenseRef-My-Terms" for terms without an SPDX identifier.
license = "FILL ME: SPDX license expression"
# One or two sentences on what the model does (P8).
description = "FILL ME: what the model does"
# People or teams who made the model.
authors = ["FILL ME: author name"]
# The organisation that supplies the model and answers for it (P7).
supplier = "FILL ME: supplier organisation"
# Where to report vulnerabilities: an email address or an https URL.
security_contact = "FILL ME: security@your-domain"

# The model this one derives from (P7). Delete this table if there is none.
[model.base]
name = "FILL ME: base model name"
# sha256 of the base model's weights or bundle: "sha256:" + 64 lower-case hex.
digest = "FILL ME: sha256:..."
# One of finetune, quantized, distilled, adapter, merge, other.
relation = "FILL ME: finetune"
# Optional: where the base model was obtained, an absolute URI.
source_url = "FILL ME: https://..."

# The model card (P8): what the model is for, and what it must not be used for.
[card]
intended_use = "FILL ME: the intended use and users"
# Optional: uses the model was not designed or tested for.
out_of_scope_uses = ["FILL ME: an out-of-scope use"]
# Required, at least one: uses the supplier forbids.
prohibited_uses = ["FILL ME: a prohibited use"]
# Required, at least one: known limitations of the model.
limitations = ["FILL ME: a known limitation"]
# Optional: how the model is known to fail.
failure_modes = ["FILL ME: a failure mode"]
# Optional: safeguards around the model (input filters, thresholds, ...).
guardrails = ["FILL ME: a guardrail"]
# Optional: how people oversee the model's outputs (P4).
human_oversight = "FILL ME: how people oversee the outputs"

# Evaluation results (P9), one table per result. Optional; delete if none.
[[card.evaluation]]
metric = "FILL ME: metric name, e.g. accuracy"
# A number (0.91) or a string ("23/30 correct").
value = "FILL ME: result"
# The name of a [[dataset]] below.
dataset = "FILL ME: dataset name"
# A date (2026-09-12, unquoted) or an offset date-time.
date = "FILL ME: date, unquoted, e.g. 2026-09-12"

# Every dataset used to train, fine-tune or evaluate the model (P8), one
# [[dataset]] table each; at least one.
[[dataset]]
name = "FILL ME: short unique name"
# One of train, finetune, eval.
role = "FILL ME: train, finetune or eval"
# Where the data was obtained: an absolute URI (https://, s3://, hf:, or
# urn:... for internal data).
source_url = "FILL ME: https://..."
# When it was retrieved (P8 asks for date and time): an offset date-time,
# unquoted, e.g. 2026-09-12T10:00:00Z.
retrieved_at = "FILL ME: date-time, unquoted, e.g. 2026-09-12T10:00:00Z"
# Optional: sha256 of the data as retrieved, "sha256:" + 64 lower-case hex.
digest = "FILL ME: sha256:..."
# The data's license, as an SPDX expression (LicenseRef-... for other terms).
license = "FILL ME: SPDX license expression"
# Who is responsible for the data (the data custodian).
custodian = "FILL ME: data custodian"
# Does the data contain personal data? true or false, unquoted.
personal_data = "FILL ME: true or false, unquoted"
# Optional: known biases of the data.
known_bias = "FILL ME: known biases"

# What happens to end-users' data when the model is used (P10).
[transparency]
data_use = "FILL ME: how end-users' inputs and outputs are used"
data_storage = "FILL ME: where and how they are stored"
data_retention = "FILL ME: how long they are kept, and how to have them deleted"

# Which files of this folder are the payload (P5 asset inventory): relative
# '/'-separated globs with *, ** and ?. Optional; the default includes all.
[payload]
include = ["**"]
exclude = []
)TOML";

}  // namespace

std::string bundle_toml_template(std::string_view model_name) {
  // An invalid name would need escaping to stay valid TOML; leave it to the author.
  const bool usable = !bundle_toml_internal::check_model_name(model_name).has_value();
  std::string text(kHead);
  text += usable ? model_name : std::string_view("FILL ME: model-name");
  text += kTail;
  return text;
}

}  // namespace modelseal::formats
