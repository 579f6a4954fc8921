#include "formats/scan/zip_scan.hpp"

#include <exception>

#include "formats/scan/zip_scan_internal.hpp"
#include "formats/zip/zip_directory.hpp"

namespace modelseal::formats {
namespace zip_scan_detail {

void FindingSink::add(std::string_view id, Severity severity, uint64_t offset, std::string message) {
  add_member_finding({std::string(id), severity, file_, offset, std::move(message),
                      std::string(zip_hint(id))});
}

void FindingSink::add_member_finding(Finding f) {
  if (report_.findings.size() > kZipMaxFindings) return;
  if (report_.findings.size() == kZipMaxFindings) {
    report_.findings.push_back({"zip.too_many_findings", Severity::kError, file_, f.offset,
                                "more than " + std::to_string(kZipMaxFindings) +
                                    " findings; listing stopped",
                                std::string(zip_hint("zip.too_many_findings"))});
    return;
  }
  report_.findings.push_back(std::move(f));
}

bool FindingSink::full() const { return report_.findings.size() > kZipMaxFindings; }

}  // namespace zip_scan_detail

using namespace zip_scan_detail;

bool looks_like_zip(const ByteSource& src) { return zip::looks_like_zip_directory(src); }

ScanReport scan_zip(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "zip";
  FindingSink sink(report, name);
  try {
    const zip::Directory dir = zip::read_directory(src);
    for (const zip::Issue& issue : dir.issues) sink.add(issue.id, Severity::kError, issue.offset, issue.message);
    const Layout layout = classify_layout(dir.entries, sink);
    report.format = layout.format;
    uint64_t inflate_budget = kZipMaxTotalInflatedBytes;
    for (const zip::Entry& entry : dir.entries) {
      if (sink.full()) break;
      if (!entry.data_readable) continue;  // folders too: their data must not hide anything
      scan_member(src, entry, role_of(entry, layout), inflate_budget, sink);
    }
  } catch (const std::exception& e) {  // allocation failure
    sink.add("zip.read_error", Severity::kError, 0, std::string("scanner failed: ") + e.what());
  }
  return report;
}

}  // namespace modelseal::formats
