// Where an ONNX external-data "location" points: a '/'-separated relative path,
// resolved against the folder of the model file, that must stay inside the root.
#pragma once

#include <string>
#include <string_view>

namespace modelseal::formats::onnx_detail {

struct ResolvedLocation {
  std::string problem_id;         // empty when the location is acceptable
  std::string problem;            // what is wrong, naming the value
  std::string root_relative;      // the resolved path when acceptable
  bool leaves_model_dir = false;  // a ".." climbs above the model's folder (still inside the root)
};

ResolvedLocation resolve_location(std::string_view model_path, std::string_view location);

}  // namespace modelseal::formats::onnx_detail
