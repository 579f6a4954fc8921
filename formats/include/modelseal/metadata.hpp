// The author's description of a model, as written in bundle.toml
// (schema: specs/bundle-toml-v1.md). Parsed by formats/bundle_toml.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace modelseal {

struct BaseModel {
  std::string name;
  std::string digest;    // "sha256:<64 hex>"
  std::string relation;  // finetune | quantized | distilled | adapter | merge | other
  std::optional<std::string> source_url;  // where the base model was obtained (ETSI P7)
};

struct Evaluation {
  std::string metric;
  std::string value;     // a number's shortest decimal text, or the string as written
  bool value_is_number = false;
  std::string dataset;
  std::string date;      // RFC 3339 date or date-time with offset, normalised
};

struct Dataset {
  std::string name;
  std::string role;          // train | finetune | eval
  std::string source_url;    // where it was obtained (ETSI P8)
  std::string retrieved_at;  // RFC 3339 date-time with offset (ETSI P8)
  std::optional<std::string> digest;  // "sha256:<64 hex>" when known
  std::string license;
  std::string custodian;
  bool personal_data = false;
  std::optional<std::string> known_bias;
};

struct ModelCard {
  std::string intended_use;
  std::vector<std::string> out_of_scope_uses;
  std::vector<std::string> prohibited_uses;
  std::vector<std::string> limitations;
  std::vector<std::string> failure_modes;
  std::vector<std::string> guardrails;
  std::string human_oversight;
  std::vector<Evaluation> evaluations;
};

// End-user transparency (ETSI P10): what happens to user data.
struct Transparency {
  std::string data_use;
  std::string data_storage;
  std::string data_retention;
};

// Which files of the model folder are payload. Globs are matched against
// '/'-separated relative paths: '*' within a component, '**' across them.
struct PayloadRules {
  std::vector<std::string> include{"**"};
  std::vector<std::string> exclude;
};

struct BundleMetadata {
  // identity
  std::string name;
  std::string version;  // semver 2.0.0
  std::string license;  // SPDX expression
  std::string description;
  std::vector<std::string> authors;
  std::string supplier;
  std::string security_contact;
  std::optional<BaseModel> base_model;

  ModelCard card;
  std::vector<Dataset> datasets;
  Transparency transparency;
  PayloadRules payload;
};

}  // namespace modelseal

// Renderings for `inspect` and for programs embedding modelseal (formats/bundle_toml).
namespace modelseal::formats {

// The metadata as JSON (inspect --json, and the manifest's "metadata" object).
nlohmann::json metadata_to_json(const BundleMetadata& metadata);

// Plain text for `modelseal inspect` on a terminal: identity, card, provenance, limitations,
// transparency.
std::string render_model_card_text(const BundleMetadata& metadata);

}  // namespace modelseal::formats
