// The stable names of the ErrorCodes, as JSON verdicts print them (docs/json-output.md).
#pragma once

#include <string_view>

#include "modelseal/result.hpp"

namespace modelseal {

// The code's snake_case name ("invalid_argument", "tampered", ...): never renamed; a new code
// gets a new name (error_code_name has no default case, so a code without one does not compile).
std::string_view error_code_name(ErrorCode code);

// The last enumerator, for tests that walk every code.
inline constexpr ErrorCode kLastErrorCode = ErrorCode::kInvalidConfig;

}  // namespace modelseal
