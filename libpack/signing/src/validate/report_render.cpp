// The validation verdict as JSON (docs/validate.md) and as a SARIF 2.1.0 log
// for code-scanning dashboards.
#include <map>

#include <nlohmann/json.hpp>

#include "modelseal/validate.hpp"
#include "validate/validation_json.hpp"

namespace modelseal {
namespace {

using nlohmann::json;

std::string sarif_level(formats::Severity s) {
  switch (s) {
    case formats::Severity::kError: return "error";
    case formats::Severity::kWarning: return "warning";
    case formats::Severity::kInfo: return "note";
  }
  return "none";
}

json finding_json(const formats::Finding& f) {
  return {{"id", f.id},           {"severity", formats::severity_name(f.severity)},
          {"file", f.file},       {"offset", f.offset},
          {"message", f.message}, {"hint", f.hint}};
}

// "dump" with invalid UTF-8 replaced: messages quote hostile names.
std::string dump(const json& j) { return j.dump(2, ' ', false, json::error_handler_t::replace); }

}  // namespace

json validation_json(const ValidationReport& report) {
  json files = json::array();
  for (const ValidatedFile& f : report.files)
    files.push_back({{"path", f.path}, {"format", f.format}, {"size", f.size},
                     {"unsigned_by_default", f.unsigned_by_default}});
  json findings = json::array();
  size_t errors = 0, warnings = 0;
  for (const formats::Finding& f : report.findings) {
    findings.push_back(finding_json(f));
    errors += f.severity == formats::Severity::kError;
    warnings += f.severity == formats::Severity::kWarning;
  }
  json out = {{"target", report.target},
              {"kind", report.kind},
              {"verdict", report.rejected() ? "rejected" : "accepted"},
              {"errors", errors},
              {"warnings", warnings},
              {"tool", {{"name", "modelseal"}, {"version", MODELSEAL_VERSION}}}};
  if (report.model_name) out["model"] = {{"name", *report.model_name},
                                         {"version", report.model_version.value_or("")},
                                         {"content_digest", report.content_digest.value_or("")}};
  out["files"] = std::move(files);
  out["findings"] = std::move(findings);
  return out;
}

std::string validation_to_json(const ValidationReport& report) { return dump(validation_json(report)); }

std::string validation_to_sarif(const ValidationReport& report) {
  std::map<std::string, size_t> rule_index;
  json rules = json::array();
  json results = json::array();
  for (const formats::Finding& f : report.findings) {
    auto [it, added] = rule_index.emplace(f.id, rule_index.size());
    if (added)
      rules.push_back({{"id", f.id},
                       {"shortDescription", {{"text", f.id}}},
                       {"help", {{"text", f.hint + " (every id is described in modelseal's "
                                                  "docs/findings.md)"}}}});
    json location = {{"physicalLocation",
                      {{"artifactLocation", {{"uri", f.file.empty() ? report.target : f.file}}},
                       {"region", {{"byteOffset", f.offset}}}}}};
    results.push_back({{"ruleId", f.id},
                       {"ruleIndex", it->second},
                       {"level", sarif_level(f.severity)},
                       {"message", {{"text", f.message + " (hint: " + f.hint + ")"}}},
                       {"locations", json::array({location})}});
  }
  json run = {{"tool",
               {{"driver",
                 {{"name", "modelseal"},
                  {"version", MODELSEAL_VERSION},
                  {"rules", std::move(rules)}}}}},
              {"invocations",
               json::array({{{"executionSuccessful", true},
                             {"properties", {{"target", report.target},
                                             {"verdict", report.rejected() ? "rejected"
                                                                            : "accepted"}}}}})},
              {"results", std::move(results)}};
  json log = {{"$schema", "https://json.schemastore.org/sarif-2.1.0.json"},
              {"version", "2.1.0"},
              {"runs", json::array({std::move(run)})}};
  return dump(log);
}

}  // namespace modelseal
