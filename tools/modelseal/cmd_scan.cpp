#include <filesystem>

#include "commands.hpp"
#include "formats/scan/detect.hpp"
#include "output.hpp"
#include "validation_output.hpp"

namespace modelseal::cli {
namespace {

// An ONNX model's external data files, looked up beside it: the model is the
// root, so a location may not leave its folder. Links do not count as present.
formats::OnnxContext onnx_context(const std::string& file) {
  const std::filesystem::path folder = std::filesystem::path(file).parent_path();
  return {std::filesystem::path(file).filename().string(),
          [folder](std::string_view relative) -> std::optional<uint64_t> {
            std::error_code ec;
            const std::filesystem::path path = folder / std::string(relative);
            if (!std::filesystem::is_regular_file(std::filesystem::symlink_status(path, ec)))
              return std::nullopt;
            const uint64_t size = std::filesystem::file_size(path, ec);
            if (ec) return std::nullopt;
            return size;
          }};
}

int run_scan(const std::string& file, bool json, const std::optional<std::string>& sarif,
             bool force) {
  auto source = formats::open_file_source(file);
  if (!source.ok()) return report_error(source.error());
  const formats::OnnxContext onnx = onnx_context(file);
  auto report = formats::scan_by_content(**source, file, &onnx);
  if (!report)
    return report_error(make_error(ErrorCode::kUnsupported,
                                   file + ": not a weight format modelseal scans (safetensors, "
                                          "GGUF, PyTorch zip, NumPy .npy/.npz, ONNX, pickle), judged "
                                          "by content"));
  return print_verdict(report_for_scan(file, (*source)->size(), *report), json, sarif, force);
}

}  // namespace

Command add_scan(CLI::App& root) {
  auto* app = root.add_subcommand(
      "scan", "Check one weight file (safetensors, GGUF, PyTorch zip, NumPy, ONNX, pickle) "
              "without running it");
  auto file = std::make_shared<std::string>();
  auto json = std::make_shared<bool>(false);
  auto sarif = std::make_shared<std::optional<std::string>>();
  app->add_option("file", *file, "The weight file; its format is detected from its content")->required();
  app->add_flag("--json", *json, "One machine-readable verdict with every finding");
  app->add_option("--sarif", *sarif, "Also write the findings as a SARIF 2.1.0 log to FILE");
  auto force = std::make_shared<bool>(false);
  app->add_flag("--force", *force, "Replace an existing --sarif file (never a link or device)");
  return {app, [=] { return run_scan(*file, *json, *sarif, *force); }};
}

}  // namespace modelseal::cli
