// Validation of an uploaded .mbundle: the archive is audited for hostile
// constructions before anything is extracted, its entries are checked against
// the manifest, it is extracted into a private work folder (removed
// afterwards) so every file can be scanned, and optionally rebuilt to prove
// it is canonical.
#pragma once

#include "modelseal/validate.hpp"
#include "validate/findings.hpp"

namespace modelseal::validate {

Status validate_bundle(const ValidateOptions& options, ValidationReport& report,
                       Findings& findings);

}  // namespace modelseal::validate
