// Crash injection for the keystore's crash tests, in test builds only: crash_point("rotate.after_new_key")
// calls the hook a test installed with set_crash_hook, and does nothing when none was installed.
// The release binary installs none and cannot be made to crash by its environment; the unit
// tests and the test-only binary modelseal_with_crash_points link
// tests/support/crash_points_from_env.cpp, whose hook kills the process with SIGKILL when the
// environment variable MODELSEAL_CRASH_AT equals the point's name (docs/architecture.md, `tests/support/`),
// and stops it with SIGSTOP when MODELSEAL_PAUSE_AT does (the concurrency tests run another
// command while it is stopped). Every point sits between two durable steps:
//
//   create.before_lock        state read by open, keystore lock not yet taken
//   opened.before_lock        open: content decrypted and checked, not yet logged or released
//   create.after_log          "sealed" event appended, state not yet written
//   create.after_state        state with the new key committed
//   rotate.after_new_key      W' exists (token object or new salt), state untouched
//   rotate.after_log          "rotated" event appended, state not yet written
//   rotate.after_state        new state committed, old token object not yet destroyed
//   rotate.after_destroy      old token object destroyed (the end of the rotation)
//   shred.after_pending       pending_shred committed (step 1)
//   shred.after_new_key       W' exists, state still lists the key (step 2)
//   shred.after_state         state without the key committed, old W not yet destroyed
//   shred.after_destroy       old W destroyed (end of step 2)
//   shred.after_record        disposal record written (step 4), event not yet appended
//   shred.after_log           "shredded" event appended, pending_shred not yet cleared
#pragma once

#include <string_view>

namespace modelseal::keys {

using CrashHook = void (*)(std::string_view point);

void set_crash_hook(CrashHook hook);
void crash_point(std::string_view name);

}  // namespace modelseal::keys
