// Private to the ZIP scanner: layout classification, member scanning, hints.
#pragma once

#include <string>
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
};

struct Layout {
  std::string format;  // "pytorch-zip", "npz", "zip"
  std::string torch_dir;  // the PyTorch archive folder
  // Keras v3 (.keras): top-level config.json with model.weights.h5/.npz or metadata.json.
  // `keras` once known: the weights are there, or metadata.json names a keras_version.
  bool keras_candidate = false;
  bool keras = false;
  const zip::Entry* keras_metadata = nullptr;  // top-level metadata.json of a candidate
};

// Classifies the archive and adds layout findings (zip.missing_data_pkl, zip.pytorch_layout).
Layout classify_layout(const std::vector<zip::Entry>& entries, FindingsSink& sink);
MemberRole role_of(const zip::Entry& entry, const Layout& layout);

// Verifies one member's CRC and size and scans its content per `role`.
// `inflate_budget` is what the archive may still inflate.
// `keras_version_seen` (kKerasMetadata only) is set when metadata.json names a keras_version.
void scan_member(const ByteSource& src, const zip::Entry& entry, MemberRole role,
                 uint64_t& inflate_budget, FindingsSink& sink, bool* keras_version_seen = nullptr);

}  // namespace modelseal::formats::zip_scan_detail
