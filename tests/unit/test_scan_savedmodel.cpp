// The TensorFlow SavedModel scanner (formats/savedmodel): hand-encoded
// saved_model.pb files, a benign graph and its hostile twins.
#include <doctest/doctest.h>

#include <set>
#include <string>
#include <vector>

#include "formats/savedmodel/savedmodel_scan.hpp"
#include "formats/scan/detect.hpp"
#include "onnx_test_support.hpp"
#include "scan_test_support.hpp"

using namespace modelseal::formats;
using scan_test_support::expect_only_finding;
using scan_test_support::finding_ids;
using onnx_test_support::bfield;
using onnx_test_support::varint;
using onnx_test_support::vfield;

namespace {

// NodeDef{name 1, op 2, attr 5}; an attr entry {key 1, value 2: AttrValue.s 2}.
std::string node(const std::string& name, const std::string& op, const std::string& attrs = "") {
  return bfield(1, name) + bfield(2, op) + attrs;
}
std::string string_attr(const std::string& key, const std::string& value) {
  return bfield(5, bfield(1, key) + bfield(2, bfield(2, value)));
}
// GraphDef.node (1) for each node.
std::string nodes(const std::vector<std::string>& ns) {
  std::string g;
  for (const auto& n : ns) g += bfield(1, n);
  return g;
}
// FunctionDef{signature 1: OpDef{name 1}, node_def 3}.
std::string function(const std::string& name, const std::vector<std::string>& ns) {
  std::string f = bfield(1, bfield(1, name));
  for (const auto& n : ns) f += bfield(3, n);
  return f;
}
// GraphDef.library (2): FunctionDefLibrary{function 1}.
std::string library(const std::vector<std::string>& fs) {
  std::string l;
  for (const auto& f : fs) l += bfield(1, f);
  return bfield(2, l);
}
// SavedModel{schema version 1, meta_graphs 2: MetaGraphDef{graph_def 2: graph}}.
std::string saved_model(const std::string& graph) {
  return vfield(1, 1) + bfield(2, bfield(1, "meta info") + bfield(2, graph));
}

std::string benign_graph() {
  return nodes({node("x", "Placeholder"), node("w", "Const"), node("v", "VarHandleOp"),
                node("w/read", "ReadVariableOp"), node("mm", "MatMul"), node("add", "Add"),
                node("y", "Relu"), node("call", "StatefulPartitionedCall"),
                node("direct", "__inference_dense_7")}) +
         library({function("__inference_dense_7", {node("m", "MatMul"), node("b", "BiasAdd")}),
                  function("__inference__traced_save_42",
                           {node("j", "StringJoin"), node("s", "SaveV2"),
                            node("m", "MergeV2Checkpoints")}),
                  function("__inference__traced_restore_43", {node("r", "RestoreV2")})});
}

ScanReport savedmodel_scan(const std::string& bytes, std::string_view name = "model/saved_model.pb") {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_savedmodel(src, name);
}

std::optional<ScanReport> route(const std::string& bytes, std::string_view name) {
  MemorySource src({reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size()});
  return scan_by_content(src, name);
}

size_t count(const ScanReport& r, const std::string& id) {
  size_t n = 0;
  for (const auto& f : r.findings) n += f.id == id;
  return n;
}

}  // namespace

TEST_CASE("savedmodel: a benign graph with its traced saver is accepted") {
  const ScanReport r = savedmodel_scan(saved_model(benign_graph()));
  CHECK(r.format == "tf-savedmodel");
  CHECK_FALSE(r.rejected());
  // SaveV2, MergeV2Checkpoints and RestoreV2 in the traced saver functions: warnings only.
  CHECK(finding_ids(r) == std::set<std::string>{"savedmodel.checkpoint_op"});
  CHECK(count(r, "savedmodel.checkpoint_op") == 3);
}

TEST_CASE("savedmodel: checkpoint ops: the tf.compat.v1 saver scope or an error") {
  const ScanReport ok = savedmodel_scan(saved_model(nodes(
      {node("save/SaveV2", "SaveV2"), node("save_1/RestoreV2", "RestoreV2"), node("x", "Const")})));
  CHECK_FALSE(ok.rejected());
  CHECK(count(ok, "savedmodel.checkpoint_op") == 2);
  for (const std::string name : {"x", "saver/SaveV2", "save_/a", "save_1x/a", "save"}) {
    CAPTURE(name);
    const ScanReport bad = savedmodel_scan(saved_model(nodes({node(name, "SaveV2")})));
    expect_only_finding(bad, "savedmodel.dangerous_op");
  }
  // A checkpoint op in an ordinary function is outside the saver.
  expect_only_finding(savedmodel_scan(saved_model(library({function("f", {node("r", "RestoreV2")})}))),
                      "savedmodel.dangerous_op");
  // A repeated name cannot borrow the saver scope: every name must be in it.
  expect_only_finding(
      savedmodel_scan(saved_model(nodes({bfield(1, "save/a") + node("evil", "SaveV2")}))),
      "savedmodel.dangerous_op");
}

TEST_CASE("savedmodel: PyFunc in the main graph is rejected") {
  const ScanReport r = savedmodel_scan(saved_model(benign_graph() + nodes({node("p", "PyFunc")})));
  CHECK(r.rejected());
  CHECK(count(r, "savedmodel.dangerous_op") == 1);
  for (const auto& f : r.findings)
    if (f.id == "savedmodel.dangerous_op") {
      CHECK(f.message.find("PyFunc") != std::string::npos);
      CHECK(f.message.find("meta graph 0") != std::string::npos);
    }
  for (const std::string op : {"PyFuncStateless", "EagerPyFunc", "MatchingFiles", "ImmutableConst",
                               "WholeFileReaderV2", "InitializeTableFromTextFileV2"}) {
    CAPTURE(op);
    expect_only_finding(savedmodel_scan(saved_model(nodes({node("n", op)}))), "savedmodel.dangerous_op");
  }
}

TEST_CASE("savedmodel: WriteFile inside a function library is rejected") {
  const std::string bytes = saved_model(
      nodes({node("x", "Placeholder")}) +
      library({function("__inference_helper_3", {node("mm", "MatMul"), node("w", "WriteFile")})}));
  const ScanReport r = savedmodel_scan(bytes);
  expect_only_finding(r, "savedmodel.dangerous_op");
  CHECK(r.findings[0].message.find("__inference_helper_3") != std::string::npos);
  CHECK(r.findings[0].offset > 0);
  CHECK(r.findings[0].offset < bytes.size());
  // Even in a function named like the saver.
  expect_only_finding(
      savedmodel_scan(saved_model(
          library({function("__inference__traced_save_1", {node("w", "WriteFile")})}))),
      "savedmodel.dangerous_op");
}

TEST_CASE("savedmodel: ReadFile is rejected, also in a second meta graph") {
  expect_only_finding(savedmodel_scan(saved_model(nodes({node("r", "ReadFile")}))), "savedmodel.dangerous_op");
  const std::string two = vfield(1, 1) + bfield(2, bfield(2, benign_graph().substr(0, 0))) +
                          bfield(2, bfield(2, nodes({node("r", "ReadFile")})));
  const ScanReport r = savedmodel_scan(two);
  expect_only_finding(r, "savedmodel.dangerous_op");
  CHECK(r.findings[0].message.find("meta graph 1") != std::string::npos);
}

TEST_CASE("savedmodel: a repeated op field cannot hide a dangerous op") {
  // protobuf keeps the last op; both are checked.
  expect_only_finding(savedmodel_scan(saved_model(nodes({node("n", "PyFunc") + bfield(2, "MatMul")}))),
                      "savedmodel.dangerous_op");
  expect_only_finding(savedmodel_scan(saved_model(nodes({node("n", "MatMul") + bfield(2, "PyFunc")}))),
                      "savedmodel.dangerous_op");
  // Past the values kept, the last (the one TensorFlow runs) is still checked.
  std::string many = node("n", "MatMul");
  for (int i = 0; i < 40; ++i) many += bfield(2, "Relu");
  expect_only_finding(savedmodel_scan(saved_model(nodes({many + bfield(2, "WriteFile")}))),
                      "savedmodel.dangerous_op");
  // The same for an attr value repeated inside its map entry.
  std::string entry = bfield(1, "descriptor_source");
  for (int i = 0; i < 40; ++i) entry += bfield(2, bfield(2, "local://"));
  entry += bfield(2, bfield(2, "/etc/x.desc"));
  expect_only_finding(savedmodel_scan(saved_model(nodes({node("d", "DecodeProtoV2", bfield(5, entry))}))),
                      "savedmodel.dangerous_op");
}

TEST_CASE("savedmodel: DecodeProtoV2 and PrintV2 are dangerous only when they name a file") {
  CHECK(finding_ids(savedmodel_scan(saved_model(nodes(
            {node("d", "DecodeProtoV2", string_attr("descriptor_source", "local://")),
             node("e", "EncodeProto", string_attr("descriptor_source", "bytes://\x0a\x00")),
             node("p", "PrintV2", string_attr("output_stream", "stderr"))})))) .empty());
  const std::string from_file =
      node("d", "DecodeProtoV2", string_attr("descriptor_source", "/tmp/x.desc"));
  expect_only_finding(savedmodel_scan(saved_model(nodes({from_file}))), "savedmodel.dangerous_op");
  expect_only_finding(savedmodel_scan(saved_model(nodes({node(
                          "p", "PrintV2", string_attr("output_stream", "file:///etc/cron.d/x"))}))),
                      "savedmodel.dangerous_op");
  // A function placeholder is decided only at instantiation: refused.
  expect_only_finding(
      savedmodel_scan(saved_model(library({function(
          "f", {node("d", "DecodeProtoV2",
                     bfield(5, bfield(1, "descriptor_source") + bfield(2, bfield(9, "src"))))})}))),
      "savedmodel.dangerous_op");
}

TEST_CASE("savedmodel: an op on no list is a warning, reported once per op") {
  const ScanReport r = savedmodel_scan(saved_model(
      nodes({node("a", "SomeCustomOp"), node("b", "SomeCustomOp"), node("c", "Relu")})));
  CHECK_FALSE(r.rejected());
  CHECK(finding_ids(r) == std::set<std::string>{"savedmodel.unknown_op"});
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].severity == Severity::kWarning);
  CHECK(r.findings[0].message.find("2 nodes") != std::string::npos);
  // A call of a library function defined after its caller is not unknown.
  CHECK(savedmodel_scan(saved_model(nodes({node("c", "my_fn")}) + library({function("my_fn", {})})))
            .findings.empty());
}

TEST_CASE("savedmodel: truncated and malformed protobufs are rejected") {
  const std::string good = saved_model(benign_graph());
  for (size_t cut : {size_t{1}, size_t{3}, good.size() / 2, good.size() - 1}) {
    CAPTURE(cut);
    const ScanReport r = savedmodel_scan(good.substr(0, cut));
    CHECK(r.rejected());
    CHECK(finding_ids(r).contains("savedmodel.malformed"));
  }
  expect_only_finding(savedmodel_scan(""), "savedmodel.malformed");
  // No meta graph at all.
  expect_only_finding(savedmodel_scan(vfield(1, 1)), "savedmodel.malformed");
  // A node that is a varint, a wire type 3 group, a length past its message.
  expect_only_finding(savedmodel_scan(saved_model(vfield(1, 5))), "savedmodel.malformed");
  expect_only_finding(savedmodel_scan(vfield(1, 1) + bfield(2, varint(2 << 3 | 3))), "savedmodel.malformed");
  expect_only_finding(savedmodel_scan(vfield(1, 1) + varint(2 << 3 | 2) + varint(1000) + "xx"),
                      "savedmodel.malformed");
}

TEST_CASE("savedmodel: oversized and over-deep inputs hit the limits") {
  // An op name over kSavedModelMaxOpBytes.
  expect_only_finding(
      savedmodel_scan(saved_model(nodes({node("n", std::string(kSavedModelMaxOpBytes + 1, 'A'))}))),
      "savedmodel.malformed");
  // Too many meta graphs.
  std::string many = vfield(1, 1);
  for (size_t i = 0; i <= kSavedModelMaxMetaGraphs; ++i) many += bfield(2, "");
  expect_only_finding(savedmodel_scan(many), "savedmodel.limit_exceeded");
  // Too many distinct ops on no list (each kept until the end to resolve calls).
  std::string unlisted;
  for (size_t i = 0; i <= kSavedModelMaxUnlistedOps; ++i)
    unlisted += bfield(1, node("n", "Op" + std::to_string(i)));
  const ScanReport u = savedmodel_scan(saved_model(unlisted));
  CHECK(u.rejected());
  CHECK(finding_ids(u).contains("savedmodel.limit_exceeded"));
  // Messages nested 2000 deep along the walked fields: the walk has a fixed
  // depth (five messages), so the nesting is only bytes to skip, never recursion.
  std::string deep = node("n", "Relu");
  for (int i = 0; i < 2000; ++i) deep = bfield(2, deep);
  const ScanReport r = savedmodel_scan(vfield(1, 1) + deep);
  CHECK(r.findings.size() <= 2);
  // A long node name is read only up to kSavedModelMaxNameBytes for the message.
  const ScanReport long_name =
      savedmodel_scan(saved_model(nodes({node(std::string(1 << 20, 'n'), "PyFunc")})));
  expect_only_finding(long_name, "savedmodel.dangerous_op");
  CHECK(long_name.findings[0].message.size() < 1000);
}

TEST_CASE("savedmodel: too many findings end with the marker") {
  std::vector<std::string> ns;
  for (size_t i = 0; i < kSavedModelMaxFindings + 5; ++i) ns.push_back(node("p", "PyFunc"));
  const ScanReport r = savedmodel_scan(saved_model(nodes(ns)));
  CHECK(r.findings.size() == kSavedModelMaxFindings + 1);
  CHECK(r.findings.back().id == "savedmodel.too_many_findings");
}

TEST_CASE("savedmodel: routed by the name saved_model.pb and the content") {
  const std::string good = saved_model(benign_graph());
  auto r = route(good, "m/saved_model.pb");
  REQUIRE(r);
  CHECK(r->format == "tf-savedmodel");
  CHECK(route(saved_model(nodes({node("p", "PyFunc")})), "saved_model.pb")->rejected());
  // Another name: not a SavedModel (no magic number to go by).
  const auto other = route(good, "m/graph.pb");
  CHECK((!other || other->format != "tf-savedmodel"));
  // Named saved_model.pb but no SavedModel: still scanned as one, and rejected.
  r = route("this is not a protobuf", "saved_model.pb");
  REQUIRE(r);
  CHECK(r->format == "tf-savedmodel");
  CHECK(r->rejected());
  CHECK(is_savedmodel_name("a/b/saved_model.pb"));
  CHECK_FALSE(is_savedmodel_name("a/saved_model.pbtxt"));
  CHECK_FALSE(is_savedmodel_name("my_saved_model.pb"));
  CHECK(is_savedmodel_name("export.zip:saved_model.pb"));
  MemorySource empty({});
  CHECK_FALSE(looks_like_savedmodel(empty));
}
