// The compliance report as JSON (schema "modelseal.compliance-report/v1",
// docs/compliance-report.md).
#include <nlohmann/json.hpp>

#include "modelseal/compliance.hpp"

namespace modelseal {

std::string render_json(const ComplianceReport& r) {
  using nlohmann::json;
  json provisions = json::array();
  for (const ProvisionResult& p : r.provisions)
    provisions.push_back({{"id", p.id},
                          {"principle", p.principle},
                          {"title", p.title},
                          {"status", provision_status_name(p.status)},
                          {"evidence", p.evidence},
                          {"remedy", p.remedy}});
  json out = {{"schema", kComplianceReportSchema},
              {"standard", "ETSI EN 304 223"},
              {"tool", {{"name", "modelseal"}, {"version", MODELSEAL_VERSION}}},
              {"generated_at", r.generated_at},
              {"target", r.target},
              {"model",
               {{"name", r.model_name},
                {"version", r.model_version},
                {"content_digest", r.content_digest}}},
              {"summary",
               {{"met", r.counts.met},
                {"partial", r.counts.partial},
                {"missing", r.counts.missing},
                {"failed", r.counts.failed},
                {"not_applicable", r.counts.not_applicable},
                {"all_met", r.all_met()}}},
              {"provisions", std::move(provisions)}};
  // Invalid UTF-8 in hostile metadata becomes U+FFFD instead of an exception.
  return out.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace modelseal
