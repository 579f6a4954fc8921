#include "validate/findings.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace modelseal::validate {

void Findings::add(formats::Finding finding) {
  if (out_.size() + 1 < kMaxFindings) {
    out_.push_back(std::move(finding));
    return;
  }
  if (truncated_) return;
  truncated_ = true;
  out_.push_back({"validate.too_many_findings", formats::Severity::kError, finding.file, 0,
                  fmt::format("more than {} findings; the rest are not listed", kMaxFindings),
                  "fix the findings listed, then validate again"});
}

void Findings::error(std::string id, std::string file, std::string message, std::string hint,
                     uint64_t offset) {
  add({std::move(id), formats::Severity::kError, std::move(file), offset, std::move(message),
       std::move(hint)});
}

void Findings::warning(std::string id, std::string file, std::string message, std::string hint,
                       uint64_t offset) {
  add({std::move(id), formats::Severity::kWarning, std::move(file), offset, std::move(message),
       std::move(hint)});
}

void Findings::add_all(std::vector<formats::Finding> findings) {
  for (formats::Finding& f : findings) add(std::move(f));
}

bool Findings::any_error() const {
  return std::any_of(out_.begin(), out_.end(),
                     [](const auto& f) { return f.severity == formats::Severity::kError; });
}

}  // namespace modelseal::validate
