// Supply-chain attestations of a bundle (specs/attestations-v1.md): in-toto
// statements whose subjects are the bundle's content digest and archive
// digest, signed into DSSE envelopes in Sigstore bundles and stored beside
// the bundle in "<bundle>.attestations/".
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/keys.hpp"

namespace modelseal {

inline constexpr char kSlsaProvenancePredicateType[] = "https://slsa.dev/provenance/v1";
inline constexpr char kEvaluationPredicateType[] = "https://modelseal.dev/evaluation/v1";
inline constexpr char kModelsealBuildType[] = "https://modelseal.dev/build/bundle/v1";
inline constexpr char kDefaultBuilderId[] = "https://modelseal.dev/builder/local";

// Where a bundle's attestations live: "<bundle>.attestations".
std::filesystem::path attestation_dir(const std::filesystem::path& bundle);

struct ProvenanceParams {
  std::string builder_id = kDefaultBuilderId;
  std::optional<std::string> invocation_id;
  std::optional<std::string> started_on;   // RFC 3339; default: not recorded
  std::optional<std::string> finished_on;  // RFC 3339; default: now
};

struct AttestOptions {
  std::filesystem::path bundle;
  // "slsa-provenance", "evaluation", or a predicate type URI (then `predicate_file` is required).
  std::string predicate_type;
  std::optional<std::filesystem::path> predicate_file;  // JSON object, for custom types
  ProvenanceParams provenance;
  const keys::Signer* signer = nullptr;
  std::vector<keys::Certificate> certificate_chain;  // empty: key method
  std::optional<std::filesystem::path> output;       // default: in attestation_dir(bundle)
  bool overwrite = false;
};

struct AttestResult {
  std::filesystem::path path;
  std::string predicate_type;
  Sha256Digest content_digest;
  Sha256Digest archive_digest;
};

// Verifies the bundle, builds the statement, signs it and writes it atomically.
Result<AttestResult> attest_bundle(const AttestOptions& options);

}  // namespace modelseal
