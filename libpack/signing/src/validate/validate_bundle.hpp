// Validation of an uploaded .mbundle in one streaming read, nothing extracted:
// the reader and checks verify uses (archive rules with the registry's limits,
// the manifest, every file against it), each file scanned as it passes
// (validate_bundle.cpp: from memory, or from a private copy when its scanner
// must seek), and optionally the canonical bytes compared as they pass. A
// bundle that fails is audited again, whole, for the full list of findings.
#pragma once

#include "modelseal/validate.hpp"
#include "validate/findings.hpp"

namespace modelseal::validate {

Status validate_bundle(const ValidateOptions& options, ValidationReport& report,
                       Findings& findings);

}  // namespace modelseal::validate
