// collect_report_evidence: the evidence of a compliance report, as `modelseal report` gathers it:
// the content against its manifest, each signature, and the verdict of `modelseal validate`.
#include <algorithm>
#include <system_error>

#include <fmt/format.h>

#include "modelseal/compliance.hpp"
#include "modelseal/validate.hpp"
#include "signing/signed_content.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

Result<std::vector<SignatureEvidence>> signature_evidence(const ReportRequest& request,
                                                          const VerifiedContent& content) {
  SignatureVerifyOptions options;
  options.target = request.target;
  options.read = request.read;
  options.verified_bundle = &content;  // used for a bundle file only
  MS_TRY(load_trust_sources(request.trust, options));
  std::vector<stdfs::path> files = request.signatures;
  const bool named = !files.empty();
  if (!named) files.push_back(signing::default_signature_path(request.target));

  std::vector<SignatureEvidence> evidence;
  for (const stdfs::path& file : files) {
    SignatureEvidence e;
    e.file = file;
    std::error_code ec;
    if (!stdfs::exists(file, ec)) {
      if (named) return make_error(ErrorCode::kNotFound, file.string() + ": no such signature file");
      e.state = SignatureEvidence::State::kAbsent;
      e.detail = "no signature at the default location";
    } else if (request.trust.empty()) {
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

Result<ValidationReport> run_scan(const ReportRequest& request) {
  ValidateOptions options;
  options.target = request.target;
  options.threads = request.read.threads;
  options.progress = request.read.progress;
  if (request.work_dir) options.work_dir = *request.work_dir;
  if (request.registry_policy) {
    MS_ASSIGN_OR_RETURN(options.policy, load_registry_policy(*request.registry_policy));
  }
  return validate_upload(options);
}

ScanEvidence scan_evidence(const ReportRequest& request, const ValidationReport& validation) {
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
  const std::string summary = fmt::format(
      "modelseal validate: {} files scanned{}", validation.files.size(),
      request.registry_policy ? ", registry policy " + request.registry_policy->string() : "");
  e.detail = e.detail.empty() ? summary : summary + "; " + e.detail;
  return e;
}

}  // namespace

Result<ReportTarget> verify_report_content(const ReportRequest& request) {
  const stdfs::path& target = request.target;
  std::error_code ec;
  if (!stdfs::exists(target, ec))
    return make_error(ErrorCode::kNotFound, target.string() + ": no such file or folder");
  if (stdfs::is_directory(target, ec)) {
    if (!stdfs::is_regular_file(target / kManifestPath, ec))
      return make_error(ErrorCode::kInvalidArgument,
                        target.string() + ": not a bundle folder (no " + kManifestPath +
                            "): the report needs the bundle's metadata");
    MS_ASSIGN_OR_RETURN(VerifiedContent content, verify_bundle_folder(target, request.read));
    return ReportTarget{std::move(content), std::nullopt};
  }
  if (!is_bundle_file(target))
    return make_error(ErrorCode::kInvalidArgument,
                      target.string() + ": not a bundle (.mbundle) or bundle folder");
  auto scanned = run_scan(request);
  if (scanned.ok() && scanned->content) {
    VerifiedContent content = *scanned->content;
    return ReportTarget{std::move(content), std::move(*scanned)};
  }
  MS_ASSIGN_OR_RETURN(VerifiedContent content, verify_bundle(target, request.read));
  std::optional<ValidationReport> scan;
  if (scanned.ok()) scan = std::move(*scanned);
  return ReportTarget{std::move(content), std::move(scan)};
}

Result<ComplianceInput> collect_report_evidence(const ReportRequest& request, ReportTarget target) {
  ComplianceInput input;
  input.target = request.target.string();
  MS_ASSIGN_OR_RETURN(input.signatures, signature_evidence(request, target.content));
  if (!target.scan) {
    MS_ASSIGN_OR_RETURN(ValidationReport scanned, run_scan(request));
    target.scan = std::move(scanned);
  }
  input.scan = scan_evidence(request, *target.scan);
  input.content = std::move(target.content);
  input.generated_at = request.generated_at.value_or(std::chrono::system_clock::now());
  return input;
}

Result<ComplianceInput> collect_report_evidence(const ReportRequest& request) {
  MS_ASSIGN_OR_RETURN(ReportTarget target, verify_report_content(request));
  return collect_report_evidence(request, std::move(target));
}

}  // namespace modelseal
