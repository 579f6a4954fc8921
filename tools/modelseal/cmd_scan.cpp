#include "commands.hpp"
#include "modelseal/validate.hpp"
#include "json_output.hpp"
#include "output.hpp"
#include "stdin_input.hpp"
#include "validation_output.hpp"

namespace modelseal::cli {
namespace {

int run_scan(const std::string& file, bool json, const std::optional<std::string>& sarif,
             bool force) {
  auto input = InputFile::open(file);
  if (!input.ok()) return json ? print_error_document("scan", file, input.error(), file) : report_error(input.error());
  auto report = scan_file(input->path());
  if (!report.ok())
    return json ? print_error_document("scan", file, report.error(), file) : report_error(report.error());
  return print_verdict("scan", *report, json, sarif, force);
}

}  // namespace

Command add_scan(CLI::App& root) {
  auto* app = root.add_subcommand(
      "scan", "Check one weight file (safetensors, GGUF, PyTorch zip, TorchScript, NumPy, ONNX, "
              "pickle, joblib, Keras, HDF5, TF SavedModel) without running it");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto sarif = std::make_shared<std::optional<std::string>>();
  app->add_option("file", *file, "The weight file ('-': standard input); its format is detected from its content")->required();
  add_json_flag(*app, *json);
  app->add_option("--sarif", *sarif, "Also write the findings as a SARIF 2.1.0 log to FILE ('-': stdout, the verdict then on stderr)");
  auto force = std::make_shared<bool>(false);
  app->add_flag("--force", *force, "Replace an existing --sarif file (never a link or device)");
  return {app, [=] { return run_scan(*file, *json, *sarif, *force); }};
}

}  // namespace modelseal::cli
