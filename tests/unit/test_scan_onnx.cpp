#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "formats/onnx/external_location.hpp"
#include "formats/onnx/onnx_scan.hpp"
#include "formats/onnx/protobuf_reader.hpp"
#include "onnx_test_support.hpp"
#include "scan_test_support.hpp"
#include "test_support.hpp"

using namespace modelseal::formats;

namespace {

using onnx_test_support::bfield;
using onnx_test_support::entry;
using onnx_test_support::external_tensor;
using onnx_test_support::initializer;
using onnx_test_support::model;
using onnx_test_support::varint;
using onnx_test_support::vfield;

// TensorProto with dims, data_type FLOAT unless told, and inline raw_data.
std::string inline_tensor(const std::string& name, std::vector<uint64_t> dims, size_t raw_bytes,
                          uint64_t data_type = 1) {
  std::string t;
  for (const uint64_t d : dims) t += vfield(1, d);
  return t + vfield(2, data_type) + bfield(8, name) + bfield(9, std::string(raw_bytes, 'x'));
}

std::string external_at(const std::string& location, const std::string& offset = "0",
                        const std::string& length = "64") {
  return external_tensor({{"location", location}, {"offset", offset}, {"length", length}});
}

// A bundle holding model.onnx, weights.bin (1024 bytes) and sub/w.bin (64 bytes).
OnnxContext context(std::string model_path = "model.onnx") {
  static const std::map<std::string, uint64_t, std::less<>> kFiles{
      {"model.onnx", 100}, {"weights.bin", 1024}, {"sub/w.bin", 64}};
  return {std::move(model_path), [](std::string_view p) -> std::optional<uint64_t> {
            const auto it = kFiles.find(p);
            if (it == kFiles.end()) return std::nullopt;
            return it->second;
          }};
}

ScanReport onnx_scan(const std::string& bytes, const OnnxContext& ctx = context()) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_onnx(src, "model.onnx", ctx);
}

bool onnx_sniff(const std::string& bytes) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return looks_like_onnx(src);
}

std::set<std::string> onnx_ids(const ScanReport& r) { return scan_test_support::finding_ids(r); }

void expect_only_onnx(const std::string& bytes, const std::string& id,
                 const OnnxContext& ctx = context()) {
  const ScanReport r = onnx_scan(bytes, ctx);
  std::string got;
  for (const auto& f : r.findings) got += f.id + " (" + f.message + ") ";
  INFO("expected ", id, ", got ", got);
  scan_test_support::expect_only_finding(r, id);
}

const std::string kValidExternal = model(initializer(external_at("weights.bin")));

}  // namespace

TEST_CASE("onnx accepts valid hand-built models") {
  const std::string inline_model = model(initializer(inline_tensor("w", {2, 3}, 24)));
  const ScanReport r = onnx_scan(inline_model);
  CHECK(r.format == "onnx");
  CHECK(r.findings.empty());
  CHECK(onnx_sniff(inline_model));
  CHECK(onnx_scan(kValidExternal).findings.empty());
  CHECK(onnx_sniff(kValidExternal));
  // Packed dims, a 4-bit type rounded up to whole bytes, a scalar, STRING (no size).
  CHECK(onnx_scan(model(initializer(vfield(2, 1) + bfield(1, varint(3) + varint(5)) +
                               bfield(9, std::string(60, 'x')))))
            .findings.empty());
  CHECK(onnx_scan(model(initializer(inline_tensor("q", {3}, 2, 22)))).findings.empty());
  CHECK(onnx_scan(model(initializer(inline_tensor("s", {}, 8, 11)))).findings.empty());
  CHECK(onnx_scan(model(initializer(inline_tensor("t", {5}, 3, 8)))).findings.empty());
  // Unknown fields everywhere are skipped; length and offset are optional.
  CHECK(onnx_scan(model(bfield(99, "x") + vfield(98, 1) +
                   initializer(vfield(60, 7) + external_tensor({{"location", "sub/w.bin"}}, {16}))))
            .findings.empty());
  CHECK(onnx_scan(model(initializer(external_tensor(
                 {{"location", "./sub/../weights.bin"}, {"offset", "960"}, {"checksum", "abc"}},
                 {16}))))
            .findings.empty());
  // Without a file_size callback, presence and bounds are not checked.
  CHECK(onnx_scan(model(initializer(external_at("absent.bin"))), OnnxContext{"model.onnx", {}})
            .findings.empty());
}

TEST_CASE("onnx sniffing needs ir_version first and a graph") {
  CHECK_FALSE(onnx_sniff(""));
  CHECK_FALSE(onnx_sniff("\x93NUMPY"));
  CHECK_FALSE(onnx_sniff(vfield(1, 8) + bfield(2, "producer")));
  CHECK_FALSE(onnx_sniff(bfield(2, "producer") + vfield(1, 8) + bfield(7, "")));
  CHECK_FALSE(onnx_sniff(vfield(1, 8) + vfield(7, 3)));
  CHECK_FALSE(onnx_sniff(vfield(1, 8) + "\x3a\x05" + "ab"));
  CHECK(onnx_sniff(vfield(1, 8) + bfield(2, "p") + bfield(7, "")));
}

TEST_CASE("onnx rejects malformed protobuf") {
  const std::string valid = model(initializer(inline_tensor("w", {2}, 8)));
  expect_only_onnx(valid.substr(0, valid.size() - 3), "onnx.truncated");
  expect_only_onnx("", "onnx.truncated");
  expect_only_onnx(vfield(1, 8) + "\x3a\xff\xff\xff\xff\xff\xff\xff\xff\x7f", "onnx.truncated");
  expect_only_onnx("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01",
              "onnx.malformed");  // 11-byte varint
  expect_only_onnx("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x02",
              "onnx.malformed");                                         // overflows 64 bits
  expect_only_onnx(vfield(1, 8) + "\x3b\x3c", "onnx.malformed");              // group
  expect_only_onnx(vfield(1, 8) + "\x3e", "onnx.malformed");                  // wire type 6
  expect_only_onnx(vfield(1, 8) + std::string("\0\1", 2), "onnx.malformed");  // field 0
  expect_only_onnx(vfield(1, 8) + vfield(7, 1), "onnx.malformed");            // graph as varint
  // A tensor whose length runs past its enclosing graph, but not past the file.
  std::string graph = initializer(inline_tensor("w", {2}, 8));
  graph[1] = static_cast<char>(graph[1] + 4);
  expect_only_onnx(vfield(1, 8) + bfield(7, graph) + bfield(2, "pad!"), "onnx.malformed");
  expect_only_onnx(model(initializer(bfield(2, "x"))), "onnx.malformed");  // data_type as bytes
  expect_only_onnx(model(initializer(vfield(9, 1))), "onnx.malformed");    // raw_data as varint
}

TEST_CASE("onnx rejects a model without a graph") {
  expect_only_onnx(vfield(1, 8) + bfield(2, "producer"), "onnx.missing_graph");
}

TEST_CASE("onnx bounds subgraph nesting and external entries") {
  std::string graph = initializer(external_at("weights.bin"));
  for (size_t i = 0; i < kOnnxMaxGraphDepth; ++i) graph = bfield(1, bfield(5, bfield(6, graph)));
  CHECK(onnx_scan(model(graph)).findings.empty());
  expect_only_onnx(model(bfield(1, bfield(5, bfield(6, graph)))), "onnx.limit_exceeded");
  std::vector<std::pair<std::string, std::string>> many{{"location", "weights.bin"}};
  for (size_t i = 0; i < kOnnxMaxExternalEntries; ++i) many.emplace_back("checksum", "x");
  const ScanReport r = onnx_scan(model(initializer(external_tensor(many))));
  CHECK(onnx_ids(r).count("onnx.limit_exceeded") == 1);
}

TEST_CASE("onnx refuses repeated singular message fields") {
  expect_only_onnx(vfield(1, 8) + bfield(7, "") + bfield(7, ""), "onnx.duplicate_field");
  const std::string t = bfield(5, inline_tensor("w", {1}, 4));
  expect_only_onnx(model(bfield(1, bfield(5, t + t))), "onnx.duplicate_field");
  const std::string values = bfield(1, inline_tensor("v", {1}, 4));
  expect_only_onnx(model(bfield(15, values + values)), "onnx.duplicate_field");
}

TEST_CASE("onnx checks tensor dims and inline sizes") {
  expect_only_onnx(model(initializer(inline_tensor("w", {2, ~uint64_t{0}}, 8))),
              "onnx.tensor_invalid_dims");
  expect_only_onnx(model(initializer(inline_tensor("w", {1ull << 40, 1ull << 40}, 8))),
              "onnx.tensor_invalid_dims");
  expect_only_onnx(model(initializer(inline_tensor("w", {1ull << 62}, 8))), "onnx.tensor_invalid_dims");
  expect_only_onnx(model(initializer(inline_tensor("w", {2, 3}, 23))), "onnx.tensor_size_mismatch");
  expect_only_onnx(model(initializer(inline_tensor("w", {3}, 1, 22))), "onnx.tensor_size_mismatch");
  expect_only_onnx(model(initializer(external_at("weights.bin", "0", "60"))),
              "onnx.tensor_size_mismatch");
  // A segment of a larger tensor is not size-checked.
  CHECK(onnx_scan(model(initializer(bfield(3, vfield(1, 0)) + inline_tensor("w", {2, 3}, 4))))
            .findings.empty());
}

TEST_CASE("onnx checks external data fields") {
  expect_only_onnx(model(initializer(external_tensor({{"offset", "0"}}))), "onnx.external_bad_field");
  expect_only_onnx(model(initializer(external_at("weights.bin", "12a"))), "onnx.external_bad_field");
  expect_only_onnx(model(initializer(external_at("weights.bin", "0", ""))), "onnx.external_bad_field");
  expect_only_onnx(model(initializer(external_at("weights.bin", "18446744073709551616"))),
              "onnx.external_bad_field");
  expect_only_onnx(model(initializer(external_tensor({{"location", "weights.bin"}, {"location", "x"}}))),
              "onnx.external_bad_field");
  expect_only_onnx(model(initializer(external_tensor({{"location", "weights.bin"}}, {16}, 2))),
              "onnx.external_bad_field");
  expect_only_onnx(model(initializer(external_at("weights.bin") + bfield(9, std::string(64, 'x')))),
              "onnx.external_inline_data");
  const ScanReport r = onnx_scan(
      model(initializer(external_tensor({{"location", "weights.bin"}, {"basepath", "/"}}, {16}))));
  CHECK(onnx_ids(r) == std::set<std::string>{"onnx.external_unknown_key"});
  CHECK_FALSE(r.rejected());
}

TEST_CASE("onnx checks external data locations") {
  expect_only_onnx(model(initializer(external_at("/etc/passwd"))), "onnx.external_absolute_path");
  expect_only_onnx(model(initializer(external_at("C:weights.bin"))), "onnx.external_absolute_path");
  expect_only_onnx(model(initializer(external_at("\\\\server\\share\\w.bin"))),
              "onnx.external_absolute_path");
  expect_only_onnx(model(initializer(external_at("../../etc/passwd"))), "onnx.external_path_escapes");
  expect_only_onnx(model(initializer(external_at("sub/../../weights.bin"))),
              "onnx.external_path_escapes");
  expect_only_onnx(model(initializer(external_at("..\\weights.bin"))), "onnx.external_bad_path");
  expect_only_onnx(model(initializer(external_at(std::string("weights.bin\0x", 13)))),
              "onnx.external_bad_path");
  expect_only_onnx(model(initializer(external_at("w\xff.bin"))), "onnx.external_bad_path");
  expect_only_onnx(model(initializer(external_at(""))), "onnx.external_bad_path");
  expect_only_onnx(model(initializer(external_at("sub/.."))), "onnx.external_bad_path");
  expect_only_onnx(model(initializer(external_at(std::string(kOnnxMaxLocationBytes + 1, 'a')))),
              "onnx.external_bad_path");
  expect_only_onnx(model(initializer(external_at("absent.bin"))), "onnx.external_missing");
  // From a model in sub/, "../weights.bin" stays in the bundle but leaves the model's folder.
  const ScanReport r =
      onnx_scan(model(initializer(external_at("../weights.bin"))), context("sub/model.onnx"));
  CHECK(onnx_ids(r) == std::set<std::string>{"onnx.external_outside_model_dir"});
  CHECK_FALSE(r.rejected());
  CHECK(onnx_scan(model(initializer(external_at("w.bin", "0", "64"))), context("sub/model.onnx"))
            .findings.empty());
  expect_only_onnx(model(initializer(external_at("../../weights.bin"))), "onnx.external_path_escapes",
              context("sub/model.onnx"));
}

TEST_CASE("onnx checks external data bounds") {
  expect_only_onnx(model(initializer(external_at("weights.bin", "961"))), "onnx.external_out_of_bounds");
  expect_only_onnx(model(initializer(external_at("sub/w.bin", "1", "64"))),
              "onnx.external_out_of_bounds");
  expect_only_onnx(model(initializer(external_at("weights.bin", "18446744073709551615", "64"))),
              "onnx.external_out_of_bounds");
  expect_only_onnx(
      model(initializer(external_tensor({{"location", "weights.bin"}, {"offset", "1025"}}, {0}))),
      "onnx.external_out_of_bounds");
  // Without a length the tensor's own size must fit after the offset.
  expect_only_onnx(
      model(initializer(external_tensor({{"location", "weights.bin"}, {"offset", "1000"}}, {16}))),
      "onnx.external_out_of_bounds");
  CHECK(onnx_scan(model(initializer(
                 external_tensor({{"location", "weights.bin"}, {"offset", "1024"}}, {0}))))
            .findings.empty());
}

TEST_CASE("onnx finds tensors wherever they live") {
  const std::string bad = external_at("../x.bin");
  const std::string attr_t = bfield(1, bfield(5, bfield(5, bad)));
  const std::string attr_tensors = bfield(1, bfield(5, bfield(10, bad)));
  const std::string subgraph = bfield(1, bfield(5, bfield(6, initializer(bad))));
  const std::string subgraphs = bfield(1, bfield(5, bfield(11, initializer(bad))));
  const std::string sparse = bfield(15, bfield(2, bad));
  const std::string attr_sparse =
      bfield(1, bfield(5, bfield(22, bfield(1, bad)) + bfield(23, bfield(1, bad))));
  for (const auto& graph : {attr_t, attr_tensors, subgraph, subgraphs, sparse})
    expect_only_onnx(model(graph), "onnx.external_path_escapes");
  CHECK(onnx_scan(model(attr_sparse)).findings.size() == 2);
  const std::string function = bfield(25, bfield(7, bfield(5, bfield(5, bad))));
  expect_only_onnx(model("") + function, "onnx.external_path_escapes");
  const std::string training =
      bfield(20, bfield(1, initializer(bad)) + bfield(2, initializer(bad)));
  CHECK(onnx_scan(model("") + training).findings.size() == 2);
}

TEST_CASE("onnx reads models larger than its read window") {
  std::string graph = initializer(inline_tensor("big", {50000}, 200000));
  for (int i = 0; i < 3000; ++i)
    graph += initializer(inline_tensor("w" + std::to_string(i), {2}, 8));
  graph += initializer(external_at("../last.bin"));
  const ScanReport r = onnx_scan(model(graph));
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].id == "onnx.external_path_escapes");
  const std::string location = entry("location", "../last.bin");  // the offset points at it
  CHECK(model(graph).substr(r.findings[0].offset, location.size()) == location);
  CHECK(r.findings[0].offset > 250000);
}

TEST_CASE("onnx reports a source that fails to read") {
  struct FailingSource : ByteSource {
    uint64_t size() const override { return 100; }
    modelseal::Result<size_t> read_at(uint64_t, std::span<uint8_t>) const override {
      return modelseal::make_error(modelseal::ErrorCode::kIo, "disk on fire");
    }
  };
  const ScanReport r = scan_onnx(FailingSource{}, "model.onnx", context());
  scan_test_support::expect_only_finding(r, "onnx.read_error");
  CHECK_FALSE(looks_like_onnx(FailingSource{}));
}

TEST_CASE("onnx stops listing after the findings limit") {
  std::string graph;
  for (size_t i = 0; i <= kOnnxMaxFindings + 5; ++i)
    graph += initializer(external_at("absent.bin"));
  const ScanReport r = onnx_scan(model(graph));
  REQUIRE(r.findings.size() == kOnnxMaxFindings + 1);
  CHECK(r.findings.back().id == "onnx.too_many_findings");
}

TEST_CASE("protobuf reader decodes fields within its budget") {
  using namespace modelseal::formats::protobuf;
  const std::string bytes = vfield(1, ~uint64_t{0}) + "\x11" +
                            std::string("\x01\0\0\0\0\0\0\x80", 8) + "\x1d\x04\x03\x02\x01" +
                            bfield(4, varint(300) + varint(0) + varint(1ull << 63));
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  WireState state(src, 100);
  MessageReader r(state, 0, bytes.size());
  auto f = r.next();
  REQUIRE(f);
  CHECK(f->value == ~uint64_t{0});
  f = r.next();
  REQUIRE(f);
  CHECK((f->type == WireType::kFixed64 && f->value == 0x8000000000000001ull));
  f = r.next();
  REQUIRE(f);
  CHECK((f->type == WireType::kFixed32 && f->value == 0x01020304u));
  f = r.next();
  REQUIRE(f);
  std::vector<uint64_t> packed;
  CHECK(r.packed_varints(*f, [&packed](uint64_t v) { packed.push_back(v); }));
  CHECK(packed == std::vector<uint64_t>{300, 0, 1ull << 63});
  CHECK_FALSE(r.next());
  CHECK_FALSE(state.failed());

  WireState small(src, 3);  // 4 tags: the fourth exhausts the budget
  MessageReader limited(small, 0, bytes.size());
  size_t fields = 0;
  while (limited.next()) ++fields;
  CHECK(fields == 3);
  REQUIRE(small.error());
  CHECK(small.error()->problem == WireProblem::kLimitExceeded);
}

TEST_CASE("onnx location resolution") {
  using onnx_detail::resolve_location;
  CHECK(resolve_location("a/b/model.onnx", "w.bin").root_relative == "a/b/w.bin");
  CHECK(resolve_location("a/b/model.onnx", "./x//y/../w.bin").root_relative == "a/b/x/w.bin");
  CHECK(resolve_location("model.onnx", "d/w.bin").root_relative == "d/w.bin");
  const auto up = resolve_location("a/b/model.onnx", "../../w.bin");
  CHECK(up.root_relative == "w.bin");
  CHECK(up.leaves_model_dir);
  CHECK(resolve_location("a/b/model.onnx", "../../../w.bin").problem_id ==
        "onnx.external_path_escapes");
  CHECK(resolve_location("model.onnx", "z:\\w").problem_id == "onnx.external_absolute_path");
}

TEST_CASE("onnx models written by the onnx Python package") {
  if (std::system("/usr/bin/python3 -c 'import onnx' >/dev/null 2>&1") != 0) {
    MESSAGE("skipped: /usr/bin/python3 with the onnx package is not available");
    return;
  }
  test_support::TempDir dir;
  const std::string script = std::string(MODELSEAL_SOURCE_DIR) + "/tests/onnx/make_onnx_models.py";
  REQUIRE(std::system(
              ("/usr/bin/python3 '" + script + "' '" + dir.path().string() + "'").c_str()) == 0);
  std::ifstream cases(dir / "cases.txt");
  size_t ran = 0;
  for (std::string line; std::getline(cases, line);) {
    std::istringstream fields(line);
    std::string path, expected;
    fields >> path >> expected;
    CAPTURE(path);
    auto src = open_file_source((dir / path).string());
    REQUIRE(src.ok());
    CHECK(looks_like_onnx(**src));
    const OnnxContext ctx{path, [&dir](std::string_view p) -> std::optional<uint64_t> {
                            std::error_code ec;
                            const auto size =
                                std::filesystem::file_size(dir.path() / std::string(p), ec);
                            if (ec) return std::nullopt;
                            return size;
                          }};
    const ScanReport r = scan_onnx(**src, path, ctx);
    if (expected == "ok")
      CHECK(r.findings.empty());
    else
      scan_test_support::expect_only_finding(r, expected);
    ++ran;
  }
  size_t models = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(dir.path()))
    models += e.path().extension() == ".onnx";
  CHECK(ran == models);
  CHECK(ran >= 10);
}

TEST_CASE("onnx tells the caller which files it reads as external data") {
  std::set<std::string> told;
  OnnxContext ctx = context("sub/model.onnx");
  ctx.on_external_file = [&told](std::string_view p) { told.emplace(p); };
  const std::string two = model(initializer(external_at("w.bin")) +
                                initializer(external_at("../weights.bin")) +
                                initializer(external_at("missing.bin")) +
                                initializer(external_at("/etc/passwd")));
  const ScanReport r = onnx_scan(two, ctx);
  CHECK(told == std::set<std::string>{"sub/w.bin", "weights.bin"});  // found files only
  CHECK(r.rejected());  // the missing and the absolute location
}
