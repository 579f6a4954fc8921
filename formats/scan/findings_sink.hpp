// Where every scanner puts its findings: each finding gets the documented hint
// of its id (one table per scanner), and one cap rule bounds them all. After
// `listed` findings the next one is replaced by the scanner's marker finding
// (always an error, at the offset of the finding it replaces), and every later
// one is dropped: the sink is full.
#pragma once

#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "formats/scan/scan.hpp"

namespace modelseal::formats {

struct HintEntry {
  std::string_view id;
  std::string_view hint;
};

// A scanner's documented hints; `fallback` for an id the table lacks.
struct HintTable {
  std::span<const HintEntry> entries;
  std::string_view fallback;
  std::string_view lookup(std::string_view id) const;
};

struct FindingsCap {
  size_t listed;               // findings listed before the marker
  std::string marker_id;       // e.g. "safetensors.too_many_findings"
  std::string marker_message;  // e.g. "more than 1000 findings; stopped listing"

  // For a scanner that stops at its first problem.
  static FindingsCap none() { return {std::numeric_limits<size_t>::max(), "", ""}; }
};

class FindingsSink {
 public:
  // `out` must outlive the sink; `file` names the file in every finding.
  FindingsSink(std::vector<Finding>& out, std::string_view file, const HintTable& hints,
               FindingsCap cap);

  // True when the finding was listed (not replaced by the marker, not dropped).
  bool add(std::string_view id, Severity severity, uint64_t offset, std::string message);
  void error(std::string_view id, uint64_t offset, std::string message) {
    add(id, Severity::kError, offset, std::move(message));
  }
  void warning(std::string_view id, uint64_t offset, std::string message) {
    add(id, Severity::kWarning, offset, std::move(message));
  }
  // A finding made elsewhere (a ZIP member's), listed as it is under the same cap.
  bool add_finding(Finding f);
  // The marker was added: everything from now on is dropped.
  bool full() const { return out_.size() > cap_.listed; }
  std::string_view file() const { return file_; }

 private:
  std::vector<Finding>& out_;
  std::string file_;
  const HintTable& hints_;
  FindingsCap cap_;
};

}  // namespace modelseal::formats
