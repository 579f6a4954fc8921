// Picks the scanner for a file by its content; only a TensorFlow SavedModel,
// which has no magic number, is also recognised by its name (saved_model.pb).
#pragma once

#include <optional>
#include <string_view>

#include "formats/onnx/onnx_scan.hpp"
#include "formats/scan/scan.hpp"

namespace modelseal::formats {

// The report of the matching scanner, or nullopt when no scanner knows the
// content. A file named saved_model.pb that parses as a SavedModel first (one
// no other scanner knows is scanned as a SavedModel too, and reported malformed);
// then magic numbers (GGUF, NumPy, ZIP, HDF5 at 0 or after a user block), then an ONNX ModelProto,
// then a pickle stream; safetensors last, as its header is only a length.
// `onnx` says where an ONNX model's external data files are; without it
// their presence and ranges are not checked. A file routed elsewhere that is
// also an HDF5 file (a superblock after a "user block") gets the error
// "hdf5.polyglot".
std::optional<ScanReport> scan_by_content(const ByteSource& src, std::string_view name,
                                          const OnnxContext* onnx = nullptr);

}  // namespace modelseal::formats
