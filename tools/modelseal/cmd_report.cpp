// `modelseal report`: the ETSI EN 304 223 compliance report of a bundle or an
// extracted bundle folder (docs/compliance-report.md). The library gathers the
// evidence (collect_report_evidence) and judges it (evaluate_compliance); this
// command renders the report and writes it.
#include <fmt/core.h>

#include "commands.hpp"
#include "count_options.hpp"
#include "modelseal/compliance.hpp"
#include "modelseal/output_file.hpp"
#include "output.hpp"
#include "trust_args.hpp"

namespace modelseal::cli {
namespace {

struct ReportFlags {
  std::string path;
  std::string format = "md";
  std::string output;
  TrustArgs trust;
  std::vector<std::string> signatures;
  std::string registry_policy;
  std::string work_dir;
  bool require_all = false;
  bool force = false;
  unsigned threads = 0;
};

ReportRequest request_of(const ReportFlags& f) {
  ReportRequest request;
  request.target = f.path;
  request.trust = trust_sources(f.trust);
  request.signatures.assign(f.signatures.begin(), f.signatures.end());
  if (!f.registry_policy.empty()) request.registry_policy = f.registry_policy;
  if (!f.work_dir.empty()) request.work_dir = f.work_dir;
  request.read.threads = f.threads;
  request.read.progress = terminal_progress();
  return request;
}

std::string render(const ComplianceReport& report, const std::string& format) {
  if (format == "json") return render_json(report);
  if (format == "html") return render_html(report);
  return render_markdown(report);
}

int run_report(const ReportFlags& f) {
  const ReportRequest request = request_of(f);
  auto content = verify_report_content(request);
  if (!content.ok()) {
    int code = report_error(content.error());
    if (content.error().code == ErrorCode::kInvalidArgument)
      print_hint("build a bundle first (modelseal build FOLDER -o MODEL.mbundle) and report on it");
    else if (code == kExitRejected)
      print_hint("no report is written for content that does not match its manifest");
    return code;
  }
  auto evidence = collect_report_evidence(request, std::move(*content));
  if (!evidence.ok()) return report_error(evidence.error());
  const ComplianceReport report = evaluate_compliance(*evidence);

  const std::string text = render(report, f.format);
  if (f.output.empty() || f.output == "-") {
    fmt::print("{}", text);
  } else {
    if (auto written = write_output_file(f.output, text, f.force); !written.ok())
      return report_error(written.error());
    say("wrote {}: {} met, {} partial, {} missing, {} failed\n", f.output,
               report.counts.met, report.counts.partial, report.counts.missing, report.counts.failed);
  }
  if (f.require_all && !report.all_met()) {
    std::string ids;
    for (const ProvisionResult& p : report.provisions)
      if (p.status == ProvisionStatus::kMissing || p.status == ProvisionStatus::kFailed)
        ids += (ids.empty() ? "" : ", ") + p.id + " (" + std::string(provision_status_name(p.status)) + ")";
    fmt::print(stderr, "modelseal: error: {}: --require-all: not met: {}\n", f.path, ids);
    return kExitRejected;
  }
  return kExitOk;
}

}  // namespace

Command add_report(CLI::App& root) {
  auto* app = root.add_subcommand("report", "Write the ETSI EN 304 223 compliance report of a bundle");
  auto f = std::make_shared<ReportFlags>();
  app->add_option("path", f->path, "A .mbundle or an extracted bundle folder")->required();
  app->add_option("--format", f->format, "md (default), json or html")
      ->check(CLI::IsMember({"md", "json", "html"}));
  app->add_option("-o,--output", f->output, "Write the report to this file (atomically) instead of stdout ('-': stdout; './-' for a file so named)");
  app->add_flag("--force", f->force, "Replace an existing -o file (never a link or device)");
  add_trust_options(*app, f->trust);
  app->add_option("--signature", f->signatures,
                  "A signature file (default: BUNDLE.sig, or FOLDER/model.sig); repeatable")
      ->allow_extra_args(false);
  app->add_option("--registry-policy", f->registry_policy,
                  "The registry policy (registry.toml) the weight scan applies; see "
                  "docs/registry-policy.md");
  app->add_option("--work-dir", f->work_dir,
                  "Where the weight scan puts private copies of the bundle's files it must seek in "
                  "(default: the temporary folder)");
  app->add_flag("--require-all", f->require_all, "Exit 1 when a provision is missing or failed");
  add_threads_option(*app, f->threads, "Hashing threads, for bundles and folders");
  return {app, [f] { return run_report(*f); }};
}

}  // namespace modelseal::cli
