// Test builds only (the unit tests and modelseal_with_crash_points): turns the keystore's crash
// points on. The process dies with SIGKILL at the point named by MODELSEAL_CRASH_AT
// (keys/src/keystore/crash_point.hpp lists them).
#include <signal.h>

#include <cstdlib>

#include "keystore/crash_point.hpp"

namespace {

void kill_at_named_point(std::string_view point) {
  const char* wanted = std::getenv("MODELSEAL_CRASH_AT");
  if (wanted != nullptr && point == wanted) ::raise(SIGKILL);
}

const bool installed = [] {
  modelseal::keys::set_crash_hook(kill_at_named_point);
  return true;
}();

}  // namespace
