// Validation of a plain model folder (e.g. a Hugging Face style upload) or of
// a single weight file, and of the bundle that is extracted for scanning.
#pragma once

#include "modelseal/validate.hpp"
#include "validate/findings.hpp"

namespace modelseal::validate {

Status validate_folder(const ValidateOptions& options, ValidationReport& report,
                       Findings& findings);

Status validate_single_file(const ValidateOptions& options, ValidationReport& report,
                            Findings& findings);

}  // namespace modelseal::validate
