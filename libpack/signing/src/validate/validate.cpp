// validate_upload: picks the bundle, folder or single-file validation by what
// the target is, then applies the policy's downgrades.
#include <sys/stat.h>

#include <algorithm>

#include <fmt/format.h>

#include "modelseal/bundle.hpp"
#include "modelseal/validate.hpp"
#include "validate/validate_bundle.hpp"
#include "validate/validate_folder.hpp"

namespace modelseal {
namespace {

bool named_as_bundle(const std::filesystem::path& target) {
  return target.extension() == ".mbundle";
}

}  // namespace

bool ValidationReport::rejected() const {
  return std::any_of(findings.begin(), findings.end(),
                     [](const auto& f) { return f.severity == formats::Severity::kError; });
}

Result<ValidationReport> validate_upload(const ValidateOptions& options) {
  ValidationReport report;
  report.target = options.target.string();
  struct stat st {};
  if (::stat(options.target.c_str(), &st) != 0)
    return make_error(errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo,
                      report.target + ": no such file or folder");
  if (options.allow_symlinks && !S_ISDIR(st.st_mode))
    return make_error(ErrorCode::kInvalidArgument,
                      report.target + ": --allow-symlinks applies to folders, not files or bundles");
  validate::Findings findings(report.findings);
  if (S_ISDIR(st.st_mode)) {
    MS_TRY(validate::validate_folder(options, report, findings));
  } else if (!S_ISREG(st.st_mode)) {
    return make_error(ErrorCode::kInvalidArgument,
                      report.target + ": not a regular file or folder");
  } else if (is_bundle_file(options.target)) {
    MS_TRY(validate::validate_bundle(options, report, findings));
  } else if (named_as_bundle(options.target)) {
    report.kind = "bundle";
    findings.error("bundle.not_a_bundle", report.target,
                   fmt::format("{}: is named .mbundle but is neither a zstd-compressed nor a plain "
                               "tar bundle",
                               report.target),
                   "upload a bundle made by 'modelseal build', or name the file for what it is");
  } else {
    MS_TRY(validate::validate_single_file(options, report, findings));
  }
  const auto& downgrade = options.policy.downgrade;
  for (formats::Finding& f : report.findings)
    if (f.severity == formats::Severity::kError &&
        std::find(downgrade.begin(), downgrade.end(), f.id) != downgrade.end())
      f.severity = formats::Severity::kWarning;
  return report;
}

}  // namespace modelseal
