// RFC 3339 date-times (grammar in rfc3339.hpp).
#include <chrono>
#include <cstdint>
#include <limits>
#include <string>

#include "formats/text/rfc3339.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {

using TimePoint = std::chrono::system_clock::time_point;

namespace {

constexpr size_t kMaxFractionDigits = 9;
constexpr int kMaxOffsetHours = 23;

Error bad_time(std::string_view text, std::string_view why) {
  return make_error(ErrorCode::kCorrupt, "time " + quote(text.substr(0, 64)) + ": " +
                                             std::string(why));
}

// Reads exactly `digits` decimal digits at `pos`; false when not all digits.
bool read_number(std::string_view text, size_t& pos, size_t digits, int& out) {
  if (text.size() - pos < digits) return false;
  out = 0;
  for (size_t i = 0; i < digits; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += digits;
  return true;
}

bool expect(std::string_view text, size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

Result<TimePoint> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  size_t pos = 0;
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  const bool shape_ok = read_number(text, pos, 4, year) && expect(text, pos, '-') &&
                        read_number(text, pos, 2, month) && expect(text, pos, '-') &&
                        read_number(text, pos, 2, day) && expect(text, pos, 'T') &&
                        read_number(text, pos, 2, hour) && expect(text, pos, ':') &&
                        read_number(text, pos, 2, minute) && expect(text, pos, ':') &&
                        read_number(text, pos, 2, second);
  if (!shape_ok) return bad_time(text, "not YYYY-MM-DDThh:mm:ss");
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      if (++digits > kMaxFractionDigits) return bad_time(text, "fraction beyond nanoseconds");
      nanos = nanos * 10 + (text[pos++] - '0');
    }
    if (digits == 0) return bad_time(text, "empty fraction");
    for (size_t i = digits; i < kMaxFractionDigits; ++i) nanos *= 10;
  }
  int offset_minutes = 0;
  if (expect(text, pos, 'Z')) {
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const int sign = text[pos++] == '-' ? -1 : 1;
    int oh = 0, om = 0;
    if (!read_number(text, pos, 2, oh) || !expect(text, pos, ':') || !read_number(text, pos, 2, om) ||
        oh > kMaxOffsetHours || om > 59)
      return bad_time(text, "bad UTC offset");
    offset_minutes = sign * (oh * 60 + om);
  } else {
    return bad_time(text, "no time zone (Z or +hh:mm)");
  }
  if (pos != text.size()) return bad_time(text, "trailing characters");
  const year_month_day date{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                            std::chrono::day{static_cast<unsigned>(day)}};
  if (year == 0 || !date.ok() || hour > 23 || minute > 59 || second > 59)
    return bad_time(text, "no such date or time of day");
  const int64_t epoch_seconds = int64_t{sys_days(date).time_since_epoch().count()} * 86400 +
                                hour * 3600 + minute * 60 + second - int64_t{offset_minutes} * 60;
  // system_clock counts nanoseconds in 64 bits: roughly the years 1678 to 2262.
  constexpr int64_t kLimitSeconds =
      duration_cast<seconds>(system_clock::duration::max()).count() - 1;
  if (epoch_seconds >= kLimitSeconds || epoch_seconds <= -kLimitSeconds)
    return bad_time(text, "outside the range this clock represents");
  return TimePoint{} + duration_cast<system_clock::duration>(seconds{epoch_seconds}) +
         duration_cast<system_clock::duration>(nanoseconds{nanos});
}

}  // namespace modelseal::formats
