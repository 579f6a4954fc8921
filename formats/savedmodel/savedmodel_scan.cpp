#include "formats/savedmodel/savedmodel_scan.hpp"

#include <array>
#include <map>
#include <set>
#include <string>

#include "formats/onnx/protobuf_reader.hpp"
#include "formats/savedmodel/savedmodel_ops.hpp"
#include "formats/scan/findings_sink.hpp"
#include "formats/scan/guarded_parse.hpp"
#include "formats/text/printable.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {
namespace {

using protobuf::Field;
using protobuf::MessageReader;
using protobuf::WireProblem;
using protobuf::WireState;
using protobuf::WireType;
using savedmodel_detail::OpClass;

constexpr uint32_t kSavedModelSchemaVersion = 1;
constexpr uint32_t kSavedModelMetaGraphs = 2;
constexpr uint32_t kMetaGraphGraphDef = 2;
constexpr uint32_t kGraphNode = 1;
constexpr uint32_t kGraphLibrary = 2;
constexpr uint32_t kLibraryFunction = 1;
constexpr uint32_t kFunctionSignature = 1;
constexpr uint32_t kFunctionNodeDef = 3;
constexpr uint32_t kOpDefName = 1;
constexpr uint32_t kNodeName = 1;
constexpr uint32_t kNodeOp = 2;
constexpr uint32_t kNodeAttr = 5;
constexpr uint32_t kEntryKey = 1;
constexpr uint32_t kEntryValue = 2;
constexpr uint32_t kAttrString = 2;
constexpr uint32_t kAttrPlaceholder = 9;
constexpr uint64_t kSniffMaxFields = 4096;
// Values of a repeated scalar (NodeDef.op) or message (attr value) kept per node.
constexpr size_t kMaxRepeats = 16;

const HintTable& savedmodel_hints() {
  static constexpr std::array<HintEntry, 7> kHints{{
      {"savedmodel.dangerous_op",
       "the graph runs Python or touches files or the network when executed; do not load it, "
       "re-export the model without the op"},
      {"savedmodel.checkpoint_op",
       "checkpoint save/restore op inside the saver; expected in SavedModels, review if "
       "unexpected"},
      {"savedmodel.unknown_op",
       "the op is not on the scanner's allow-list; review what it does before loading"},
      {"savedmodel.malformed", "the file is not a well-formed SavedModel protobuf; re-export it"},
      {"savedmodel.limit_exceeded",
       "the SavedModel exceeds a scanner safety limit; check the file"},
      {"savedmodel.read_error", "the file could not be read; check the storage and retry"},
      {"savedmodel.too_many_findings", "fix the listed problems first; the file is badly broken"},
  }};
  static const HintTable kTable{kHints, ""};
  return kTable;
}

// Where a node lives, for messages and the saver rule.
struct Place {
  size_t meta_graph = 0;
  bool in_function = false;
  std::string function;       // printable prefix of the function's name
  bool saver_function = false;
  std::string describe() const {
    return in_function ? "function " + quote(function)
                       : "meta graph " + std::to_string(meta_graph);
  }
};

// An op on neither list: a call of a library function, or savedmodel.unknown_op.
struct Unlisted {
  uint64_t offset = 0;
  uint64_t count = 0;
  std::string first_place;
};

class Walker {
 public:
  Walker(WireState& state, FindingsSink& out) : state_(state), out_(out) {}

  bool saved_model(MessageReader r) {
    size_t meta_graphs = 0;
    while (auto f = r.next()) {
      bool ok = true;
      if (f->number == kSavedModelSchemaVersion)
        ok = r.expect(*f, WireType::kVarint, "SavedModel.saved_model_schema_version");
      else if (f->number == kSavedModelMetaGraphs) {
        if (++meta_graphs > kSavedModelMaxMetaGraphs)
          return limit(f->offset, "more than " + std::to_string(kSavedModelMaxMetaGraphs) +
                                      " meta graphs");
        ok = message(r, *f, "SavedModel.meta_graphs") && meta_graph(r.sub(*f), meta_graphs - 1);
      }
      if (!ok) return false;
    }
    if (state_.failed()) return false;
    if (meta_graphs == 0) {
      state_.fail(WireProblem::kMalformed, 0, "the SavedModel has no meta graph (field 2)");
      return false;
    }
    return true;
  }

  // After the walk: each op on neither list that names no library function.
  void report_unlisted() {
    for (const auto& [op, u] : unlisted_) {
      if (functions_.contains(op)) continue;
      out_.warning("savedmodel.unknown_op", u.offset,
                   "op " + quote(printable_name(op)) + " is not on the allow-list (" +
                       std::to_string(u.count) + " node" + (u.count == 1 ? "" : "s") +
                       ", first in " + u.first_place + ")");
    }
  }

 private:
  bool meta_graph(MessageReader r, size_t index) {
    while (auto f = r.next())
      if (f->number == kMetaGraphGraphDef &&
          !(message(r, *f, "MetaGraphDef.graph_def") && graph(r.sub(*f), index)))
        return false;
    return !state_.failed();
  }

  bool graph(MessageReader r, size_t index) {
    Place place;
    place.meta_graph = index;
    while (auto f = r.next()) {
      bool ok = true;
      if (f->number == kGraphNode)
        ok = message(r, *f, "GraphDef.node") && node(r.sub(*f), place);
      else if (f->number == kGraphLibrary)
        ok = message(r, *f, "GraphDef.library") && library(r.sub(*f), index);
      if (!ok) return false;
    }
    return !state_.failed();
  }

  bool library(MessageReader r, size_t index) {
    while (auto f = r.next()) {
      if (f->number != kLibraryFunction) continue;
      if (++function_count_ > kSavedModelMaxFunctions)
        return limit(f->offset, "more than " + std::to_string(kSavedModelMaxFunctions) +
                                    " library functions");
      if (!(message(r, *f, "FunctionDefLibrary.function") && function(r.sub(*f), index)))
        return false;
    }
    return !state_.failed();
  }

  // Two passes: the signature's name first (fields may come in any order), then
  // the nodes. A signature repeated is merged by protobuf (its last name wins);
  // the function counts as the saver only when every name seen is a saver's.
  bool function(MessageReader r, size_t index) {
    Place place;
    place.meta_graph = index;
    place.in_function = true;
    bool named = false, all_saver = true;
    MessageReader first = r;
    while (auto f = first.next()) {
      if (f->number != kFunctionSignature) continue;
      if (!message(first, *f, "FunctionDef.signature")) return false;
      MessageReader sig = first.sub(*f);
      while (auto g = sig.next()) {
        if (g->number != kOpDefName) continue;
        auto name = text(sig, *g, "OpDef.name", kSavedModelMaxOpBytes + 1);
        if (!name) return false;
        if (name->size() <= kSavedModelMaxOpBytes) functions_.insert(*name);
        named = true;
        all_saver = all_saver && savedmodel_detail::function_is_saver(*name);
        place.function = printable_name(*name, 80);
      }
      if (state_.failed()) return false;
    }
    if (state_.failed()) return false;
    place.saver_function = named && all_saver;
    if (!named) place.function = "(unnamed)";
    while (auto f = r.next())
      if (f->number == kFunctionNodeDef &&
          !(message(r, *f, "FunctionDef.node_def") && node(r.sub(*f), place)))
        return false;
    return !state_.failed();
  }

  bool node(MessageReader r, const Place& place) {
    if (++node_count_ > kSavedModelMaxNodes)
      return limit(r.position(), "more than " + std::to_string(kSavedModelMaxNodes) + " nodes");
    // Every op and name value is checked (protobuf keeps the last; a repeated
    // field must not hide a first one): the node is in the saver scope only when
    // every name is.
    std::string name;
    bool saver_name = true, named = false;
    std::vector<std::pair<std::string, uint64_t>> ops;
    MessageReader scalars = r;
    while (auto f = scalars.next()) {
      if (f->number == kNodeName) {
        auto v = text(scalars, *f, "NodeDef.name", kSavedModelMaxNameBytes);
        if (!v) return false;
        saver_name = saver_name && savedmodel_detail::node_in_saver_scope(*v);
        named = true;
        name = *v;
      } else if (f->number == kNodeOp) {
        if (f->type == WireType::kLengthDelimited && f->value > kSavedModelMaxOpBytes) {
          state_.fail(WireProblem::kMalformed, f->offset,
                      "NodeDef.op is " + std::to_string(f->value) + " bytes, over the limit of " +
                          std::to_string(kSavedModelMaxOpBytes));
          return false;
        }
        auto v = text(scalars, *f, "NodeDef.op", kSavedModelMaxOpBytes);
        if (!v) return false;
        // The first kMaxRepeats values and always the last (the one protobuf keeps).
        if (ops.size() < kMaxRepeats)
          ops.emplace_back(std::move(*v), f->offset);
        else
          ops.back() = {std::move(*v), f->offset};
      }
    }
    if (state_.failed()) return false;
    const bool in_saver = place.in_function ? place.saver_function : (named && saver_name);
    const std::string where = "node " + quote(printable_name(name, 80)) + " in " + place.describe();
    for (const auto& [op, offset] : ops)
      if (!classify(r, op, offset, where, in_saver, place)) return false;
    return !state_.failed();
  }

  bool classify(const MessageReader& node, const std::string& op, uint64_t offset,
                const std::string& where, bool in_saver, const Place& place) {
    const std::string shown = quote(printable_name(op));
    switch (savedmodel_detail::classify_op(op)) {
      case OpClass::kAllowed:
        return true;
      case OpClass::kDangerous:
        out_.error("savedmodel.dangerous_op", offset, "op " + shown + " (" + where + ")");
        return true;
      case OpClass::kCheckpoint:
        if (in_saver)
          out_.warning("savedmodel.checkpoint_op", offset,
                       "op " + shown + " in the saver (" + where + ")");
        else
          out_.error("savedmodel.dangerous_op", offset,
                     "checkpoint op " + shown + " outside the saver (" + where + ")");
        return true;
      case OpClass::kAttrChecked:
        return attr_checked(node, op, offset, where);
      case OpClass::kUnlisted: {
        if (!unlisted_.contains(op) && unlisted_.size() >= kSavedModelMaxUnlistedOps)
          return limit(offset, "more than " + std::to_string(kSavedModelMaxUnlistedOps) +
                                   " distinct ops on no list");
        auto [it, fresh] = unlisted_.try_emplace(op);
        if (fresh) {
          it->second.offset = offset;
          it->second.first_place = place.describe();
        }
        ++it->second.count;
        return true;
      }
    }
    return true;
  }

  // DecodeProtoV2 / EncodeProto / PrintV2: dangerous when the attr names a file
  // (or is a function placeholder, set only when the function is instantiated).
  bool attr_checked(MessageReader r, const std::string& op, uint64_t offset,
                    const std::string& where) {
    const std::string_view wanted = savedmodel_detail::checked_attr(op);
    std::string problem;
    while (auto f = r.next()) {
      if (f->number != kNodeAttr) continue;
      if (!message(r, *f, "NodeDef.attr")) return false;
      MessageReader entry = r.sub(*f);
      std::string key;
      std::vector<Field> values;
      while (auto g = entry.next()) {
        if (g->number == kEntryKey) {
          auto k = text(entry, *g, "NodeDef.attr key", kSavedModelMaxOpBytes);
          if (!k) return false;
          key = *k;
        } else if (g->number == kEntryValue) {
          if (!message(entry, *g, "NodeDef.attr value")) return false;
          if (values.size() < kMaxRepeats)
            values.push_back(*g);
          else
            values.back() = *g;
        }
      }
      if (state_.failed()) return false;
      if (key != wanted) continue;
      for (const Field& v : values) {
        MessageReader value = entry.sub(v);
        while (auto g = value.next()) {
          if (g->number == kAttrPlaceholder) {
            problem = std::string(wanted) + " is a function placeholder";
          } else if (g->number == kAttrString) {
            auto s = text(value, *g, "AttrValue.s", kSavedModelMaxAttrBytes);
            if (!s) return false;
            if (savedmodel_detail::attr_value_is_dangerous(op, *s))
              problem = std::string(wanted) + " " + quote(printable_name(*s));
          }
        }
        if (state_.failed()) return false;
      }
    }
    if (state_.failed()) return false;
    if (!problem.empty())
      out_.error("savedmodel.dangerous_op", offset,
                 "op " + quote(op) + " with " + problem + " (" + where + ")");
    return true;
  }

  std::optional<std::string> text(MessageReader& r, const Field& f, std::string_view what,
                                  size_t max) {
    if (!r.expect(f, WireType::kLengthDelimited, what)) return std::nullopt;
    return r.bytes(f, max);
  }

  bool message(MessageReader& r, const Field& f, std::string_view what) {
    return r.expect(f, WireType::kLengthDelimited, what);
  }

  bool limit(uint64_t offset, std::string message) {
    state_.fail(WireProblem::kLimitExceeded, offset, std::move(message));
    return false;
  }

  WireState& state_;
  FindingsSink& out_;
  size_t function_count_ = 0;
  size_t node_count_ = 0;
  std::set<std::string, std::less<>> functions_;
  std::map<std::string, Unlisted, std::less<>> unlisted_;
};

std::string_view wire_finding(WireProblem p) {
  switch (p) {
    case WireProblem::kTruncated:
    case WireProblem::kMalformed:
      return "savedmodel.malformed";
    case WireProblem::kLimitExceeded:
      return "savedmodel.limit_exceeded";
    case WireProblem::kReadError:
      return "savedmodel.read_error";
  }
  return "savedmodel.malformed";
}

void scan(const ByteSource& src, FindingsSink& out) {
  if (src.size() == 0) return out.error("savedmodel.malformed", 0, "the file is empty");
  WireState state(src, kSavedModelMaxFields);
  Walker walker(state, out);
  walker.saved_model(MessageReader(state, 0, src.size()));
  // The protobuf problem before the unknown ops, which are listed last and may fill the sink.
  if (const auto& e = state.error()) out.error(wire_finding(e->problem), e->offset, e->message);
  walker.report_unlisted();
}

}  // namespace

bool is_savedmodel_name(std::string_view name) {
  // ':' too: a ZIP member is labelled "<archive>:<member path>".
  const size_t slash = name.find_last_of("/:");
  if (slash != std::string_view::npos) name.remove_prefix(slash + 1);
  return name == "saved_model.pb";
}

bool looks_like_savedmodel(const ByteSource& src) {
  WireState state(src, kSniffMaxFields);
  MessageReader r(state, 0, src.size());
  bool meta_graph = false;
  while (auto f = r.next()) {
    if (f->number == kSavedModelSchemaVersion && f->type == WireType::kVarint) continue;
    if (f->number == kSavedModelMetaGraphs && f->type == WireType::kLengthDelimited) {
      meta_graph = true;
      continue;
    }
    return false;
  }
  return !state.failed() && meta_graph;
}

ScanReport scan_savedmodel(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "tf-savedmodel";
  FindingsSink out(report.findings, name, savedmodel_hints(),
                   {kSavedModelMaxFindings, "savedmodel.too_many_findings",
                    "more than " + std::to_string(kSavedModelMaxFindings) +
                        " findings; listing stopped"});
  // allocation failure, or a throwing source
  if (const auto failure = guarded_parse([&] { scan(src, out); }))
    out.error("savedmodel.read_error", 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
