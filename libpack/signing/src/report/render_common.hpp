// What the Markdown and HTML renderings share: the heading and status words.
#pragma once

#include <string>

#include "modelseal/compliance.hpp"

namespace modelseal::report {

inline constexpr char kStandardName[] = "ETSI EN 304 223";

// For people: "not applicable" rather than the JSON "not_applicable".
inline std::string status_label(ProvisionStatus status) {
  return status == ProvisionStatus::kNotApplicable ? "not applicable"
                                                   : std::string(provision_status_name(status));
}

inline std::string summary_line(const ProvisionCounts& c) {
  return std::to_string(c.met) + " met, " + std::to_string(c.partial) + " partial, " +
         std::to_string(c.missing) + " missing, " + std::to_string(c.failed) + " failed, " +
         std::to_string(c.not_applicable) + " not applicable";
}

}  // namespace modelseal::report
