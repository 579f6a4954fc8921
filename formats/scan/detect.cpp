#include "formats/scan/detect.hpp"

#include "formats/hdf5/hdf5_scan.hpp"
#include "formats/savedmodel/savedmodel_scan.hpp"
#include "formats/scan/gguf.hpp"
#include "formats/scan/npy.hpp"
#include "formats/scan/pickle.hpp"
#include "formats/scan/safetensors.hpp"
#include "formats/scan/zip_scan.hpp"

namespace modelseal::formats {

namespace {

std::optional<ScanReport> route(const ByteSource& src, std::string_view name, const OnnxContext* onnx) {
  // TensorFlow reads saved_model.pb by its name, and a SavedModel has no magic
  // number: the name, then the content.
  const bool savedmodel_name = is_savedmodel_name(name);
  if (savedmodel_name && looks_like_savedmodel(src)) return scan_savedmodel(src, name);
  if (looks_like_gguf(src)) return scan_gguf(src, name);
  if (looks_like_npy(src)) return scan_npy(src, name);
  if (looks_like_zip(src)) return scan_zip(src, name);
  if (looks_like_hdf5(src)) return scan_hdf5(src, name);
  if (looks_like_onnx(src)) return scan_onnx(src, name, onnx ? *onnx : OnnxContext{std::string(name), {}});
  if (looks_like_pickle(src)) return scan_pickle(src, name);
  if (looks_like_safetensors(src)) return scan_safetensors(src, name);
  // Named so but no SavedModel: TensorFlow would still parse it as one.
  if (savedmodel_name) return scan_savedmodel(src, name);
  return std::nullopt;
}

}  // namespace

std::optional<ScanReport> scan_by_content(const ByteSource& src, std::string_view name,
                                          const OnnxContext* onnx) {
  auto report = route(src, name, onnx);
  if (report && report->format != "hdf5" && report->format != "keras-h5")
    if (auto polyglot = hdf5_polyglot_finding(src, name, report->format))
      report->findings.push_back(std::move(*polyglot));
  return report;
}

}  // namespace modelseal::formats
