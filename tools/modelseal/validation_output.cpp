#include "validation_output.hpp"

#include <fmt/core.h>
#include <fmt/ranges.h>

#include <algorithm>

#include <cstdio>

#include "modelseal/output_file.hpp"
#include "json_output.hpp"
#include "output.hpp"
#include "stdin_input.hpp"

namespace modelseal::cli {
namespace {

// "5 files", counted as sign and verify count them, then what signing leaves out (model.sig, .git/)
// which validate scans too: "5 files + 1 not signed (model.sig)".
std::string file_count(const ValidationReport& report) {
  std::vector<std::string> left_out;
  for (const ValidatedFile& f : report.files)
    if (f.unsigned_by_default) left_out.push_back(f.path);
  std::string text = count_of(report.files.size() - left_out.size(), "file");
  if (left_out.empty()) return text;
  const size_t shown = std::min<size_t>(left_out.size(), 3);
  return fmt::format("{} + {} not signed ({}{})", text, left_out.size(),
                     fmt::join(left_out.begin(), left_out.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
                     shown < left_out.size() ? ", ..." : "");
}

void print_text(const ValidationReport& report, std::FILE* out) {
  if (quiet() && !report.rejected()) return;
  for (const formats::Finding& f : report.findings)
    fmt::print(out, "{}:{}: {} [{}] {}\n  hint: {}\n", as_shown(f.file), f.offset,
               formats::severity_name(f.severity), f.id, as_shown(f.message), f.hint);
  size_t errors = 0;
  for (const formats::Finding& f : report.findings)
    errors += f.severity == formats::Severity::kError;
  std::string what = report.kind;
  if (report.kind == "file" && report.files.size() == 1)
    what = report.files[0].format.empty() ? "unrecognised content" : report.files[0].format;
  else if (report.model_name)
    what += fmt::format(" {} {}", *report.model_name, report.model_version.value_or(""));
  fmt::print(out, "{}: {} ({}, {}, {}, {})\n", as_shown(report.target), report.rejected() ? "rejected" : "accepted", what,
             file_count(report), count_of(report.findings.size(), "finding"), count_of(errors, "error"));
  if (verbose())
    for (const ValidatedFile& f : report.files)
      fmt::print(out, "  {:>12}  {:<12}  {}\n", f.size, f.format.empty() ? "-" : f.format, f.path);
}

}  // namespace

int print_verdict(std::string_view command, const ValidationReport& report, bool json,
                  const std::optional<std::string>& sarif_file, bool force) {
  if (sarif_file && *sarif_file == "-") {
    if (json) return print_usage_document(command, "--sarif - and --json both write to stdout: give --sarif a file");
    fmt::print("{}", as_shown(validation_to_sarif(report)));
    std::fflush(stdout);
    print_text(report, stderr);
    return report.rejected() ? kExitRejected : kExitOk;
  }
  if (sarif_file) {
    Status written = write_output_file(*sarif_file, as_shown(validation_to_sarif(report)), force);
    if (!written.ok())
      return json ? print_error_document(command, report.target, written.error(), *sarif_file)
                  : report_error(written.error());
  }
  if (json) return print_document(validation_verdict_json(command, report));
  print_text(report, stdout);
  return report.rejected() ? kExitRejected : kExitOk;
}

}  // namespace modelseal::cli
