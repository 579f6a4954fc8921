// Provisions evidenced by the bundle's verified content and its provenance:
// the asset inventory, versioning, the base model and the data sources.
#include <string>

#include "report/provisions.hpp"

namespace modelseal::report {

ProvisionResult asset_inventory(const VerifiedContent& content) {
  ProvisionResult r = provision("etsi.p5.asset_inventory", "5",
                                "Asset inventory with hashes, integrity verified");
  r.evidence.push_back("integrity verified: every file matches the manifest");
  r.evidence.push_back("content digest: " + content.content_digest.prefixed());
  r.evidence.push_back(std::to_string(content.file_count) + " files, " +
                       std::to_string(content.total_bytes) + " bytes");
  size_t listed = 0;
  for (const FileRecord& f : content.files) {
    if (listed++ == kMaxListedFiles) break;
    r.evidence.push_back(f.path + " (" + std::to_string(f.size) + " bytes) " + f.sha256.prefixed());
  }
  if (content.files.size() > kMaxListedFiles)
    r.evidence.push_back("... and " + std::to_string(content.files.size() - kMaxListedFiles) +
                         " more files (modelseal inspect --json lists them all)");
  if (content.files.empty()) {
    r.status = ProvisionStatus::kMissing;
    r.remedy = "the bundle lists no files; build it from the model folder with modelseal build";
  } else {
    r.status = ProvisionStatus::kMet;
  }
  return r;
}

ProvisionResult versioning(const VerifiedContent& content) {
  ProvisionResult r = provision("etsi.p5.versioning", "5", "Model identity and semantic version");
  bool named = !content.name.empty();
  bool versioned = !content.version.empty();
  r.evidence.push_back(named ? "model.name: " + content.name : "model.name: (not given)");
  r.evidence.push_back(versioned ? "model.version: " + content.version : "model.version: (not given)");
  const BundleMetadata& m = content.metadata;
  if (!m.description.empty()) r.evidence.push_back("model.description: " + m.description);
  if (!m.supplier.empty()) r.evidence.push_back("model.supplier: " + m.supplier);
  if (!m.authors.empty()) r.evidence.push_back("model.authors: " + joined(m.authors));
  if (!m.license.empty()) r.evidence.push_back("model.license: " + m.license);
  r.status = status_by_presence(size_t{named} + size_t{versioned}, 2);
  if (r.status != ProvisionStatus::kMet)
    r.remedy = "set [model] name and a semver version in bundle.toml";
  return r;
}

ProvisionResult base_model(const BundleMetadata& metadata) {
  ProvisionResult r = provision("etsi.p7.base_model", "7", "Base model provenance");
  if (!metadata.base_model) {
    r.status = ProvisionStatus::kNotApplicable;
    r.evidence.push_back("bundle.toml declares no [model.base]: the model claims not to derive from another");
    r.remedy = "if the model was fine-tuned, quantized, distilled or merged from another, add [model.base]";
    return r;
  }
  const BaseModel& base = *metadata.base_model;
  r.evidence.push_back("model.base.name: " + base.name);
  r.evidence.push_back("model.base.digest: " + base.digest);
  r.evidence.push_back("model.base.relation: " + base.relation);
  r.evidence.push_back("model.base.source_url: " + base.source_url.value_or("(not given)"));
  size_t present = size_t{!base.name.empty()} + size_t{!base.digest.empty()} +
                   size_t{!base.relation.empty()} + size_t{base.source_url.has_value()};
  r.status = status_by_presence(present, 4);
  if (r.status != ProvisionStatus::kMet)
    r.remedy = "give [model.base] name, digest, relation and source_url";
  return r;
}

ProvisionResult data_sources(const std::vector<Dataset>& datasets) {
  ProvisionResult r = provision("etsi.p8.data_sources", "7, 8",
                                "Training and evaluation data sources with digests");
  if (datasets.empty()) {
    r.status = ProvisionStatus::kMissing;
    r.evidence.push_back("no [[dataset]] entries");
    r.remedy = "describe each training and evaluation dataset as [[dataset]] with source_url, "
               "retrieved_at and digest";
    return r;
  }
  size_t complete = 0;
  for (const Dataset& d : datasets) {
    bool has_all = !d.source_url.empty() && !d.retrieved_at.empty() && d.digest.has_value();
    complete += has_all;
    r.evidence.push_back(d.name + " (" + d.role + "): source " +
                         (d.source_url.empty() ? "(not given)" : d.source_url) + ", retrieved " +
                         (d.retrieved_at.empty() ? "(not given)" : d.retrieved_at) + ", digest " +
                         d.digest.value_or("(none: content not pinned)"));
  }
  r.status = complete == datasets.size() ? ProvisionStatus::kMet : ProvisionStatus::kPartial;
  if (r.status != ProvisionStatus::kMet)
    r.remedy = "add the sha256 digest (and source_url, retrieved_at) of every [[dataset]], so the "
               "exact data used can be checked later";
  return r;
}

}  // namespace modelseal::report
