// The op lists of the SavedModel scanner (docs/findings-savedmodel.md).
#pragma once

#include <string_view>

namespace modelseal::formats::savedmodel_detail {

enum class OpClass {
  kAllowed,     // ordinary math, nn, array, variable and control-flow ops
  kDangerous,   // file system, Python, network: savedmodel.dangerous_op
  kCheckpoint,  // Save/Restore family: a warning in the saver, an error elsewhere
  kAttrChecked, // dangerous only with a file-reading attr (DecodeProtoV2, EncodeProto, PrintV2)
  kUnlisted,    // on neither list: a function call, or savedmodel.unknown_op
};

OpClass classify_op(std::string_view op);

// The attr whose string value decides a kAttrChecked op ("descriptor_source",
// "output_stream"), and whether that value makes it read or write a file.
std::string_view checked_attr(std::string_view op);
bool attr_value_is_dangerous(std::string_view op, std::string_view value);

// The saver, by TensorFlow's naming: a main-graph node under the tf.compat.v1
// Saver's scope ("save/", "save_<n>/"), or any node of a function traced by
// tf.saved_model.save for checkpoints ("__inference__traced_save_*",
// "__inference__traced_restore_*").
bool node_in_saver_scope(std::string_view node_name);
bool function_is_saver(std::string_view function_name);

}  // namespace modelseal::formats::savedmodel_detail
