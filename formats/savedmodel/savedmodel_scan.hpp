// TensorFlow SavedModels (issue 16, part 3): `saved_model.pb`, a SavedModel in
// the protobuf wire format (formats/onnx/protobuf_reader), walked only where
// ops are named:
//
//   SavedModel          saved_model_schema_version = 1, meta_graphs = 2 (MetaGraphDef)
//   MetaGraphDef        graph_def = 2 (GraphDef)
//   GraphDef            node = 1 (NodeDef), library = 2 (FunctionDefLibrary)
//   FunctionDefLibrary  function = 1 (FunctionDef)
//   FunctionDef         signature = 1 (OpDef: name = 1), node_def = 3 (NodeDef)
//   NodeDef             name = 1, op = 2, attr = 5 (entries: key = 1, value = 2;
//                       AttrValue.s = 2)
//
// The shape is fixed (a function library holds functions, never graphs), so the
// walk never recurses: its depth is at most five messages. Every NodeDef.op of
// every meta graph and of every library function is classified by the lists of
// savedmodel_ops.hpp; ids "savedmodel.*" are in docs/findings-savedmodel.md.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

inline constexpr uint64_t kSavedModelMaxFields = 1ull << 26;  // protobuf fields decoded per file
inline constexpr size_t kSavedModelMaxMetaGraphs = 64;
inline constexpr size_t kSavedModelMaxFunctions = 1u << 16;   // library functions, all graphs
inline constexpr size_t kSavedModelMaxNodes = 1u << 22;       // NodeDefs, all graphs and functions
inline constexpr size_t kSavedModelMaxOpBytes = 256;          // of an op or function name
inline constexpr size_t kSavedModelMaxUnlistedOps = 1u << 16;  // distinct ops on no list
inline constexpr size_t kSavedModelMaxNameBytes = 256;        // of a node name kept for messages
inline constexpr size_t kSavedModelMaxAttrBytes = 4096;       // of a string attr that is checked
inline constexpr size_t kSavedModelMaxFindings = 1000;

// The file name TensorFlow loads a SavedModel from ("saved_model.pb"), compared
// with what follows the last '/' or ':' of `name` (a ZIP member's label is
// "<archive>:<member path>").
bool is_savedmodel_name(std::string_view name);

// Content check: the top-level fields of a SavedModel are well formed, only
// saved_model_schema_version (1, varint) and meta_graphs (2, length-delimited),
// and there is at least one meta graph. There is no magic number, so callers
// use it only for a file named saved_model.pb.
bool looks_like_savedmodel(const ByteSource& src);

// report.format = "tf-savedmodel".
ScanReport scan_savedmodel(const ByteSource& src, std::string_view name);

}  // namespace modelseal::formats
