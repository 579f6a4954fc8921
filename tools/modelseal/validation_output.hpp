// How `validate` and `scan` print a verdict: findings as text, or one JSON
// verdict on stdout, and optionally a SARIF log file. Returns the exit code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "modelseal/validate.hpp"

namespace modelseal::cli {

// The SARIF file replaces an existing regular file only with `force`.
// `command`: "validate" or "scan", named in the JSON document.
int print_verdict(std::string_view command, const ValidationReport& report, bool json,
                  const std::optional<std::string>& sarif_file, bool force);

}  // namespace modelseal::cli
