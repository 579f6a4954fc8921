// The in-toto statements modelseal attests: SLSA provenance v1 of a bundle's
// build and the evaluation results of its model card (specs/attestations-v1.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "modelseal/attest.hpp"

namespace modelseal::attest {

struct BundleSubject {
  std::string file_name;  // the .mbundle's base name
  std::string name, version;
  Sha256Digest content_digest, archive_digest;
  Sha256Digest manifest_digest;  // of .modelseal/manifest.json: binds the files' names
};

nlohmann::ordered_json slsa_provenance(const BundleSubject& subject, const BundleMetadata& metadata,
                                       const ProvenanceParams& params);
nlohmann::ordered_json evaluation_results(const BundleSubject& subject, const BundleMetadata& metadata);

// The statement: the three subjects (content, archive, manifest), then the predicate.
nlohmann::ordered_json statement(const BundleSubject& subject, std::string_view predicate_type,
                                 nlohmann::ordered_json predicate);

}  // namespace modelseal::attest
