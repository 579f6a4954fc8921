#include "formats/savedmodel/savedmodel_ops.hpp"

#include <cctype>
#include <set>

namespace modelseal::formats::savedmodel_detail {
namespace {

using OpSet = std::set<std::string_view, std::less<>>;

// Python callbacks, file system, network and summary writers: each can run code
// or touch files and sockets when the graph runs. Keep docs/findings-savedmodel.md
// in step.
const OpSet& dangerous_ops() {
  static const OpSet kOps{
      // Python
      "PyFunc", "PyFuncStateless", "EagerPyFunc",
      // files
      "ReadFile", "WriteFile", "MatchingFiles", "MatchingFilesDataset",
      "ExperimentalMatchingFilesDataset", "ImmutableConst", "InitializeTableFromTextFile",
      "InitializeTableFromTextFileV2", "LoadAndRemapMatrix", "GenerateVocabRemapping",
      "WholeFileReader", "WholeFileReaderV2", "TextLineReader", "TextLineReaderV2",
      "FixedLengthRecordReader", "FixedLengthRecordReaderV2", "TFRecordReader",
      "TFRecordReaderV2", "LMDBReader", "TextLineDataset", "TFRecordDataset",
      "TFRecordDatasetV2", "FixedLengthRecordDataset", "FixedLengthRecordDatasetV2",
      "CSVDataset", "CSVDatasetV2", "ExperimentalCSVDataset", "LMDBDataset",
      "ExperimentalLMDBDataset", "SqlDataset", "ExperimentalSqlDataset", "DatasetToTFRecord",
      "ExperimentalDatasetToTFRecord", "SaveDataset", "SaveDatasetV2", "LoadDataset",
      "ExperimentalLoadDataset", "SnapshotDataset", "SnapshotDatasetV2", "SnapshotDatasetReader",
      "SnapshotNestedDatasetReader",
      // summaries and debugging (files, or URLs)
      "CreateSummaryFileWriter", "CreateSummaryDbWriter", "SummaryWriter", "WriteSummary",
      "WriteRawProtoSummary", "WriteScalarSummary", "WriteHistogramSummary",
      "WriteImageSummary", "WriteAudioSummary", "WriteGraphSummary", "ImportEvent",
      "FlushSummaryWriter", "CloseSummaryWriter", "DebugIdentity", "DebugIdentityV2",
      "DebugIdentityV3", "DebugNanCount", "DebugNumericSummary", "DebugNumericSummaryV2",
      // network
      "Rpc", "TryRpc", "_Send", "_Recv", "_HostSend", "_HostRecv",
  };
  return kOps;
}

const OpSet& checkpoint_ops() {
  static const OpSet kOps{"Save",    "SaveV2",       "SaveSlices",         "Restore",
                          "RestoreV2", "RestoreSlice", "MergeV2Checkpoints"};
  return kOps;
}

// Ordinary ops of inference graphs and of what tf.saved_model.save and Keras emit.
const OpSet& allowed_ops() {
  static const OpSet kOps{
      // graph structure, functions, control flow
      "Placeholder", "PlaceholderWithDefault", "Const", "Identity", "IdentityN", "NoOp",
      "StopGradient", "PreventGradient", "Snapshot", "EnsureShape", "CheckNumerics",
      "CheckNumericsV2", "Assert", "PartitionedCall", "StatefulPartitionedCall", "If",
      "StatelessIf", "While", "StatelessWhile", "Case", "StatelessCase", "Merge", "Switch",
      "Enter", "Exit", "NextIteration", "LoopCond", "ControlTrigger", "_Arg", "_Retval",
      // variables
      "VarHandleOp", "ReadVariableOp", "AssignVariableOp", "AssignAddVariableOp",
      "AssignSubVariableOp", "VarIsInitializedOp", "DestroyResourceOp", "ResourceGather",
      "VariableV2", "Variable", "Assign", "AssignAdd", "AssignSub", "IsVariableInitialized",
      "DisableCopyOnRead",
      // in-memory lookup tables (Keras StringLookup, TextVectorization)
      "HashTableV2", "MutableHashTableV2", "MutableDenseHashTableV2", "LookupTableFindV2",
      "LookupTableImportV2", "LookupTableExportV2", "LookupTableInsertV2", "LookupTableSizeV2",
      // arithmetic
      "Add", "AddV2", "AddN", "Sub", "Mul", "MulNoNan", "Div", "DivNoNan", "RealDiv",
      "FloorDiv", "FloorMod", "Mod", "TruncateDiv", "Maximum", "Minimum", "Neg", "Abs",
      "Square", "SquaredDifference", "Sqrt", "Rsqrt", "Reciprocal", "Exp", "Expm1", "Log",
      "Log1p", "Pow", "Sign", "Floor", "Ceil", "Round", "Rint", "Sin", "Cos", "Tan", "Atan",
      "Atan2", "Tanh", "Sigmoid", "Erf", "Erfc", "Cumsum", "Cumprod", "ClipByValue",
      "MatMul", "BatchMatMul", "BatchMatMulV2", "BatchMatMulV3", "Einsum", "L2Loss",
      // neural networks
      "BiasAdd", "Relu", "Relu6", "Elu", "Selu", "LeakyRelu", "Gelu", "Softplus", "Softsign",
      "Softmax", "LogSoftmax", "Conv2D", "Conv3D", "DepthwiseConv2dNative",
      "Conv2DBackpropInput", "MaxPool", "MaxPoolV2", "MaxPool3D", "AvgPool", "AvgPool3D",
      "FusedBatchNorm", "FusedBatchNormV2", "FusedBatchNormV3", "LRN", "ResizeBilinear",
      "ResizeNearestNeighbor", "ResizeBicubic", "TopKV2", "InTopKV2",
      // arrays and shapes
      "Reshape", "Transpose", "ConcatV2", "Concat", "Pack", "Unpack", "Split", "SplitV",
      "Slice", "StridedSlice", "Squeeze", "ExpandDims", "Shape", "ShapeN", "Size", "Rank",
      "Fill", "ZerosLike", "OnesLike", "Tile", "Pad", "PadV2", "MirrorPad", "GatherV2",
      "Gather", "GatherNd", "ScatterNd", "TensorScatterUpdate", "Cast", "Range", "OneHot",
      "Reverse", "ReverseV2", "BroadcastTo", "BroadcastArgs", "BroadcastGradientArgs",
      "Where", "Select", "SelectV2", "Unique", "MatrixBandPart", "MatrixDiag", "MatrixDiagV3",
      "MatrixDiagPartV3", "SpaceToBatchND", "BatchToSpaceND", "SpaceToDepth", "DepthToSpace",
      // reductions and comparisons
      "Mean", "Sum", "Max", "Min", "Prod", "All", "Any", "ArgMax", "ArgMin", "Equal",
      "NotEqual", "Less", "LessEqual", "Greater", "GreaterEqual", "LogicalAnd", "LogicalOr",
      "LogicalNot", "IsNan", "IsInf", "IsFinite",
      // tensor lists (Keras RNNs)
      "TensorListReserve", "TensorListFromTensor", "TensorListGetItem", "TensorListSetItem",
      "TensorListStack", "TensorListLength", "TensorListElementShape", "TensorListPushBack",
      "TensorListPopBack", "EmptyTensorList",
      // strings the saver builds its file names with (no file access)
      "StringJoin", "ShardedFilename", "ShardedFilespec", "StaticRegexFullMatch",
  };
  return kOps;
}

bool starts_with_saver_scope(std::string_view name) {
  if (!name.starts_with("save")) return false;
  name.remove_prefix(4);
  if (name.starts_with("/")) return true;
  if (!name.starts_with("_")) return false;
  name.remove_prefix(1);
  size_t digits = 0;
  while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) ++digits;
  return digits > 0 && name.substr(digits).starts_with("/");
}

}  // namespace

OpClass classify_op(std::string_view op) {
  if (dangerous_ops().contains(op)) return OpClass::kDangerous;
  if (checkpoint_ops().contains(op)) return OpClass::kCheckpoint;
  if (!checked_attr(op).empty()) return OpClass::kAttrChecked;
  if (allowed_ops().contains(op)) return OpClass::kAllowed;
  return OpClass::kUnlisted;
}

std::string_view checked_attr(std::string_view op) {
  if (op == "DecodeProtoV2" || op == "EncodeProto") return "descriptor_source";
  if (op == "PrintV2") return "output_stream";
  return {};
}

bool attr_value_is_dangerous(std::string_view op, std::string_view value) {
  if (op == "PrintV2") return value.starts_with("file://");
  // "local://" (the default) uses the linked-in descriptor pool and "bytes://"
  // carries the descriptor set inline; anything else is a file name read at run time.
  return !(value == "local://" || value.starts_with("bytes://"));
}

bool node_in_saver_scope(std::string_view node_name) { return starts_with_saver_scope(node_name); }

bool function_is_saver(std::string_view function_name) {
  return function_name.starts_with("__inference__traced_save_") ||
         function_name.starts_with("__inference__traced_restore_");
}

}  // namespace modelseal::formats::savedmodel_detail
