// `modelseal report`: the ETSI EN 304 223 compliance report of a bundle or an
// extracted bundle folder (docs/compliance-report.md). Gathers the evidence
// (integrity, signatures, the `validate` verdict) and hands it to evaluate_compliance.
#include <algorithm>
#include <chrono>
#include <filesystem>

#include <fmt/core.h>

#include "commands.hpp"
#include "modelseal/compliance.hpp"
#include "modelseal/output_file.hpp"
#include "modelseal/validate.hpp"
#include "output.hpp"
#include "trust_args.hpp"

namespace modelseal::cli {
namespace {

namespace stdfs = std::filesystem;

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

// A report is written only about content that matches its manifest.
Result<VerifiedContent> verify_content(const ReportFlags& f) {
  std::error_code ec;
  const stdfs::path target = f.path;
  if (!stdfs::exists(target, ec))
    return make_error(ErrorCode::kNotFound, f.path + ": no such file or folder");
  ReadOptions options;
  options.threads = f.threads;
  options.progress = terminal_progress();
  if (stdfs::is_directory(target, ec)) {
    if (!stdfs::is_regular_file(target / kManifestPath, ec))
      return make_error(ErrorCode::kInvalidArgument,
                        f.path + ": not a bundle folder (no " + kManifestPath +
                            "): the report needs the bundle's metadata");
    return verify_bundle_folder(target, options);
  }
  if (!is_bundle_file(target))
    return make_error(ErrorCode::kInvalidArgument, f.path + ": not a bundle (.mbundle) or bundle folder");
  return verify_bundle(target, options);
}

// Where `verify` and `sign` look by default: "<folder>/model.sig" or "<bundle>.sig".
stdfs::path default_signature(const stdfs::path& target) {
  std::error_code ec;
  if (stdfs::is_directory(target, ec)) return target / kFolderSignatureName;
  stdfs::path sig = target;
  sig += ".sig";
  return sig;
}

Result<std::vector<SignatureEvidence>> check_signatures(const ReportFlags& f) {
  SignatureVerifyOptions options;
  options.target = f.path;
  options.read.threads = f.threads;
  options.read.progress = terminal_progress();
  MS_TRY(load_trust(f.trust, options));
  std::vector<stdfs::path> files(f.signatures.begin(), f.signatures.end());
  const bool named = !files.empty();
  if (!named) files.push_back(default_signature(f.path));

  std::vector<SignatureEvidence> evidence;
  for (const stdfs::path& file : files) {
    SignatureEvidence e;
    e.file = file;
    std::error_code ec;
    if (!stdfs::exists(file, ec)) {
      if (named) return make_error(ErrorCode::kNotFound, file.string() + ": no such signature file");
      e.state = SignatureEvidence::State::kAbsent;
      e.detail = "no signature at the default location";
    } else if (f.trust.empty()) {
      e.state = SignatureEvidence::State::kNotChecked;
      e.detail = "present but not verified: no --key, --trusted-keys or --ca given";
    } else {
      options.signature = file;
      auto verified = verify_model_signature(options);
      if (verified.ok()) {
        e.state = SignatureEvidence::State::kVerified;
        e.verified = std::move(*verified);
      } else {
        e.state = SignatureEvidence::State::kInvalid;
        e.detail = verified.error().detail;
      }
    }
    evidence.push_back(std::move(e));
  }
  return evidence;
}

// The verdict of `modelseal validate` on the same target, as scan evidence.
Result<ScanEvidence> scan_evidence(const ReportFlags& f) {
  ValidateOptions options;
  options.target = f.path;
  options.threads = f.threads;
  if (!f.work_dir.empty()) options.work_dir = f.work_dir;
  if (!f.registry_policy.empty()) {
    auto policy = load_registry_policy(f.registry_policy);
    if (!policy.ok()) return make_error(ErrorCode::kInvalidArgument, policy.error().detail);
    options.policy = std::move(*policy);
  }
  MS_ASSIGN_OR_RETURN(ValidationReport validation, validate_upload(options));
  ScanEvidence e;
  e.ran = true;
  e.accepted = !validation.rejected();
  for (const formats::Finding& finding : validation.findings) {
    const bool error = finding.severity == formats::Severity::kError;
    e.errors += error;
    e.warnings += finding.severity == formats::Severity::kWarning;
    if (error && e.detail.empty())
      e.detail = fmt::format("first error: {} [{}] {}", finding.file, finding.id, finding.message);
  }
  for (const ValidatedFile& file : validation.files)
    if (!file.format.empty() &&
        std::find(e.formats.begin(), e.formats.end(), file.format) == e.formats.end())
      e.formats.push_back(file.format);
  const std::string summary =
      fmt::format("modelseal validate: {} files scanned{}", validation.files.size(),
                  f.registry_policy.empty() ? "" : ", registry policy " + f.registry_policy);
  e.detail = e.detail.empty() ? summary : summary + "; " + e.detail;
  return e;
}

std::string render(const ComplianceReport& report, const std::string& format) {
  if (format == "json") return render_json(report);
  if (format == "html") return render_html(report);
  return render_markdown(report);
}

int run_report(const ReportFlags& f) {
  auto content = verify_content(f);
  if (!content.ok()) {
    int code = report_error(content.error());
    if (content.error().code == ErrorCode::kInvalidArgument)
      print_hint("build a bundle first (modelseal build FOLDER -o MODEL.mbundle) and report on it");
    else if (code == kExitRejected)
      print_hint("no report is written for content that does not match its manifest");
    return code;
  }
  auto signatures = check_signatures(f);
  if (!signatures.ok()) return report_error(signatures.error());
  auto scan = scan_evidence(f);
  if (!scan.ok()) return report_error(scan.error());

  ComplianceInput input;
  input.target = f.path;
  input.content = std::move(*content);
  input.signatures = std::move(*signatures);
  input.scan = std::move(*scan);
  input.generated_at = std::chrono::system_clock::now();
  const ComplianceReport report = evaluate_compliance(input);

  const std::string text = render(report, f.format);
  if (f.output.empty()) {
    fmt::print("{}", text);
  } else {
    if (auto written = write_output_file(f.output, text, f.force); !written.ok())
      return report_error(written.error());
    fmt::print("wrote {}: {} met, {} partial, {} missing, {} failed\n", f.output,
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
  app->add_option("-o,--output", f->output, "Write the report to this file (atomically) instead of stdout");
  app->add_flag("--force", f->force, "Replace an existing -o file (never a link or device)");
  add_trust_options(*app, f->trust);
  app->add_option("--signature", f->signatures,
                  "A signature file (default: BUNDLE.sig, or FOLDER/model.sig); repeatable")
      ->allow_extra_args(false);
  app->add_option("--registry-policy", f->registry_policy,
                  "The registry policy (registry.toml) the weight scan applies; see "
                  "docs/registry-policy.md");
  app->add_option("--work-dir", f->work_dir,
                  "Where the bundle is extracted for the weight scan (default: the temporary folder)");
  app->add_flag("--require-all", f->require_all, "Exit 1 when a provision is missing or failed");
  app->add_option("--threads", f->threads, "Hashing threads for folders (default: one per core)");
  return {app, [f] { return run_report(*f); }};
}

}  // namespace modelseal::cli
