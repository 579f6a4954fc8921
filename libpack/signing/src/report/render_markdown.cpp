// The compliance report as Markdown: a summary table, then one section per
// provision with its evidence. Every value is escaped (report/text_escape.hpp).
#include "modelseal/compliance.hpp"
#include "report/render_common.hpp"
#include "report/text_escape.hpp"

namespace modelseal {
namespace {

using report::markdown_code;
using report::markdown_escaped;

void append_provision(std::string& out, const ProvisionResult& p) {
  out += "\n## " + markdown_code(p.id) + ": " + markdown_escaped(p.title) + "\n\n";
  out += "Principle " + markdown_escaped(p.principle) + ". Status: **" +
         report::status_label(p.status) + "**\n\n";
  for (const std::string& line : p.evidence) out += "- " + markdown_escaped(line) + "\n";
  if (!p.remedy.empty()) out += "\nTo do: " + markdown_escaped(p.remedy) + "\n";
}

}  // namespace

std::string render_markdown(const ComplianceReport& r) {
  std::string out = std::string("# ") + report::kStandardName + " compliance report: " +
                    markdown_escaped(r.model_name) + " " + markdown_escaped(r.model_version) + "\n\n";
  out += "- Target: " + markdown_escaped(r.target) + "\n";
  out += "- Content digest: " + markdown_code(r.content_digest) + "\n";
  out += "- Generated: " + markdown_escaped(r.generated_at) + " by modelseal " MODELSEAL_VERSION "\n";
  out += "- Summary: " + report::summary_line(r.counts) + "\n\n";
  out += "| Provision | Principle | Status |\n|---|---|---|\n";
  for (const ProvisionResult& p : r.provisions)
    out += "| " + markdown_code(p.id) + " | " + markdown_escaped(p.principle) + " | " +
           report::status_label(p.status) + " |\n";
  for (const ProvisionResult& p : r.provisions) append_provision(out, p);
  return out;
}

}  // namespace modelseal
