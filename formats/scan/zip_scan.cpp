#include "formats/scan/zip_scan.hpp"

#include "formats/scan/guarded_parse.hpp"
#include "formats/scan/zip_scan_internal.hpp"
#include "formats/zip/zip_directory.hpp"

namespace modelseal::formats {
namespace zip_scan_detail {

FindingsSink zip_findings_sink(ScanReport& report, std::string_view file) {
  return FindingsSink(report.findings, file, zip_hints(),
                      {kZipMaxFindings, "zip.too_many_findings",
                       "more than " + std::to_string(kZipMaxFindings) + " findings; listing stopped"});
}

}  // namespace zip_scan_detail

using namespace zip_scan_detail;

bool looks_like_zip(const ByteSource& src) { return zip::looks_like_zip_directory(src); }

ScanReport scan_zip(const ByteSource& src, std::string_view name) {
  ScanReport report;
  report.format = "zip";
  FindingsSink sink = zip_findings_sink(report, name);
  const auto failure = guarded_parse([&] {
    const zip::Directory dir = zip::read_directory(src);
    for (const zip::Issue& issue : dir.issues) sink.add(issue.id, Severity::kError, issue.offset, issue.message);
    Layout layout = classify_layout(dir.entries, sink);
    uint64_t inflate_budget = kZipMaxTotalInflatedBytes;
    // A Keras candidate's metadata.json first: its keras_version decides how config.json is read.
    const zip::Entry* metadata = layout.keras_metadata;
    if (metadata != nullptr && metadata->data_readable) {
      bool version = false;
      scan_member(src, *metadata, MemberRole::kKerasMetadata, inflate_budget, sink, &version);
      layout.keras = layout.keras || version;
    }
    if (layout.keras) layout.format = "keras";
    report.format = layout.format;
    for (const zip::Entry& entry : dir.entries) {
      if (sink.full()) break;
      if (!entry.data_readable) continue;  // folders too: their data must not hide anything
      if (&entry == metadata) continue;    // scanned above
      scan_member(src, entry, role_of(entry, layout), inflate_budget, sink);
    }
  });
  if (failure) sink.add("zip.read_error", Severity::kError, 0, failure->message());
  return report;
}

}  // namespace modelseal::formats
