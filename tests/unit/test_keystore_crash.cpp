// Crash safety: a forked child runs one keystore operation with
// MODELSEAL_CRASH_AT set to one crash point and dies there (SIGKILL); the
// parent checks that the keystore still opens, every live key still unwraps,
// the log still verifies, and a shred is either undone or finished, never half.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <doctest/doctest.h>

#include "test_keystore_support.hpp"

using namespace modelseal;
using namespace modelseal::keys;
using namespace keystore_test;

namespace {

enum class Operation { kCreate, kRotate, kShred, kOpen };

struct CrashCase {
  const char* point;
  Operation operation;
};

// Every crash point named in keys/src/keystore/crash_point.hpp.
const CrashCase kCrashCases[] = {
    {"create.before_lock", Operation::kCreate},   {"opened.before_lock", Operation::kOpen},
    {"create.after_log", Operation::kCreate},     {"create.after_state", Operation::kCreate},
    {"rotate.after_new_key", Operation::kRotate}, {"rotate.after_log", Operation::kRotate},
    {"rotate.after_state", Operation::kRotate},   {"rotate.after_destroy", Operation::kRotate},
    {"shred.after_pending", Operation::kShred},   {"shred.after_new_key", Operation::kShred},
    {"shred.after_state", Operation::kShred},     {"shred.after_destroy", Operation::kShred},
    {"shred.after_record", Operation::kShred},    {"shred.after_log", Operation::kShred},
};

// In the child: never returns. Exit 0 would mean the crash point was not reached.
[[noreturn]] void run_child(const TestKeystore& ks, const CrashCase& crash, const std::string& target,
                            const SecretBytes* new_passphrase) {
  ::setenv("MODELSEAL_CRASH_AT", crash.point, 1);
  auto store = Keystore::open(ks.dir(), ks.credentials());
  if (!store.ok()) ::_exit(10);
  switch (crash.operation) {
    case Operation::kCreate:
      (void)store->create_data_key(bundle("gamma"));
      break;
    case Operation::kRotate:
      (void)store->rotate();
      break;
    case Operation::kOpen:
      (void)store->record_opened(target);
      break;
    case Operation::kShred: {
      RecordingWriter writer(ks.dir());
      (void)store->shred(shred_request(target, new_passphrase), writer.writer());
      break;
    }
  }
  ::_exit(11);
}

Keystore open_after_crash(const TestKeystore& ks, const SecretBytes* new_passphrase) {
  auto store = Keystore::open(ks.dir(), ks.credentials());
  if (!store.ok() && new_passphrase != nullptr) {  // the shred got past its rotation
    KeystoreCredentials changed = ks.credentials();
    changed.passphrase = new_passphrase;
    store = Keystore::open(ks.dir(), changed);
  }
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().detail));
  return std::move(store).value();
}

void check_crash(WrappingMethod method, const CrashCase& crash) {
  CAPTURE(crash.point);
  TestKeystore ks(method);
  std::vector<std::pair<std::string, SecretBytes>> live;
  {
    Keystore store = ks.open();
    for (const char* name : {"alpha", "beta"}) {
      auto made = store.create_data_key(bundle(name));
      REQUIRE(made.ok());
      live.emplace_back(made->key_id, SecretBytes(made->key.reveal()));
    }
  }
  const std::string target = live[0].first;
  SecretBytes new_passphrase_value = keys_test::secret("battery staple");
  const SecretBytes* new_passphrase =
      method == WrappingMethod::kPassphrase ? &new_passphrase_value : nullptr;

  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) run_child(ks, crash, target, new_passphrase);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE_MESSAGE(WIFSIGNALED(status), "the child did not crash; exit " << WEXITSTATUS(status));
  CHECK(WTERMSIG(status) == SIGKILL);

  auto audit = audit_keystore(ks.dir());
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());

  Keystore store = open_after_crash(ks, new_passphrase);
  if (crash.operation == Operation::kShred) {
    bool listed = false;
    for (const StoredKey& key : store.keys()) listed = listed || key.key_id == target;
    auto before = store.unwrap(target);
    REQUIRE_FALSE(before.ok());  // pending (still listed or not) or already shredded
    if (before.error().detail.find("was shredded") == std::string::npos) {
      CHECK(before.error().detail.find("modelseal shred") != std::string::npos);
      RecordingWriter writer(ks.dir());
      auto resumed = store.shred(shred_request(target, new_passphrase), writer.writer());
      REQUIRE_MESSAGE(resumed.ok(), (resumed.ok() ? "" : resumed.error().detail));
      CHECK(writer.calls == 1);
    } else {
      CHECK_FALSE(listed);
    }
    auto after = store.unwrap(target);
    REQUIRE_FALSE(after.ok());
    CHECK(after.error().detail.find("was shredded") != std::string::npos);
    live.erase(live.begin());
  }
  for (const auto& [id, key] : live) {
    auto unwrapped = store.unwrap(id);
    REQUIRE_MESSAGE(unwrapped.ok(), (unwrapped.ok() ? "" : unwrapped.error().detail));
    CHECK(same_bytes(*unwrapped, key));
  }
  for (const StoredKey& key : store.keys()) CHECK(store.unwrap(key.key_id).ok());
  // Whatever the crash left behind, the next rotation works and keeps every key.
  REQUIRE(store.rotate().ok());
  for (const auto& [id, key] : live) CHECK(same_bytes(store.unwrap(id).value(), key));
  auto final_audit = audit_keystore(ks.dir());
  REQUIRE(final_audit.ok());
  CHECK(final_audit->problems.empty());
  CHECK(final_audit->unanchored.empty());
}

void check_every_point(WrappingMethod method) {
  for (const CrashCase& crash : kCrashCases) check_crash(method, crash);
}

}  // namespace

TEST_CASE("keystore crash passphrase: every crash point leaves a usable keystore") {
  check_every_point(WrappingMethod::kPassphrase);
}

TEST_CASE("keystore crash pkcs11: every crash point leaves a usable keystore") {
  if (method_available(WrappingMethod::kPkcs11)) check_every_point(WrappingMethod::kPkcs11);
}

TEST_CASE("keystore crash: an interrupted seal leaves an unanchored event") {
  TestKeystore ks(WrappingMethod::kPassphrase);
  pid_t child = ::fork();
  REQUIRE(child >= 0);
  if (child == 0) run_child(ks, {"create.after_log", Operation::kCreate}, "", nullptr);
  int status = 0;
  REQUIRE(::waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  auto audit = audit_keystore(ks.dir());
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());
  REQUIRE(audit->unanchored.size() == 1);
  CHECK(audit->unanchored[0].find("sealed") != std::string::npos);
  CHECK(ks.open().keys().empty());
}
