// Private to the ZIP scanner: layout classification, member scanning, hints.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "formats/scan/scan.hpp"
#include "formats/zip/zip_directory.hpp"

namespace modelseal::formats::zip_scan_detail {

std::string_view zip_hint(std::string_view id);

// Adds findings to a report, at most kZipMaxFindings, then one "zip.too_many_findings".
class FindingSink {
 public:
  FindingSink(ScanReport& report, std::string_view file) : report_(report), file_(file) {}
  void add(std::string_view id, Severity severity, uint64_t offset, std::string message);
  void add_member_finding(Finding f);
  bool full() const;
  std::string_view file() const { return file_; }

 private:
  ScanReport& report_;
  std::string file_;
};

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
Layout classify_layout(const std::vector<zip::Entry>& entries, FindingSink& sink);
MemberRole role_of(const zip::Entry& entry, const Layout& layout);

// Verifies one member's CRC and size and scans its content per `role`.
// `inflate_budget` is what the archive may still inflate.
void scan_member(const ByteSource& src, const zip::Entry& entry, MemberRole role,
                 uint64_t& inflate_budget, FindingSink& sink);

}  // namespace modelseal::formats::zip_scan_detail
