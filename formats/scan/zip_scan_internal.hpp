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
};

struct Layout {
  std::string format;  // "pytorch-zip", "npz", "zip"
  std::string torch_dir;  // the PyTorch archive folder
};

// Classifies the archive and adds layout findings (zip.missing_data_pkl, zip.pytorch_layout).
Layout classify_layout(const std::vector<zip::Entry>& entries, FindingsSink& sink);
MemberRole role_of(const zip::Entry& entry, const Layout& layout);

// Verifies one member's CRC and size and scans its content per `role`.
// `inflate_budget` is what the archive may still inflate.
void scan_member(const ByteSource& src, const zip::Entry& entry, MemberRole role,
                 uint64_t& inflate_budget, FindingsSink& sink);

}  // namespace modelseal::formats::zip_scan_detail
