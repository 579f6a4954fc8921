// The Keras v3 config walk: strict JSON, then every serialized object checked
// for its module, its class (layers against the allow-list) and Python code.
#include "formats/scan/keras.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <nlohmann/json.hpp>

#include "formats/json/json_path.hpp"
#include "formats/json/strict_json.hpp"
#include "formats/scan/findings_sink.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/text/printable.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;

constexpr strict_json::JsonLimits kConfigLimits{kKerasMaxConfigBytes, kKerasMaxJsonDepth,
                                                kKerasMaxJsonValues, kKerasMaxConfigBytes};
constexpr strict_json::JsonLimits kMetadataLimits{kKerasMaxMetadataBytes, 16, 10'000, 64 * 1024};

const HintTable& keras_hints() {
  static constexpr std::array<HintEntry, 8> kHints{{
      {"keras.lambda_layer", "a Lambda layer holds marshalled Python bytecode that runs when the model loads; replace it with a built-in layer"},
      {"keras.python_function", "the config carries Python code (a lambda or function payload); save the model without it"},
      {"keras.untrusted_module", "loading imports this module; only keras, tensorflow and tf_keras modules are accepted"},
      {"keras.unknown_layer", "a layer class outside the allow-list of docs/findings-keras.md (a custom layer needs its code); review it"},
      {"keras.config_invalid", "config.json is not a valid Keras v3 config; save the model again with keras.saving.save_model"},
      {"keras.limit_exceeded", "config.json is over the scanner's limits (docs/findings-keras.md)"},
      {"keras.read_error", "the config could not be scanned; check the file and retry"},
      {"keras.too_many_findings", "fix the listed problems first; the config is badly broken"},
  }};
  static const HintTable kTable{kHints, "see docs/findings-keras.md"};
  return kTable;
}

// The class names Keras 3 writes for its own layers and models (keras.layers,
// keras.Model/Sequential/Functional). Lambda, TFSMLayer, TorchModuleWrapper,
// JaxLayer, FlaxLayer and the bare Layer/Wrapper bases are deliberately absent:
// each runs or loads code the config does not show.
constexpr std::array<std::string_view, 164> kAllowedLayers{{
    "Activation", "ActivityRegularization", "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D",
    "AdaptiveAveragePooling3D", "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D",
    "Add", "AdditiveAttention", "AlphaDropout", "Attention", "AugMix", "AutoContrast", "Average",
    "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "BatchNormalization", "Bidirectional",
    "CategoryEncoding", "CenterCrop", "Concatenate", "ContrastLimitedAdaptiveHistogramEqualization",
    "Conv1D", "Conv1DTranspose", "Conv2D", "Conv2DTranspose", "Conv3D", "Conv3DTranspose",
    "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "Cropping1D", "Cropping2D", "Cropping3D", "CutMix",
    "Dense", "DepthwiseConv1D", "DepthwiseConv2D", "Discretization", "Dot", "Dropout", "ELU",
    "EinsumDense", "Embedding", "Equalization", "Flatten", "Functional", "GRU", "GRUCell",
    "GaussianDropout", "GaussianNoise", "GlobalAveragePooling1D", "GlobalAveragePooling2D",
    "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
    "GroupNormalization", "GroupedQueryAttention", "HashedCrossing", "Hashing", "Identity",
    "InputLayer", "IntegerLookup", "LSTM", "LSTMCell", "LayerNormalization", "LeakyReLU",
    "Masking", "MaxNumBoundingBoxes", "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "Maximum",
    "MelSpectrogram", "Minimum", "MixUp", "Model", "MultiHeadAttention", "Multiply",
    "Normalization", "PReLU", "Permute", "Pipeline", "RMSNormalization", "RNN", "ReLU",
    "RandAugment", "RandomBrightness", "RandomColorDegeneration", "RandomColorJitter",
    "RandomContrast", "RandomCrop", "RandomElasticTransform", "RandomErasing", "RandomFlip",
    "RandomGaussianBlur", "RandomGrayscale", "RandomHue", "RandomInvert", "RandomPerspective",
    "RandomPosterization", "RandomRotation", "RandomSaturation", "RandomSharpness", "RandomShear",
    "RandomTranslation", "RandomZoom", "RepeatVector", "Rescaling", "Reshape", "Resizing",
    "ReversibleEmbedding", "STFTSpectrogram", "SeparableConv1D", "SeparableConv2D", "Sequential",
    "SimpleRNN", "SimpleRNNCell", "Softmax", "Solarization", "SpatialDropout1D", "SpatialDropout2D",
    "SpatialDropout3D", "SpectralNormalization", "StackedRNNCells", "StringLookup", "Subtract",
    "TextVectorization", "TimeDistributed", "UnitNormalization", "UpSampling1D", "UpSampling2D",
    "UpSampling3D", "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D",
    // Keras 2 / tf.keras names still found in configs tf_keras writes.
    "AvgPool1D", "AvgPool2D", "AvgPool3D", "Convolution1D", "Convolution2D", "Convolution3D",
    "Convolution1DTranspose", "Convolution2DTranspose", "Convolution3DTranspose",
    "GlobalAvgPool1D", "GlobalAvgPool2D", "GlobalAvgPool3D", "GlobalMaxPool1D", "GlobalMaxPool2D",
    "GlobalMaxPool3D", "MaxPool1D", "MaxPool2D", "MaxPool3D", "SeparableConvolution1D",
    "SeparableConvolution2D", "CuDNNGRU", "CuDNNLSTM", "LocallyConnected1D", "LocallyConnected2D",
    "ThresholdedReLU",
}};

static_assert(std::none_of(kAllowedLayers.begin(), kAllowedLayers.end(),
                           [](std::string_view n) { return n.empty(); }),
              "every allow-list entry is a class name");

bool trusted_module(std::string_view m) {
  for (std::string_view root : {"keras", "tensorflow", "tf_keras"})
    if (m == root || (m.size() > root.size() && m.starts_with(root) && m[root.size()] == '.'))
      return true;
  return false;
}

bool module_is_layers(std::string_view m) {
  return m == "keras.layers" || m.starts_with("keras.layers.") || m.starts_with("keras.src.layers") ||
         m.starts_with("tf_keras.src.layers") || m.starts_with("keras.src.legacy.layers");
}

// Keys whose value is a layer, and keys whose value is a list of layers.
bool layer_key(std::string_view k) {
  return k == "layer" || k == "forward_layer" || k == "backward_layer" || k == "cell";
}
bool layer_list_key(std::string_view k) { return k == "layers" || k == "cells"; }

std::string shown(std::string_view path) { return path.empty() ? "the root object" : "'" + printable_name(path) + "'"; }

class Walker {
 public:
  explicit Walker(FindingsSink& sink) : sink_(sink) {}

  void walk(const json& v, const std::string& path, bool layer_position) {
    if (stop_ || sink_.full()) return;
    if (v.is_array()) {
      for (size_t i = 0; i < v.size() && !stop_; ++i)
        walk(v[i], strict_json::item_path(path, i), layer_position);
      return;
    }
    if (!v.is_object()) {
      if (layer_position)
        sink_.error("keras.config_invalid", 0, "layer at " + shown(path) + " is not a serialized object");
      return;
    }
    if (v.contains("class_name")) {
      object(v, path, layer_position);
    } else if (layer_position) {
      sink_.error("keras.config_invalid", 0, "layer at " + shown(path) + " has no class_name");
    }
    for (const auto& [key, value] : v.items()) {
      if (stop_) return;
      const std::string child = strict_json::member_path(path, key);
      if (key == "__lambda__" || key == "__python_function__")
        sink_.error("keras.python_function", 0, "member " + shown(child) + " carries Python code");
      else if (key == "function" && (value.is_string() || value.is_array()))
        sink_.error("keras.python_function", 0,
                    "member " + shown(child) + " holds a function payload (marshalled or named Python code)");
      if (layer_list_key(key) && value.is_array()) {
        for (size_t i = 0; i < value.size() && !stop_; ++i)
          walk(value[i], strict_json::item_path(child, i), true);
      } else {
        walk(value, child, layer_key(key) && value.is_object());
      }
    }
  }

 private:
  void object(const json& v, const std::string& path, bool layer_position) {
    if (++objects_ > kKerasMaxObjects) {
      sink_.error("keras.limit_exceeded", 0,
                  "more than " + std::to_string(kKerasMaxObjects) + " serialized objects; the walk stopped");
      stop_ = true;
      return;
    }
    const json& cls = v["class_name"];
    if (!cls.is_string()) {
      sink_.error("keras.config_invalid", 0, "class_name of " + shown(path) + " is not a string");
      return;
    }
    const std::string& name = cls.get_ref<const std::string&>();
    const std::string named = "'" + printable_name(name) + "'";
    std::string module;
    if (auto it = v.find("module"); it != v.end() && !it->is_null()) {
      if (!it->is_string()) {
        sink_.error("keras.config_invalid", 0, "module of " + shown(path) + " is not a string");
      } else {
        module = it->get<std::string>();
        if (!trusted_module(module))
          sink_.error("keras.untrusted_module", 0,
                      "object " + named + " at " + shown(path) + " comes from module '" +
                          printable_name(module) + "', not a Keras or TensorFlow module");
      }
    }
    // A Keras 2 registered custom object is named "package>Name" (the v3 format
    // keeps that in registered_name): its code comes from the package.
    std::string_view class_only = name;
    if (const size_t gt = name.rfind('>'); gt != std::string::npos) {
      const std::string_view package = std::string_view(name).substr(0, gt);
      class_only = std::string_view(name).substr(gt + 1);
      if (!trusted_module(package))
        sink_.error("keras.untrusted_module", 0,
                    "object " + named + " at " + shown(path) + " is a custom object registered by package '" +
                        printable_name(package) + "', not a Keras or TensorFlow module");
    }
    if (auto it = v.find("registered_name"); it != v.end() && !it->is_null() && !it->is_string())
      sink_.error("keras.config_invalid", 0, "registered_name of " + shown(path) + " is not a string");
    if (class_only == "__lambda__" || class_only == "__python_function__") {
      sink_.error("keras.python_function", 0,
                  "object " + shown(path) + " is a " + named + " payload: marshalled Python bytecode");
      return;
    }
    if (class_only == "Lambda" && (layer_position || module.empty() || module_is_layers(module))) {
      sink_.error("keras.lambda_layer", 0,
                  "Lambda layer at " + shown(path) + " runs Python code stored in its config");
      return;
    }
    if ((layer_position || module_is_layers(module)) && !is_allowed_keras_layer(class_only))
      sink_.warning("keras.unknown_layer", 0,
                    "layer class " + named + " at " + shown(path) + " is not in the allow-list of Keras layers");
  }

  FindingsSink& sink_;
  size_t objects_ = 0;
  bool stop_ = false;
};

FindingsSink keras_sink(ScanReport& report, std::string_view file) {
  return FindingsSink(report.findings, file, keras_hints(),
                      {kKerasMaxFindings, "keras.too_many_findings",
                       "more than " + std::to_string(kKerasMaxFindings) + " findings; listing stopped"});
}

}  // namespace

bool is_allowed_keras_layer(std::string_view class_name) {
  return std::find(kAllowedLayers.begin(), kAllowedLayers.end(), class_name) != kAllowedLayers.end();
}

bool keras_metadata_has_version(std::string_view metadata_json) {
  bool yes = false;
  (void)guarded_parse([&] {
    const strict_json::StrictJson parsed = strict_json::parse_strict_json(metadata_json, kMetadataLimits);
    if (parsed.problem || !parsed.document.is_object()) return;
    auto it = parsed.document.find("keras_version");
    yes = it != parsed.document.end() && it->is_string();
  });
  return yes;
}

ScanReport scan_keras_config(std::string_view config_json, std::string_view file) {
  return scan_keras_json({config_json, "config.json", true}, file);
}

ScanReport scan_keras_json(const KerasJsonText& input, std::string_view file) {
  ScanReport report;
  report.format = "keras";
  FindingsSink sink = keras_sink(report, file);
  const std::string what(input.what);
  const auto failure = guarded_parse([&] {
    if (input.text.size() > kKerasMaxConfigBytes) {
      sink.error("keras.limit_exceeded", 0,
                 what + " has " + std::to_string(input.text.size()) + " bytes, more than the limit of " +
                     std::to_string(kKerasMaxConfigBytes));
      return;
    }
    const strict_json::StrictJson parsed = strict_json::parse_strict_json(input.text, kConfigLimits);
    if (parsed.problem) {
      const bool limit = strict_json::is_limit(parsed.problem->kind);
      sink.error(limit ? "keras.limit_exceeded" : "keras.config_invalid", parsed.problem->offset,
                 what + ": " + parsed.problem->message);
      return;
    }
    const json& root = parsed.document;
    if (!root.is_object() || (input.serialized_root && !root.contains("class_name"))) {
      sink.error("keras.config_invalid", 0,
                 what + (input.serialized_root
                             ? " is not a serialized Keras object (an object with class_name, module and config)"
                             : " is not a JSON object"));
      return;
    }
    Walker(sink).walk(root, "", input.serialized_root);
  });
  if (failure) sink.error("keras.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
