#include "formats/scan/findings_sink.hpp"

#include <utility>

namespace modelseal::formats {

std::string_view HintTable::lookup(std::string_view id) const {
  for (const HintEntry& e : entries)
    if (e.id == id) return e.hint;
  return fallback;
}

FindingsSink::FindingsSink(std::vector<Finding>& out, std::string_view file,
                           const HintTable& hints, FindingsCap cap)
    : out_(out), file_(file), hints_(hints), cap_(std::move(cap)) {}

bool FindingsSink::add(std::string_view id, Severity severity, uint64_t offset,
                       std::string message) {
  return add_finding(
      {std::string(id), severity, file_, offset, std::move(message), std::string(hints_.lookup(id))});
}

bool FindingsSink::add_finding(Finding f) {
  if (full()) return false;
  if (out_.size() == cap_.listed) {
    out_.push_back({cap_.marker_id, Severity::kError, file_, f.offset, cap_.marker_message,
                    std::string(hints_.lookup(cap_.marker_id))});
    return false;
  }
  out_.push_back(std::move(f));
  return true;
}

}  // namespace modelseal::formats
