// The ETSI EN 304 223 compliance report (docs/compliance-report.md): which
// provisions a verified bundle evidences, and with what. collect_report_evidence
// gathers the evidence (integrity, signatures, weight scan); evaluate_compliance
// judges it; the renderers print it. Every value in a report may come from a
// hostile upload: the renderers escape it for their format.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/signing.hpp"
#include "modelseal/validate.hpp"

namespace modelseal {

inline constexpr char kComplianceReportSchema[] = "modelseal.compliance-report/v1";

enum class ProvisionStatus { kMet, kPartial, kMissing, kFailed, kNotApplicable };

// "met", "partial", "missing", "failed", "not_applicable" (stable: JSON output).
std::string_view provision_status_name(ProvisionStatus status);

struct ProvisionResult {
  std::string id;         // stable, e.g. "etsi.p5.asset_inventory"
  std::string principle;  // principle numbers of docs/etsi-en-304-223.md, e.g. "5, 7"
  std::string title;
  ProvisionStatus status = ProvisionStatus::kMissing;
  std::vector<std::string> evidence;  // the concrete values, digests and file names
  std::string remedy;                 // what to do when not met; empty when met
};

struct SignatureEvidence {
  enum class State { kAbsent, kVerified, kNotChecked, kInvalid };
  State state = State::kAbsent;
  std::filesystem::path file;
  std::optional<VerifiedSignature> verified;  // kVerified only
  std::string detail;                         // why not checked, or why invalid
};

// The weight-file scan verdict (`modelseal validate`), supplied by the caller.
struct ScanEvidence {
  bool ran = false;
  bool accepted = false;
  size_t errors = 0;
  size_t warnings = 0;
  std::vector<std::string> formats;
  std::string detail;
};

struct ComplianceInput {
  std::string target;
  VerifiedContent content;  // proof that every file matched the manifest
  std::vector<SignatureEvidence> signatures;
  ScanEvidence scan;
  std::chrono::system_clock::time_point generated_at;
};

struct ProvisionCounts {
  size_t met = 0;
  size_t partial = 0;
  size_t missing = 0;
  size_t failed = 0;
  size_t not_applicable = 0;
};

struct ComplianceReport {
  std::string target;
  std::string model_name;
  std::string model_version;
  std::string content_digest;  // "sha256:<hex>"
  std::string generated_at;    // RFC 3339 UTC
  std::vector<ProvisionResult> provisions;
  ProvisionCounts counts;

  // No provision missing or failed (partial and not applicable are tolerated).
  bool all_met() const { return counts.missing == 0 && counts.failed == 0; }
};

// What `modelseal report` gathers the evidence from.
struct ReportRequest {
  std::filesystem::path target;  // a .mbundle or an extracted bundle folder
  // Whom to trust for the signatures; empty: a signature present is reported as not checked.
  TrustSources trust;
  // Signature files (each must exist); empty: the default one, "<bundle>.sig" or
  // "<folder>/model.sig", when present.
  std::vector<std::filesystem::path> signatures;
  std::optional<std::filesystem::path> registry_policy;  // the weight scan's registry.toml
  std::optional<std::filesystem::path> work_dir;         // where the scan copies files it must seek in
  ReadOptions read;
  std::optional<std::chrono::system_clock::time_point> generated_at;  // default: when gathered
};

// The first evidence, without which no report is written: every file matches the manifest.
// A bundle file is read once for that and for the `validate` verdict, so that the content, the
// scan and the signatures are evidence about the same bytes (a second read only when the scan
// refused the archive itself: verify's read then names the error).
struct ReportTarget {
  VerifiedContent content;
  std::optional<ValidationReport> scan;  // a bundle file's verdict, from the same read
};

// kNotFound: no target; kInvalidArgument: not a bundle or bundle folder; else the check's error.
Result<ReportTarget> verify_report_content(const ReportRequest& request);

// The rest of the evidence about the target verify_report_content checked: each signature
// (verified, invalid, not checked or absent) and the `validate` verdict. Errors: a named
// signature file is missing, a trust or registry policy file cannot be loaded (kInvalidArgument),
// or the scan could not run.
Result<ComplianceInput> collect_report_evidence(const ReportRequest& request, ReportTarget target);

// Both: all the evidence evaluate_compliance needs.
Result<ComplianceInput> collect_report_evidence(const ReportRequest& request);

ComplianceReport evaluate_compliance(const ComplianceInput& input);

std::string render_markdown(const ComplianceReport& report);
std::string render_json(const ComplianceReport& report);
// One self-contained page: every value escaped, no scripts, no external resources.
std::string render_html(const ComplianceReport& report);

}  // namespace modelseal
