#include "keystore/crash_point.hpp"

#include <atomic>

namespace modelseal::keys {
namespace {

std::atomic<CrashHook> g_crash_hook{nullptr};

}  // namespace

void set_crash_hook(CrashHook hook) { g_crash_hook.store(hook); }

void crash_point(std::string_view name) {
  if (CrashHook hook = g_crash_hook.load()) hook(name);
}

}  // namespace modelseal::keys
