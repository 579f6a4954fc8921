#include "modelseal/error_names.hpp"

// error_code_name has no default: a new ErrorCode without a name must not compile.
#pragma GCC diagnostic error "-Wswitch"

namespace modelseal {

bool is_rejection(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidMetadata:
    case ErrorCode::kCorrupt:
    case ErrorCode::kTampered:
    case ErrorCode::kLimitExceeded:
    case ErrorCode::kUnsupported:
    case ErrorCode::kRevoked:
      return true;
    default:
      return false;
  }
}

Error as_config_error(Error error) {
  if (is_rejection(error.code)) error.code = ErrorCode::kInvalidConfig;
  return error;
}

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid_argument";
    case ErrorCode::kNotFound: return "not_found";
    case ErrorCode::kAlreadyExists: return "already_exists";
    case ErrorCode::kIo: return "io";
    case ErrorCode::kInvalidMetadata: return "invalid_metadata";
    case ErrorCode::kCorrupt: return "corrupt";
    case ErrorCode::kTampered: return "tampered";
    case ErrorCode::kLimitExceeded: return "limit_exceeded";
    case ErrorCode::kUnsupported: return "unsupported";
    case ErrorCode::kInternal: return "internal";
    case ErrorCode::kRevoked: return "revoked";
    case ErrorCode::kBusy: return "busy";
    case ErrorCode::kInvalidConfig: return "invalid_config";
  }
  return "internal";  // not reached: every enumerator is handled above
}

}  // namespace modelseal
