#include "formats/onnx/onnx_scan.hpp"

#include "formats/onnx/onnx_findings.hpp"
#include "formats/onnx/onnx_tensor.hpp"
#include "formats/onnx/protobuf_reader.hpp"
#include "formats/scan/guarded_parse.hpp"

namespace modelseal::formats {
namespace {

using onnx_detail::OnnxFindings;
using protobuf::Field;
using protobuf::MessageReader;
using protobuf::WireProblem;
using protobuf::WireState;
using protobuf::WireType;

constexpr uint32_t kModelIrVersion = 1;
constexpr uint32_t kModelGraph = 7;
constexpr uint64_t kSniffMaxFields = 4096;

// Walks the messages that can hold tensors; each walk_* returns false once the
// parse has failed.
class Walker {
 public:
  Walker(WireState& state, const OnnxContext& ctx, OnnxFindings& out)
      : state_(state), ctx_(ctx), out_(out) {}

  bool model(MessageReader r, bool& has_graph) {
    bool seen_graph = false;
    while (auto f = r.next()) {
      bool ok = true;
      if (f->number == kModelGraph)
        ok = singular(r, *f, seen_graph, "ModelProto.graph") && graph(r.sub(*f), 0);
      else if (f->number == 20)
        ok = message(r, *f, "ModelProto.training_info") && training_info(r.sub(*f));
      else if (f->number == 25)
        ok = message(r, *f, "ModelProto.functions") && function(r.sub(*f));
      if (!ok) return false;
    }
    has_graph = seen_graph;
    return !state_.failed();
  }

 private:
  bool training_info(MessageReader r) {
    bool seen_init = false, seen_algo = false;
    while (auto f = r.next()) {
      bool ok = true;
      if (f->number == 1)
        ok = singular(r, *f, seen_init, "TrainingInfoProto.initialization") && graph(r.sub(*f), 0);
      else if (f->number == 2)
        ok = singular(r, *f, seen_algo, "TrainingInfoProto.algorithm") && graph(r.sub(*f), 0);
      if (!ok) return false;
    }
    return !state_.failed();
  }

  bool function(MessageReader r) {
    while (auto f = r.next())
      if (f->number == 7 && !(message(r, *f, "FunctionProto.node") && node(r.sub(*f), 0)))
        return false;
    return !state_.failed();
  }

  bool graph(MessageReader r, size_t depth) {
    if (depth > kOnnxMaxGraphDepth) {
      state_.fail(WireProblem::kLimitExceeded, r.position(),
                  "subgraphs nest deeper than " + std::to_string(kOnnxMaxGraphDepth) + " levels");
      return false;
    }
    while (auto f = r.next()) {
      bool ok = true;
      if (f->number == 1)
        ok = message(r, *f, "GraphProto.node") && node(r.sub(*f), depth);
      else if (f->number == 5)
        ok = message(r, *f, "GraphProto.initializer") && tensor(r, *f);
      else if (f->number == 15)
        ok = message(r, *f, "GraphProto.sparse_initializer") && sparse(r.sub(*f));
      if (!ok) return false;
    }
    return !state_.failed();
  }

  bool node(MessageReader r, size_t depth) {
    while (auto f = r.next())
      if (f->number == 5 && !(message(r, *f, "NodeProto.attribute") && attribute(r.sub(*f), depth)))
        return false;
    return !state_.failed();
  }

  bool attribute(MessageReader r, size_t depth) {
    bool seen_t = false, seen_g = false, seen_sparse = false;
    while (auto f = r.next()) {
      bool ok = true;
      switch (f->number) {
        case 5:
          ok = singular(r, *f, seen_t, "AttributeProto.t") && tensor(r, *f);
          break;
        case 6:
          ok = singular(r, *f, seen_g, "AttributeProto.g") && graph(r.sub(*f), depth + 1);
          break;
        case 10:
          ok = message(r, *f, "AttributeProto.tensors") && tensor(r, *f);
          break;
        case 11:
          ok = message(r, *f, "AttributeProto.graphs") && graph(r.sub(*f), depth + 1);
          break;
        case 22:
          ok = singular(r, *f, seen_sparse, "AttributeProto.sparse_tensor") && sparse(r.sub(*f));
          break;
        case 23:
          ok = message(r, *f, "AttributeProto.sparse_tensors") && sparse(r.sub(*f));
          break;
        default:
          break;
      }
      if (!ok) return false;
    }
    return !state_.failed();
  }

  bool sparse(MessageReader r) {
    bool seen_values = false, seen_indices = false;
    while (auto f = r.next()) {
      bool ok = true;
      if (f->number == 1)
        ok = singular(r, *f, seen_values, "SparseTensorProto.values") && tensor(r, *f);
      else if (f->number == 2)
        ok = singular(r, *f, seen_indices, "SparseTensorProto.indices") && tensor(r, *f);
      if (!ok) return false;
    }
    return !state_.failed();
  }

  bool tensor(const MessageReader& parent, const Field& f) {
    onnx_detail::TensorInfo info;
    if (!onnx_detail::read_tensor(parent, f, info)) return false;
    onnx_detail::check_tensor(info, ctx_, out_);
    return true;
  }

  bool message(MessageReader& r, const Field& f, std::string_view what) {
    return r.expect(f, WireType::kLengthDelimited, what);
  }

  // A singular message field seen twice is merged by protobuf readers, which a
  // field-by-field check would not see; it is refused (and both are still walked).
  bool singular(MessageReader& r, const Field& f, bool& seen, std::string_view what) {
    if (!message(r, f, what)) return false;
    if (seen)
      out_.error(
          "onnx.duplicate_field", f.offset,
          std::string(what) + " appears more than once (field " + std::to_string(f.number) + ")");
    seen = true;
    return true;
  }

  WireState& state_;
  const OnnxContext& ctx_;
  OnnxFindings& out_;
};

std::string_view wire_finding(WireProblem p) {
  switch (p) {
    case WireProblem::kTruncated:
      return "onnx.truncated";
    case WireProblem::kMalformed:
      return "onnx.malformed";
    case WireProblem::kLimitExceeded:
      return "onnx.limit_exceeded";
    case WireProblem::kReadError:
      return "onnx.read_error";
  }
  return "onnx.malformed";
}

void scan(const ByteSource& src, const OnnxContext& ctx, OnnxFindings& out) {
  if (src.size() == 0) return out.error("onnx.truncated", 0, "the file is empty");
  WireState state(src, kOnnxMaxFields);
  Walker walker(state, ctx, out);
  bool has_graph = false;
  walker.model(MessageReader(state, 0, src.size()), has_graph);
  if (const auto& e = state.error())
    return out.error(wire_finding(e->problem), e->offset, e->message);
  if (!has_graph) out.error("onnx.missing_graph", 0, "the model has no graph (field 7)");
}

}  // namespace

bool looks_like_onnx(const ByteSource& src) {
  WireState state(src, kSniffMaxFields);
  MessageReader r(state, 0, src.size());
  auto first = r.next();
  if (!first || first->offset != 0 || first->number != kModelIrVersion ||
      first->type != WireType::kVarint)
    return false;
  while (auto f = r.next())
    if (f->number == kModelGraph) return f->type == WireType::kLengthDelimited;
  return false;
}

ScanReport scan_onnx(const ByteSource& src, std::string_view name, const OnnxContext& ctx) {
  ScanReport report;
  report.format = "onnx";
  OnnxFindings out = onnx_detail::onnx_findings(report, name);
  // allocation failure, or a throwing file_size callback
  if (const auto failure = guarded_parse([&] { scan(src, ctx, out); }))
    out.error("onnx.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
