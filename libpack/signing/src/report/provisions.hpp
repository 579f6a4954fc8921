// One function per provision of the compliance report: each looks at one part
// of the evidence and says met, partial, missing, failed or not applicable,
// with the values it saw. Ids and rules: docs/compliance-report.md.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "modelseal/compliance.hpp"

namespace modelseal::report {

// The asset inventory names at most this many files; the rest are counted.
inline constexpr size_t kMaxListedFiles = 1000;

ProvisionResult human_oversight(const ModelCard& card);
ProvisionResult asset_inventory(const VerifiedContent& content);
ProvisionResult versioning(const VerifiedContent& content);
ProvisionResult signatures(const std::vector<SignatureEvidence>& evidence,
                           const Sha256Digest& content_digest);
ProvisionResult base_model(const BundleMetadata& metadata);
ProvisionResult data_sources(const std::vector<Dataset>& datasets);
ProvisionResult model_documentation(const ModelCard& card);
ProvisionResult evaluations(const ModelCard& card);
ProvisionResult weight_scan(const ScanEvidence& scan);
ProvisionResult use_restrictions(const ModelCard& card);
ProvisionResult end_user_data(const Transparency& transparency);
ProvisionResult security_contact(const BundleMetadata& metadata);

inline ProvisionResult provision(std::string id, std::string principle, std::string title) {
  ProvisionResult r;
  r.id = std::move(id);
  r.principle = std::move(principle);
  r.title = std::move(title);
  return r;
}

// Met when every one of `total` fields is present, missing when none is,
// partial otherwise.
ProvisionStatus status_by_presence(size_t present, size_t total);

// "a; b; c", for the evidence line of a list field.
std::string joined(const std::vector<std::string>& items);

}  // namespace modelseal::report
