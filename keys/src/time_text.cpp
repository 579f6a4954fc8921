#include "time_text.hpp"

#include <ctime>

namespace modelseal::keys {

std::string utc_seconds_text(std::chrono::system_clock::time_point t) {
  const std::time_t seconds =
      std::chrono::system_clock::to_time_t(std::chrono::floor<std::chrono::seconds>(t));
  std::tm tm{};
  char buf[40] = {};
  if (::gmtime_r(&seconds, &tm) == nullptr ||
      std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
    return "?";
  return buf;
}

}  // namespace modelseal::keys
