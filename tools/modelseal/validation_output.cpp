#include "validation_output.hpp"

#include <fmt/core.h>

#include <cstdio>

#include "modelseal/output_file.hpp"
#include "json_output.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

void print_text(const ValidationReport& report, std::FILE* out) {
  for (const formats::Finding& f : report.findings)
    fmt::print(out, "{}:{}: {} [{}] {}\n  hint: {}\n", f.file, f.offset,
               formats::severity_name(f.severity), f.id, f.message, f.hint);
  size_t errors = 0;
  for (const formats::Finding& f : report.findings)
    errors += f.severity == formats::Severity::kError;
  std::string what = report.kind;
  if (report.kind == "file" && report.files.size() == 1)
    what = report.files[0].format.empty() ? "unrecognised content" : report.files[0].format;
  else if (report.model_name)
    what += fmt::format(" {} {}", *report.model_name, report.model_version.value_or(""));
  fmt::print(out, "{}: {} ({}, {}, {}, {})\n", report.target, report.rejected() ? "rejected" : "accepted", what,
             count_of(report.files.size(), "file"), count_of(report.findings.size(), "finding"),
             count_of(errors, "error"));
}

}  // namespace

int print_verdict(std::string_view command, const ValidationReport& report, bool json,
                  const std::optional<std::string>& sarif_file, bool force) {
  if (sarif_file && *sarif_file == "-") {
    if (json) return print_usage_document(command, "--sarif - and --json both write to stdout: give --sarif a file");
    fmt::print("{}", validation_to_sarif(report));
    std::fflush(stdout);
    print_text(report, stderr);
    return report.rejected() ? kExitRejected : kExitOk;
  }
  if (sarif_file) {
    Status written = write_output_file(*sarif_file, validation_to_sarif(report), force);
    if (!written.ok())
      return json ? print_error_document(command, report.target, written.error(), *sarif_file)
                  : report_error(written.error());
  }
  if (json) return print_document(validation_verdict_json(command, report));
  print_text(report, stdout);
  return report.rejected() ? kExitRejected : kExitOk;
}

}  // namespace modelseal::cli
