// Folder validation must not cry wolf (issue 14): the files beside a sharded
// safetensors index that are not shards, and an ONNX model's external data
// under any name, are not findings; a stray shard, a missing shard, an
// unreferenced file with a weight's name and a pickle posing as external data
// still are.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstring>
#include <string>
#include <vector>

#include "modelseal/validate.hpp"
#include "onnx_test_support.hpp"
#include "test_support.hpp"
#include "signing_test_support.hpp"

using namespace modelseal;
using test_support::TempDir;
using test_support::write_bytes;

using signing_test::validate;

namespace {

std::vector<std::string> finding_list(const ValidationReport& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.id + " " + f.file);
  return out;
}

std::string format_of(const ValidationReport& r, const std::string& path) {
  for (const auto& f : r.files)
    if (f.path == path) return f.format;
  return "<absent>";
}

RegistryPolicy strict_weights() {
  RegistryPolicy p;
  p.reject_unknown_weights = true;
  return p;
}

// A Hugging Face repository of a sharded model, as `git clone` leaves it.
void write_hf_layout(const std::filesystem::path& dir) {
  write_bytes(dir / "config.json", R"({"architectures":["LlamaForCausalLM"]})");
  write_bytes(dir / "generation_config.json", R"({"max_length":64})");
  write_bytes(dir / "tokenizer.json", R"({"version":"1.0"})");
  write_bytes(dir / "tokenizer_config.json", R"({"model_max_length":64})");
  write_bytes(dir / "special_tokens_map.json", R"({"eos_token":"</s>"})");
  write_bytes(dir / "README.md", "# model\n");
  write_bytes(dir / ".gitattributes", "*.safetensors filter=lfs diff=lfs merge=lfs -text\n");
  write_bytes(dir / "model-00001-of-00002.safetensors", test_support::small_safetensors());
  write_bytes(dir / "model-00002-of-00002.safetensors", test_support::small_safetensors());
  write_bytes(dir / "model.safetensors.index.json",
              R"({"metadata":{"total_size":16},"weight_map":{)"
              R"("a.w":"model-00001-of-00002.safetensors","b.w":"model-00002-of-00002.safetensors"}})");
}

// model.onnx with one 16-byte FLOAT tensor in each of `locations`.
std::string onnx_model(const std::vector<std::string>& locations) {
  using namespace onnx_test_support;
  std::string graph;
  for (size_t i = 0; i < locations.size(); ++i)
    graph += initializer(external_tensor(
        {{"location", locations[i]}, {"offset", "0"}, {"length", "16"}}, {4}, 1,
        "w" + std::to_string(i)));
  return model(graph);
}

}  // namespace

TEST_CASE("a sharded safetensors folder: only shard-named files are the index's business") {
  TempDir dir;
  write_hf_layout(dir / "m");
  const ValidationReport clean = validate(dir / "m");
  CHECK(finding_list(clean).empty());
  CHECK(format_of(clean, "model.safetensors.index.json") == "safetensors-index");

  // another checkpoint beside the shards (e.g. Mistral's consolidated.safetensors) is not a shard
  write_bytes(dir / "m/consolidated.safetensors", test_support::small_safetensors());
  CHECK(finding_list(validate(dir / "m")).empty());

  // a shard the index does not name is still reported, and only it
  write_bytes(dir / "m/model-00003-of-00003.safetensors", test_support::small_safetensors());
  const ValidationReport stray = validate(dir / "m");
  CHECK(finding_list(stray) == std::vector<std::string>{
                                   "safetensors.index_unreferenced_shard model.safetensors.index.json"});
  CHECK_FALSE(stray.rejected());
  CHECK(stray.findings[0].message.find("model-00003-of-00003.safetensors") != std::string::npos);

  // a shard the index names but the folder lacks is an error
  std::filesystem::remove(dir / "m/model-00002-of-00002.safetensors");
  const ValidationReport missing = validate(dir / "m");
  CHECK(missing.rejected());
  const auto missing_list = finding_list(missing);
  CHECK(std::count(missing_list.begin(), missing_list.end(),
                   "safetensors.index_missing_shard model.safetensors.index.json") == 1);
}

TEST_CASE("an index in a subfolder judges the files of its own folder") {
  TempDir dir;
  write_hf_layout(dir / "m/text_encoder");
  write_bytes(dir / "m/model_index.json", "{}");
  write_bytes(dir / "m/unet/diffusion_pytorch_model.safetensors", test_support::small_safetensors());
  CHECK(finding_list(validate(dir / "m")).empty());
}

TEST_CASE("an ONNX model's external data is its data, under any name") {
  TempDir dir;
  // a.bin sorts before model.onnx, weights.bin after: the verdict waits for every model
  write_bytes(dir / "m/model.onnx",
              onnx_model({"a.bin", "weights.bin", "model.onnx.data", "model.onnx_data"}));
  for (const char* name : {"a.bin", "weights.bin", "model.onnx.data", "model.onnx_data"})
    write_bytes(dir / "m" / name, std::string(16, '\0'));
  const ValidationReport r = validate(dir / "m", strict_weights());
  CHECK(finding_list(r).empty());
  CHECK_FALSE(r.rejected());
  CHECK(format_of(r, "model.onnx") == "onnx");
  for (const char* name : {"a.bin", "weights.bin", "model.onnx.data", "model.onnx_data"})
    CHECK(format_of(r, name) == "onnx-external-data");

  // a .bin no model reads, with content no scanner knows, is still reported
  write_bytes(dir / "m/stray.bin", std::string(16, '\x01'));
  const ValidationReport stray = validate(dir / "m", strict_weights());
  CHECK(finding_list(stray) == std::vector<std::string>{"scan.unrecognized_weight stray.bin"});
  CHECK(stray.rejected());

  // a policy may forbid external data like any format
  RegistryPolicy no_external;
  no_external.forbid_formats = {"onnx-external-data"};
  std::filesystem::remove(dir / "m/stray.bin");
  const auto forbidden = finding_list(validate(dir / "m", no_external));
  CHECK(std::count(forbidden.begin(), forbidden.end(), "policy.format_forbidden weights.bin") == 1);
}

TEST_CASE("external data is still scanned by its content") {
  TempDir dir;
  write_bytes(dir / "m/model.onnx", onnx_model({"weights.bin"}));
  // a pickle named weights.bin that the model reads: a loader that picks files by name
  // (torch.load("weights.bin")) would run it
  write_bytes(dir / "m/weights.bin", "cos\nsystem\n(S'echo pwned'\ntR.");
  const ValidationReport r = validate(dir / "m");
  CHECK(r.rejected());
  CHECK(format_of(r, "weights.bin") == "pickle");
  const auto list = finding_list(r);
  CHECK(std::find(list.begin(), list.end(), "pickle.unsafe_global weights.bin") != list.end());
}
