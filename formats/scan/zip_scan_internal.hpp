// Private to the ZIP scanner: layout classification, member scanning, hints.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "formats/scan/findings_sink.hpp"
#include "formats/scan/scan.hpp"
#include "formats/zip/zip_directory.hpp"

namespace modelseal::formats::zip_scan_detail {

// The documented hints of "zip.*" ids (docs/findings-zip.md).
const HintTable& zip_hints();

// At most kZipMaxFindings findings (a member's included), then one "zip.too_many_findings".
FindingsSink zip_findings_sink(ScanReport& report, std::string_view file);

// How a member's content is checked.
enum class MemberRole {
  kByContent,  // scan_by_content
  kPickle,     // named *.pkl / *.pickle: always scan_pickle
  kNpy,        // .npz member or *.npy: always scan_npy
  kRawBytes,   // PyTorch storage or metadata: CRC only
  kKerasConfig,    // config.json of a Keras v3 archive: scan_keras_config
  kKerasMetadata,  // metadata.json of a Keras candidate: keras_version looked up, then by content
  kTorchScriptPickle,  // constants.pkl, data.pkl, bytecode.pkl, code/*.debug_pkl: TorchScript's allow-list
  kTorchScriptCode,    // code/**.py of a TorchScript archive: custom op / class namespaces
};

struct Layout {
  std::string format;  // "pytorch-zip", "torchscript", "npz", "zip"
  std::string torch_dir;  // the PyTorch archive folder
  // Keras v3 (.keras): top-level config.json with model.weights.h5/.npz or metadata.json.
  // `keras` once known: the weights are there, or metadata.json names a keras_version.
  bool keras_candidate = false;
  bool keras = false;
  const zip::Entry* keras_metadata = nullptr;  // top-level metadata.json of a candidate
};

// Members torch.save writes besides data.pkl (the rest of "<dir>/<rest>"); raw bytes, not code.
bool is_torch_raw_member(std::string_view rest);

// torch.jit.save: <dir>/data.pkl with <dir>/constants.pkl or <dir>/code/ members.
bool is_torchscript_layout(const std::vector<zip::Entry>& entries, std::string_view dir);
// Which member of a TorchScript archive plays which part (nullopt: not the archive's).
std::optional<MemberRole> torchscript_role(std::string_view rest);
// The warning that lists the TorchScript code for review (torchscript.code).
void report_torchscript_code(const std::vector<zip::Entry>& entries, std::string_view dir,
                             FindingsSink& sink);
// Custom operator and class namespaces and from_file calls in one code/ file
// (torchscript.custom_op, .custom_class, .file_access).
// Findings carry `label`; offsets are within `code`.
ScanReport scan_torchscript_code(std::string_view code, std::string_view label);
// Code files larger than this are not scanned (torchscript.code_too_large).
inline constexpr uint64_t kTorchScriptMaxCodeBytes = uint64_t{16} << 20;

// {dir, rest} of "<dir>/<rest>" when dir is one non-empty component.
std::optional<std::pair<std::string_view, std::string_view>> split_top(std::string_view name);

// Classifies the archive and adds layout findings (zip.missing_data_pkl, zip.pytorch_layout).
Layout classify_layout(const std::vector<zip::Entry>& entries, FindingsSink& sink);
MemberRole role_of(const zip::Entry& entry, const Layout& layout);

// Verifies one member's CRC and size and scans its content per `role`.
// `inflate_budget` is what the archive may still inflate.
// `keras_version_seen` (kKerasMetadata only) is set when metadata.json names a keras_version.
void scan_member(const ByteSource& src, const zip::Entry& entry, MemberRole role,
                 uint64_t& inflate_budget, FindingsSink& sink, bool* keras_version_seen = nullptr);

}  // namespace modelseal::formats::zip_scan_detail
