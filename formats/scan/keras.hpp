// Keras v3 `.keras` files: a ZIP holding config.json (the model's serialized
// object tree), metadata.json ({"keras_version": ..., "date_saved": ...}) and
// model.weights.h5 (or .npz), and sometimes assets/. The ZIP scanner recognises
// the layout by its members and hands the JSON members here.
//
// Every object of the config is {"module", "class_name", "config",
// "registered_name", ...}; loading it imports `module` and calls the class, so
// the walk checks each object's module, the layer classes against an
// allow-list, and looks for marshalled Python code (Lambda layers, "__lambda__"
// objects, "function" payloads). Nothing is ever imported or executed.
// Finding ids "keras.*": docs/findings-keras.md.
#pragma once

#include <cstdint>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr uint64_t kKerasMaxConfigBytes = uint64_t{16} << 20;
inline constexpr uint64_t kKerasMaxMetadataBytes = uint64_t{1} << 20;
inline constexpr size_t kKerasMaxJsonDepth = 128;
inline constexpr size_t kKerasMaxJsonValues = 1'000'000;
inline constexpr size_t kKerasMaxObjects = 200'000;  // serialized objects walked
inline constexpr size_t kKerasMaxFindings = 1000;

// metadata.json text is a JSON object with a string "keras_version" (parsed strictly).
bool keras_metadata_has_version(std::string_view metadata_json);

// Scans config.json's text; report.format is "keras". Findings carry `file`;
// offsets are 0 except for JSON syntax problems (the byte within the text).
ScanReport scan_keras_config(std::string_view config_json, std::string_view file);

// The same walk over any Keras config JSON text: `what` names the text in
// messages ("config.json", "the model_config attribute"); with `serialized_root`
// the root must be a serialized object (class_name), else any JSON object (a
// legacy training_config). The Keras 2 shape (no "module" keys, class names
// "package>Name" of registered custom objects) is walked the same way.
// report.format is "keras".
struct KerasJsonText {
  std::string_view text;
  std::string_view what = "config.json";
  bool serialized_root = true;
};
ScanReport scan_keras_json(const KerasJsonText& json, std::string_view file);

// True for a class name in the allow-list of Keras layer and model classes
// (docs/findings-keras.md).
bool is_allowed_keras_layer(std::string_view class_name);

}  // namespace modelseal::formats
