#include <fmt/core.h>

#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "formats/scan/detect.hpp"
#include "output.hpp"

namespace modelseal::cli {
namespace {

nlohmann::json report_to_json(const formats::ScanReport& r, std::string_view file) {
  nlohmann::json findings = nlohmann::json::array();
  for (const formats::Finding& f : r.findings)
    findings.push_back({{"id", f.id},
                        {"severity", formats::severity_name(f.severity)},
                        {"file", f.file},
                        {"offset", f.offset},
                        {"message", f.message},
                        {"hint", f.hint}});
  return {{"file", file},
          {"format", r.format},
          {"verdict", r.rejected() ? "rejected" : "accepted"},
          {"findings", std::move(findings)}};
}

int run_scan(const std::string& file, bool json) {
  auto source = formats::open_file_source(file);
  if (!source.ok()) return report_error(source.error());
  auto report = formats::scan_by_content(**source, file);
  if (!report)
    return report_error(make_error(ErrorCode::kUnsupported,
                                   file + ": not a weight format modelseal scans (safetensors, "
                                          "GGUF, NumPy .npy, pickle), judged by content"));
  if (json) {
    fmt::print("{}\n", report_to_json(*report, file).dump(2));
  } else {
    for (const formats::Finding& f : report->findings)
      fmt::print("{}:{}: {} [{}] {}\n  hint: {}\n", f.file, f.offset,
                 formats::severity_name(f.severity), f.id, f.message, f.hint);
    fmt::print("{}: {} ({}, {} findings)\n", file, report->rejected() ? "rejected" : "accepted",
               report->format, report->findings.size());
  }
  return report->rejected() ? kExitRejected : kExitOk;
}

}  // namespace

Command add_scan(CLI::App& root) {
  auto* app = root.add_subcommand(
      "scan", "Check one weight file (safetensors, GGUF, NumPy .npy, pickle) without running it");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  app->add_option("file", *file, "The weight file; its format is detected from its content")->required();
  app->add_flag("--json", *json, "One machine-readable verdict with every finding");
  return {app, [=] { return run_scan(*file, *json); }};
}

}  // namespace modelseal::cli
