#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "formats/scan/detect.hpp"
#include "modelseal/validate.hpp"

namespace modelseal {
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

}  // namespace

Result<ValidationReport> scan_file(const std::string& file) {
  MS_ASSIGN_OR_RETURN(auto source, formats::open_file_source(file));
  const formats::OnnxContext onnx = onnx_context(file);
  auto scan = formats::scan_by_content(*source, file, &onnx);
  if (!scan) {
    std::string known;
    for (const std::string& format : known_scan_formats()) known += (known.empty() ? "" : ", ") + format;
    return make_error(ErrorCode::kUnsupported,
                      file + ": not a weight format modelseal scans (" + known + "), judged by content");
  }
  ValidationReport report;
  report.target = file;
  report.kind = "file";
  report.files.push_back({file, scan->format, source->size()});
  report.findings = scan->findings;
  return report;
}

}  // namespace modelseal
