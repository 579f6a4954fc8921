#include "signing/signing_time.hpp"

#include "formats/text/rfc3339.hpp"
#include "modelseal/signing.hpp"

#include <cstdio>

namespace modelseal::signing {

std::string format_utc(std::chrono::system_clock::time_point t) {
  auto seconds = std::chrono::floor<std::chrono::seconds>(t);
  auto days = std::chrono::floor<std::chrono::days>(seconds);
  std::chrono::year_month_day ymd{days};
  std::chrono::hh_mm_ss hms{seconds - days};
  char out[32];
  std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02ld:%02ld:%02lldZ", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()),
                static_cast<long long>(hms.seconds().count()));
  return out;
}

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view text) {
  // Only the form format_utc writes: YYYY-MM-DDTHH:MM:SSZ.
  if (text.size() != 20 || text[19] != 'Z') return std::nullopt;
  auto parsed = formats::parse_rfc3339(text);
  if (!parsed.ok()) return std::nullopt;
  return *parsed;
}

}  // namespace modelseal::signing

namespace modelseal {

std::string utc_text(std::chrono::system_clock::time_point t) { return signing::format_utc(t); }

}  // namespace modelseal
