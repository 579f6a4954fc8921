// Keras v3 .keras archives: a benign model built here, and its hostile twins
// (Lambda layer, foreign module, nested Python payload, broken config), each
// scanned through the ZIP scanner as validate does (by content).
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "formats/scan/detect.hpp"
#include "formats/scan/keras.hpp"
#include "formats/scan/zip_scan.hpp"
#include "scan_test_support.hpp"
#include "zip_test_support.hpp"

using namespace modelseal::formats;
using namespace zip_test_support;
using scan_test_support::finding_ids;

namespace {

const std::string kMetadata =
    R"({"keras_version": "3.6.0", "date_saved": "2026-12-07@05:00:00"})";

// One serialized Keras object, as serialization_lib writes it.
std::string object(const std::string& module, const std::string& cls, const std::string& config,
                   const std::string& extra = "") {
  return R"({"module": ")" + module + R"(", "class_name": ")" + cls + R"(", "config": )" + config +
         R"(, "registered_name": null)" + extra + "}";
}

const std::string kInitializer =
    object("keras.initializers", "GlorotUniform", R"({"seed": null})");

std::string dense(const std::string& name) {
  return object("keras.layers", "Dense",
                R"({"name": ")" + name + R"(", "trainable": true, "dtype": )" +
                    object("keras", "DTypePolicy", R"({"name": "float32"})") +
                    R"(, "units": 4, "activation": "relu", "use_bias": true, "kernel_initializer": )" +
                    kInitializer + "}",
                R"(, "build_config": {"input_shape": [null, 8]})");
}

// A Sequential model holding `layers` (already serialized), with a compile config.
std::string sequential(const std::vector<std::string>& layers) {
  std::string list = object("keras.layers", "InputLayer",
                            R"({"batch_shape": [null, 8], "dtype": "float32", "name": "input"})");
  for (const std::string& l : layers) list += ", " + l;
  return object("keras", "Sequential",
                R"({"name": "sequential", "trainable": true, "layers": [)" + list + "]}",
                R"(, "build_config": {"input_shape": [null, 8]}, "compile_config": {"optimizer": )" +
                    object("keras.optimizers", "Adam", R"({"learning_rate": 0.001})") +
                    R"(, "loss": "mse"})");
}

std::string keras_file(const std::string& config, bool with_weights = true,
                       const std::string& metadata = kMetadata, uint16_t method = 0) {
  std::vector<Member> members;
  members.push_back(Member("metadata.json", metadata).with_method(method));
  members.push_back(Member("config.json", config).with_method(method));
  if (with_weights) members.push_back(Member("model.weights.h5", std::string(scan_test_support::kEmptyHdf5)).with_method(method));
  return build_zip(members).bytes;
}

ScanReport keras_scan(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  auto report = scan_by_content(src, "model.keras");
  REQUIRE(report.has_value());
  return *report;
}

std::string lambda_layer() {
  return object("keras.layers", "Lambda",
                R"({"name": "lambda", "function": {"class_name": "__lambda__", "config": {"value": ["4wEAAAAAAAAA", null, null]}}, "output_shape": null, "arguments": {}})");
}

}  // namespace

TEST_CASE("keras: a benign .keras archive is recognised and clean") {
  for (uint16_t method : {uint16_t{0}, uint16_t{8}}) {
    const ScanReport r = keras_scan(keras_file(sequential({dense("d1"), dense("d2")}), true, kMetadata, method));
    CHECK(r.format == "keras");
    CHECK(r.findings.empty());
    CHECK_FALSE(r.rejected());
  }
  // Recognised by metadata.json's keras_version alone, no weights member.
  const ScanReport by_metadata = keras_scan(keras_file(sequential({dense("d1")}), false));
  CHECK(by_metadata.format == "keras");
  CHECK(by_metadata.findings.empty());
}

TEST_CASE("keras: a functional graph with nested models and wrappers is walked") {
  const std::string inner = sequential({dense("inner")});
  const std::string wrapped = object(
      "keras.layers", "Bidirectional",
      R"({"name": "bi", "layer": )" +
          object("keras.layers", "LSTM", R"({"name": "lstm", "units": 2})") + "}");
  const std::string functional = object(
      "keras.src.models.functional", "Functional",
      R"({"name": "f", "layers": [)" + inner + ", " + wrapped +
          R"(], "input_layers": [["input", 0, 0]], "output_layers": [["bi", 0, 0]]})");
  const ScanReport r = keras_scan(keras_file(functional));
  CHECK(r.format == "keras");
  CHECK(r.findings.empty());
  // The same graph with a Lambda hidden two levels down is rejected.
  const std::string bad_inner = sequential({dense("inner"), lambda_layer()});
  const ScanReport bad = keras_scan(keras_file(object(
      "keras.src.models.functional", "Functional", R"({"name": "f", "layers": [)" + bad_inner + "]}")));
  CHECK(finding_ids(bad).count("keras.lambda_layer") == 1);
  CHECK(bad.rejected());
}

TEST_CASE("keras: a Lambda layer is rejected") {
  const ScanReport r = keras_scan(keras_file(sequential({dense("d1"), lambda_layer()})));
  CHECK(r.format == "keras");
  // The layer, and the marshalled lambda in its "function".
  CHECK(finding_ids(r) == std::set<std::string>{"keras.lambda_layer", "keras.python_function"});
  CHECK(r.rejected());
  for (const Finding& f : r.findings) CHECK(f.file == "model.keras:config.json");
}

TEST_CASE("keras: a module outside keras/tensorflow/tf_keras is rejected") {
  const ScanReport r = keras_scan(keras_file(sequential(
      {dense("d1"), object("os", "system", R"({"name": "x"})")})));
  const auto ids = finding_ids(r);
  CHECK(ids.count("keras.untrusted_module") == 1);
  CHECK(ids.count("keras.unknown_layer") == 1);
  CHECK(r.rejected());
  // Also for a non-layer object (an initializer) and a look-alike prefix.
  const std::string sneaky = object("keras.layers", "Dense",
                                    R"({"name": "d", "kernel_initializer": )" +
                                        object("kerasx.evil", "Init", "{}") + "}");
  const ScanReport r2 = keras_scan(keras_file(sequential({sneaky})));
  CHECK(finding_ids(r2) == std::set<std::string>{"keras.untrusted_module"});
  CHECK(r2.rejected());
}

TEST_CASE("keras: a nested Python function payload is rejected") {
  // A __lambda__ as a Dense activation, deep inside a layer's config.
  const std::string hidden = object(
      "keras.layers", "Dense",
      R"({"name": "d", "units": 1, "activation": {"class_name": "__lambda__", "config": {"value": "4wEAAAAAAAAA"}}})");
  const ScanReport r = keras_scan(keras_file(sequential({hidden})));
  CHECK(finding_ids(r) == std::set<std::string>{"keras.python_function"});
  CHECK(r.rejected());
  // A Keras 2 style "function" payload (marshalled code as a list) in any object.
  const std::string legacy = object(
      "keras.layers", "Dense",
      R"({"name": "d", "extra": {"function": ["4wEAAAAAAAAA", null, null], "function_type": "lambda"}})");
  const ScanReport r2 = keras_scan(keras_file(sequential({legacy})));
  CHECK(finding_ids(r2) == std::set<std::string>{"keras.python_function"});
  const ScanReport r3 = keras_scan(keras_file(sequential(
      {object("keras.layers", "Dense", R"({"name": "d", "__python_function__": "x"})")})));
  CHECK(finding_ids(r3) == std::set<std::string>{"keras.python_function"});
}

TEST_CASE("keras: layers outside the allow-list are warnings") {
  const ScanReport r = keras_scan(keras_file(sequential(
      {object("keras.layers", "TFSMLayer", R"({"filepath": "/tmp/x"})")})));
  CHECK(finding_ids(r) == std::set<std::string>{"keras.unknown_layer"});
  CHECK_FALSE(r.rejected());
  CHECK(is_allowed_keras_layer("Dense"));
  CHECK(is_allowed_keras_layer("MultiHeadAttention"));
  CHECK_FALSE(is_allowed_keras_layer("Lambda"));
  CHECK_FALSE(is_allowed_keras_layer("TorchModuleWrapper"));
  CHECK_FALSE(is_allowed_keras_layer(""));
}

TEST_CASE("keras: truncated or invalid config.json is rejected") {
  const std::string good = sequential({dense("d1")});
  const std::vector<std::string> broken = {
      good.substr(0, good.size() / 2),                     // truncated
      "[]",                                                // not an object
      R"({"config": {}})",                                 // no class_name
      R"({"class_name": 3, "module": "keras"})",           // class_name not a string
      R"({"class_name": "Sequential", "module": 7})",      // module not a string
      R"({"class_name": "A", "class_name": "B"})",         // duplicate key
      "\xef\xbb\xbf" + good,                               // byte-order mark
      std::string(200, '['),                               // too deep
      object("keras", "Sequential", R"({"layers": [5]})"),  // a layer that is not an object
  };
  for (const std::string& config : broken) {
    CAPTURE(config.substr(0, 60));
    const ScanReport r = keras_scan(keras_file(config));
    CHECK(r.format == "keras");
    const auto ids = finding_ids(r);
    CHECK((ids.count("keras.config_invalid") == 1 || ids.count("keras.limit_exceeded") == 1));
    CHECK(r.rejected());
  }
}

TEST_CASE("keras: limits and the findings cap") {
  // config.json over the size limit is refused without being parsed.
  const ScanReport big = scan_keras_config(std::string(kKerasMaxConfigBytes + 1, ' '), "c.json");
  CHECK(finding_ids(big) == std::set<std::string>{"keras.limit_exceeded"});
  // Thousands of Lambda layers: 1000 listed, then the marker.
  std::vector<std::string> many(1500, lambda_layer());
  const ScanReport r = scan_keras_config(sequential(many), "c.json");
  CHECK(r.findings.size() == kKerasMaxFindings + 1);
  CHECK(r.findings.back().id == "keras.too_many_findings");
}

TEST_CASE("keras: other ZIPs holding config.json keep their old verdict") {
  // config.json and metadata.json without keras_version and no weights: not Keras.
  const ScanReport r = keras_scan(keras_file(R"({"architectures": ["X"]})", false, R"({"tool": "other"})"));
  CHECK(r.format == "zip");
  CHECK(r.findings.empty());
  // A lone config.json is a plain ZIP too.
  const ScanReport lone = keras_scan(build_zip({Member("config.json", "[1]")}).bytes);
  CHECK(lone.format == "zip");
  CHECK(lone.findings.empty());
  CHECK_FALSE(keras_metadata_has_version(R"({"keras_version": 3})"));
  CHECK_FALSE(keras_metadata_has_version(R"({"keras_version": "3", "keras_version": "3"})"));
  CHECK(keras_metadata_has_version(kMetadata));
}

TEST_CASE("keras: deflated hostile twins are rejected like stored ones") {
  const ScanReport r = keras_scan(keras_file(sequential({lambda_layer()}), true, kMetadata, 8));
  CHECK(r.format == "keras");
  CHECK(finding_ids(r).count("keras.lambda_layer") == 1);
  CHECK(r.rejected());
  const ScanReport broken = keras_scan(keras_file("{\"class_name\": ", true, kMetadata, 8));
  CHECK(finding_ids(broken) == std::set<std::string>{"keras.config_invalid"});
}

TEST_CASE("keras: metadata.json is read only up to its limit") {
  // keras_version padded past 1 MiB: not recognised by metadata, so (without weights) a plain ZIP.
  const std::string padded = R"({"keras_version": "3.6.0", "pad": ")" +
                             std::string(kKerasMaxMetadataBytes, 'x') + "\"}";
  const ScanReport r = keras_scan(keras_file(sequential({lambda_layer()}), false, padded));
  CHECK(r.format == "zip");
  // With the weights present it is Keras whatever metadata.json holds.
  const ScanReport with_weights = keras_scan(keras_file(sequential({lambda_layer()}), true, padded));
  CHECK(with_weights.format == "keras");
  CHECK(with_weights.rejected());
}
