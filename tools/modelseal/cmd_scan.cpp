#include "commands.hpp"
#include "formats/scan/detect.hpp"
#include "output.hpp"
#include "validation_output.hpp"

namespace modelseal::cli {
namespace {

int run_scan(const std::string& file, bool json, const std::optional<std::string>& sarif) {
  auto source = formats::open_file_source(file);
  if (!source.ok()) return report_error(source.error());
  auto report = formats::scan_by_content(**source, file);
  if (!report)
    return report_error(make_error(ErrorCode::kUnsupported,
                                   file + ": not a weight format modelseal scans (safetensors, "
                                          "GGUF, PyTorch zip, NumPy .npy/.npz, pickle), judged "
                                          "by content"));
  return print_verdict(report_for_scan(file, (*source)->size(), *report), json, sarif);
}

}  // namespace

Command add_scan(CLI::App& root) {
  auto* app = root.add_subcommand(
      "scan", "Check one weight file (safetensors, GGUF, PyTorch zip, NumPy, pickle) without "
              "running it");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto sarif = std::make_shared<std::optional<std::string>>();
  app->add_option("file", *file, "The weight file; its format is detected from its content")->required();
  app->add_flag("--json", *json, "One machine-readable verdict with every finding");
  app->add_option("--sarif", *sarif, "Also write the findings as a SARIF 2.1.0 log to FILE");
  return {app, [=] { return run_scan(*file, *json, *sarif); }};
}

}  // namespace modelseal::cli
