// Test builds only (the unit tests and modelseal_with_crash_points): turns the keystore's crash
// points on. The process dies with SIGKILL at the point named by MODELSEAL_CRASH_AT, and stops
// itself with SIGSTOP (until a SIGCONT) at the point named by MODELSEAL_PAUSE_AT, so a test can
// run another command in between (keys/src/keystore/crash_point.hpp lists the points).
#include <signal.h>

#include <cstdlib>

#include "keystore/crash_point.hpp"

namespace {

void stop_at_named_point(std::string_view point) {
  const char* crash = std::getenv("MODELSEAL_CRASH_AT");
  if (crash != nullptr && point == crash) ::raise(SIGKILL);
  const char* pause = std::getenv("MODELSEAL_PAUSE_AT");
  if (pause != nullptr && point == pause) ::raise(SIGSTOP);
}

const bool installed = [] {
  modelseal::keys::set_crash_hook(stop_at_named_point);
  return true;
}();

}  // namespace
