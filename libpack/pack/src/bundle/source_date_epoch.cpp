// SOURCE_DATE_EPOCH as specs/bundle-v1.md, section 4 defines it: decimal
// digits only, at most 8589934591 (the largest mtime of a ustar header).
#include <string>

#include "modelseal/bundle.hpp"

namespace modelseal {

Result<int64_t> parse_source_date_epoch(std::string_view text) {
  constexpr int64_t kMax = kMaxSourceDateEpoch;
  auto invalid = [&](std::string_view why) {
    std::string shown(text.substr(0, 40));
    for (char& c : shown)
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) c = '?';
    return make_error(ErrorCode::kInvalidArgument,
                      "SOURCE_DATE_EPOCH '" + shown + (text.size() > 40 ? "...'" : "'") + " " +
                          std::string(why) +
                          " (it must be decimal digits only, 0 to 8589934591, in seconds since "
                          "1970-01-01 UTC)");
  };
  if (text.empty()) return invalid("is empty");
  int64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return invalid("is not a decimal number");
    value = value * 10 + (c - '0');
    if (value > kMax) return invalid("is out of range");
  }
  return value;
}

}  // namespace modelseal
