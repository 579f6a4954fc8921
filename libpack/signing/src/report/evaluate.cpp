// evaluate_compliance: every provision, in principle order, and the counts.
#include "modelseal/compliance.hpp"
#include "report/provisions.hpp"

namespace modelseal {

std::string_view provision_status_name(ProvisionStatus status) {
  switch (status) {
    case ProvisionStatus::kMet: return "met";
    case ProvisionStatus::kPartial: return "partial";
    case ProvisionStatus::kMissing: return "missing";
    case ProvisionStatus::kFailed: return "failed";
    case ProvisionStatus::kNotApplicable: return "not_applicable";
  }
  return "unknown";
}

ComplianceReport evaluate_compliance(const ComplianceInput& input) {
  const VerifiedContent& content = input.content;
  const BundleMetadata& metadata = content.metadata;
  ComplianceReport report;
  report.target = input.target;
  report.model_name = content.name;
  report.model_version = content.version;
  report.content_digest = content.content_digest.prefixed();
  report.generated_at = utc_text(input.generated_at);
  report.provisions = {
      report::human_oversight(metadata.card),
      report::asset_inventory(content),
      report::versioning(content),
      report::signatures(input.signatures, content.content_digest),
      report::base_model(metadata),
      report::data_sources(metadata.datasets),
      report::model_documentation(metadata.card),
      report::evaluations(metadata.card),
      report::weight_scan(input.scan),
      report::use_restrictions(metadata.card),
      report::end_user_data(metadata.transparency),
      report::security_contact(metadata),
  };
  for (const ProvisionResult& p : report.provisions) {
    switch (p.status) {
      case ProvisionStatus::kMet: ++report.counts.met; break;
      case ProvisionStatus::kPartial: ++report.counts.partial; break;
      case ProvisionStatus::kMissing: ++report.counts.missing; break;
      case ProvisionStatus::kFailed: ++report.counts.failed; break;
      case ProvisionStatus::kNotApplicable: ++report.counts.not_applicable; break;
    }
  }
  return report;
}

}  // namespace modelseal
