#include "modelseal/result.hpp"

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

}  // namespace modelseal
