// The compliance report as one self-contained HTML page. Every value is
// escaped (report/text_escape.hpp); the page holds no script, loads nothing,
// and its Content-Security-Policy forbids both should escaping ever fail.
#include "modelseal/compliance.hpp"
#include "report/render_common.hpp"
#include "report/text_escape.hpp"

namespace modelseal {
namespace {

using report::html_escaped;

constexpr char kHead[] = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="referrer" content="no-referrer">
<style>
body { font-family: sans-serif; max-width: 60em; margin: 2em auto; padding: 0 1em; color: #222; }
table { border-collapse: collapse; }
th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; text-align: left; }
li { overflow-wrap: anywhere; }
.status { font-weight: bold; }
.met { color: #16632b; } .partial { color: #8a5a00; } .missing, .failed { color: #b00020; }
.not_applicable { color: #555; }
</style>
)";

std::string status_span(ProvisionStatus status) {
  return "<span class=\"status " + std::string(provision_status_name(status)) + "\">" +
         report::status_label(status) + "</span>";
}

void append_provision(std::string& out, const ProvisionResult& p) {
  out += "<section id=\"" + html_escaped(p.id) + "\">\n<h2>" + html_escaped(p.id) + ": " +
         html_escaped(p.title) + "</h2>\n";
  out += "<p>Principle " + html_escaped(p.principle) + ". Status: " + status_span(p.status) + "</p>\n<ul>\n";
  for (const std::string& line : p.evidence) out += "<li>" + html_escaped(line) + "</li>\n";
  out += "</ul>\n";
  if (!p.remedy.empty()) out += "<p>To do: " + html_escaped(p.remedy) + "</p>\n";
  out += "</section>\n";
}

}  // namespace

std::string render_html(const ComplianceReport& r) {
  std::string title = std::string(report::kStandardName) + " compliance report: " +
                      html_escaped(r.model_name) + " " + html_escaped(r.model_version);
  std::string out = kHead;
  out += "<title>" + title + "</title>\n</head>\n<body>\n<h1>" + title + "</h1>\n<ul>\n";
  out += "<li>Target: " + html_escaped(r.target) + "</li>\n";
  out += "<li>Content digest: " + html_escaped(r.content_digest) + "</li>\n";
  out += "<li>Generated: " + html_escaped(r.generated_at) + " by modelseal " MODELSEAL_VERSION "</li>\n";
  out += "<li>Summary: " + report::summary_line(r.counts) + "</li>\n</ul>\n";
  out += "<table>\n<tr><th>Provision</th><th>Principle</th><th>Status</th></tr>\n";
  for (const ProvisionResult& p : r.provisions)
    out += "<tr><td><a href=\"#" + html_escaped(p.id) + "\">" + html_escaped(p.id) + "</a></td><td>" +
           html_escaped(p.principle) + "</td><td>" + status_span(p.status) + "</td></tr>\n";
  out += "</table>\n";
  for (const ProvisionResult& p : r.provisions) append_provision(out, p);
  return out + "</body>\n</html>\n";
}

}  // namespace modelseal
