// The keystore under concurrent use (issue 14, part 1): every change is made
// under DIR/lock to the state as it is now, never to the one a command read
// earlier. Races run in forked processes, many rounds each; the interleavings
// that matter most (a shred or a rotation between a command's open and its
// change) are also forced in one process with two Keystore objects.
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>

#include <doctest/doctest.h>

#include "test_keystore_support.hpp"

using namespace modelseal;
using namespace modelseal::keys;
using namespace keystore_test;
namespace stdfs = std::filesystem;

namespace {

constexpr int kRounds = 3;
constexpr int kConcurrentSeals = 8;

std::string hex_of(const SecretBytes& key) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : key.reveal()) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

// Children that start their operation at the same moment: each opens the
// keystore, then waits on the pipe the parent closes once every child is ready.
class Race {
 public:
  Race() { REQUIRE(::pipe(go_) == 0); }
  ~Race() {
    release();
    if (go_[0] >= 0) ::close(go_[0]);
  }
  // `job` runs in the child after the start signal; its return value is the exit status.
  template <class Prepare, class Job>
  void spawn(Prepare prepare, Job job) {
    pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      ::close(go_[1]);
      auto prepared = prepare();
      char byte;
      while (::read(go_[0], &byte, 1) < 0 && errno == EINTR) {
      }
      ::_exit(job(prepared));
    }
    children_.push_back(pid);
  }
  void release() {
    if (go_[1] >= 0) ::close(go_[1]);
    go_[1] = -1;
  }
  // Exit statuses, in spawn order (-1: killed by a signal).
  std::vector<int> wait_all() {
    release();
    std::vector<int> statuses;
    for (pid_t pid : children_) {
      int status = 0;
      REQUIRE(::waitpid(pid, &status, 0) == pid);
      statuses.push_back(WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    }
    children_.clear();
    return statuses;
  }

 private:
  int go_[2] = {-1, -1};
  std::vector<pid_t> children_;
};

// In a child: the key a seal got, written where the parent finds it.
void report_key(const stdfs::path& file, const NewDataKey& key) {
  std::ofstream(file) << key.key_id << " " << hex_of(key.key) << "\n";
}

// The key's bytes in hex, or why it does not unwrap.
std::string unwrapped_hex(Keystore& store, const std::string& key_id) {
  auto key = store.unwrap(key_id);
  return key.ok() ? hex_of(*key) : "does not unwrap: " + key.error().detail;
}

Keystore open_now(const TestKeystore& ks, const KeystoreCredentials& credentials) {
  auto store = Keystore::open(ks.dir(), credentials);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().detail));
  return std::move(store).value();
}

int report_error(const stdfs::path& file, const Error& error, int status) {
  std::ofstream(file) << "error: " << error.detail << "\n";
  return status;
}

std::string errors_reported(const stdfs::path& dir) {
  std::string out;
  for (const auto& entry : stdfs::directory_iterator(dir)) {
    std::string text = test_support::read_bytes(entry.path());
    if (text.starts_with("error: ")) out += text;
  }
  return out;
}

std::map<std::string, std::string> reported_keys(const stdfs::path& dir) {
  std::map<std::string, std::string> out;
  for (const auto& entry : stdfs::directory_iterator(dir)) {
    std::ifstream in(entry.path());
    std::string id, hex;
    if (in >> id >> hex && id != "error:") out[id] = hex;
  }
  return out;
}

// Every reported key is in the keystore and unwraps to the same bytes; the log verifies.
void check_keys_survived(const TestKeystore& ks, const std::map<std::string, std::string>& made,
                         const KeystoreCredentials& credentials) {
  auto store = Keystore::open(ks.dir(), credentials);
  REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().detail));
  for (const auto& [id, hex] : made) {
    auto key = store->unwrap(id);
    REQUIRE_MESSAGE(key.ok(), id << " was lost: " << (key.ok() ? "" : key.error().detail));
    CHECK(hex_of(*key) == hex);
  }
  auto audit = audit_keystore(ks.dir());
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());
  CHECK(audit->unanchored.empty());
}

// SoftHSM2's file token store does not survive 8 processes loading it at once
// ("no token labelled ..."): with it, the children open the keystore one at a
// time (a test-only lock), and race where it matters, creating their keys.
Result<Keystore> open_in_child(const TestKeystore& ks) {
  if (ks.method != WrappingMethod::kPkcs11) return Keystore::open(ks.dir(), ks.credentials());
  int fd = ::open((ks.temp.path() / "softhsm-opens").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd >= 0) ::flock(fd, LOCK_EX);
  auto store = Keystore::open(ks.dir(), ks.credentials());
  if (fd >= 0) ::close(fd);
  return store;
}

void concurrent_seals(WrappingMethod method) {
  for (int round = 0; round < kRounds; ++round) {
    CAPTURE(round);
    TestKeystore ks(method);
    stdfs::path reports = ks.temp.path() / "reports";
    stdfs::create_directories(reports);
    Race race;
    for (int i = 0; i < kConcurrentSeals; ++i)
      race.spawn([&] { return open_in_child(ks); },
                 [&, i](Result<Keystore>& store) {
                   if (!store.ok()) return report_error(reports / std::to_string(i), store.error(), 10);
                   auto key = store->create_data_key(bundle("model-" + std::to_string(i)));
                   if (!key.ok()) return report_error(reports / std::to_string(i), key.error(), 11);
                   report_key(reports / std::to_string(i), *key);
                   return 0;
                 });
    for (int status : race.wait_all()) CHECK(status == 0);
    auto made = reported_keys(reports);
    CHECK_MESSAGE(made.size() == kConcurrentSeals, errors_reported(reports));
    check_keys_survived(ks, made, ks.credentials());
    CHECK(ks.open().keys().size() == kConcurrentSeals);
  }
}

// Seals and rotations at once: every key a seal got survives, and no rotation is undone.
void rotations_racing_seals(WrappingMethod method) {
  for (int round = 0; round < 2; ++round) {
    CAPTURE(round);
    TestKeystore ks(method);
    stdfs::path reports = ks.temp.path() / "reports";
    stdfs::create_directories(reports);
    Race race;
    for (int i = 0; i < 4; ++i) {
      race.spawn([&] { return Keystore::open(ks.dir(), ks.credentials()); },
                 [&, i](Result<Keystore>& store) {
                   if (!store.ok()) return 10;
                   auto key = store->create_data_key(bundle("model-" + std::to_string(i)));
                   if (!key.ok()) return 11;
                   report_key(reports / std::to_string(i), *key);
                   return 0;
                 });
      race.spawn([&] { return Keystore::open(ks.dir(), ks.credentials()); },
                 [](Result<Keystore>& store) { return store.ok() && store->rotate().ok() ? 0 : 12; });
    }
    for (int status : race.wait_all()) CHECK(status == 0);
    auto made = reported_keys(reports);
    CHECK(made.size() == 4);
    check_keys_survived(ks, made, ks.credentials());
    CHECK(ks.open().generation() == 5);
  }
}

// In one process: `stale` read the state (with `gone` in it) before `other` shredded it.
void seal_after_a_shred_it_did_not_see(WrappingMethod method, bool change_passphrase) {
  TestKeystore ks(method);
  std::string gone, kept;
  {
    Keystore store = ks.open();
    auto a = store.create_data_key(bundle("alpha"));
    auto b = store.create_data_key(bundle("beta"));
    REQUIRE((a.ok() && b.ok()));
    gone = a->key_id;
    kept = b->key_id;
  }
  Keystore stale = ks.open();
  SecretBytes new_passphrase = keys_test::secret("battery staple horse");
  const SecretBytes* change = change_passphrase ? &new_passphrase : nullptr;
  {
    Keystore other = ks.open();
    RecordingWriter writer(ks.dir());
    REQUIRE(other.shred(shred_request(gone, change), writer.writer()).ok());
  }
  auto sealed = stale.create_data_key(bundle("gamma"));
  if (change_passphrase) {
    // W of the new generation comes from the new passphrase, which this command was not given.
    REQUIRE_FALSE(sealed.ok());
    CHECK(sealed.error().detail.find("rotated by another command") != std::string::npos);
  } else {
    REQUIRE_MESSAGE(sealed.ok(), (sealed.ok() ? "" : sealed.error().detail));
  }
  auto through_stale = stale.unwrap(gone);  // `stale` still had the key in the state it read
  REQUIRE_FALSE(through_stale.ok());
  CHECK(through_stale.error().code == ErrorCode::kRevoked);
  KeystoreCredentials now = ks.credentials();
  if (change) now.passphrase = change;
  Keystore fresh = open_now(ks, now);
  auto revived = fresh.unwrap(gone);
  REQUIRE_FALSE(revived.ok());
  CHECK(revived.error().code == ErrorCode::kRevoked);
  for (const StoredKey& key : fresh.keys()) CHECK(key.key_id != gone);
  CHECK(fresh.generation() == 2);
  CHECK(fresh.unwrap(kept).ok());
  if (sealed.ok()) CHECK(unwrapped_hex(fresh, sealed->key_id) == hex_of(sealed->key));
  // The stale copy of the state kept the old generation's key: the backup taken
  // before the shred (the state `stale` read) no longer comes back through it.
  auto audit = audit_keystore(ks.dir());
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());
  CHECK(audit->unanchored.empty());
}

// In one process: a seal and a rotation that both read generation 1.
void seal_after_a_rotation_it_did_not_see(WrappingMethod method) {
  TestKeystore ks(method);
  std::string first;
  {
    Keystore store = ks.open();
    auto a = store.create_data_key(bundle("alpha"));
    REQUIRE(a.ok());
    first = a->key_id;
  }
  Keystore stale = ks.open();
  REQUIRE(ks.open().rotate().ok());
  auto sealed = stale.create_data_key(bundle("beta"));
  REQUIRE_MESSAGE(sealed.ok(), (sealed.ok() ? "" : sealed.error().detail));
  Keystore fresh = open_now(ks, ks.credentials());
  CHECK(fresh.generation() == 2);  // the rotation is not undone
  CHECK(fresh.unwrap(first).ok());
  CHECK(unwrapped_hex(fresh, sealed->key_id) == hex_of(sealed->key));
  REQUIRE(stale.rotate().ok());  // rotates generation 2, not the generation it first read
  Keystore after = open_now(ks, ks.credentials());
  CHECK(after.generation() == 3);
  CHECK(unwrapped_hex(after, sealed->key_id) == hex_of(sealed->key));
}

// Holds DIR/lock as another process would (flock on its own open file description).
class HeldLock {
 public:
  explicit HeldLock(const stdfs::path& dir) : fd_(::open((dir / "lock").c_str(), O_RDWR | O_CREAT, 0600)) {
    REQUIRE(fd_ >= 0);
    REQUIRE(::flock(fd_, LOCK_EX) == 0);
  }
  ~HeldLock() { ::close(fd_); }

 private:
  int fd_;
};

}  // namespace

TEST_CASE("keystore lock passphrase: 8 concurrent seals all keep their keys") {
  concurrent_seals(WrappingMethod::kPassphrase);
}

TEST_CASE("keystore lock pkcs11: 8 concurrent seals all keep their keys") {
  if (method_available(WrappingMethod::kPkcs11)) concurrent_seals(WrappingMethod::kPkcs11);
}

TEST_CASE("keystore lock passphrase: rotations racing seals lose no key and no rotation") {
  rotations_racing_seals(WrappingMethod::kPassphrase);
}

TEST_CASE("keystore lock passphrase: a seal never revives a key shredded after it read the state") {
  seal_after_a_shred_it_did_not_see(WrappingMethod::kPassphrase, /*change_passphrase=*/false);
  seal_after_a_shred_it_did_not_see(WrappingMethod::kPassphrase, /*change_passphrase=*/true);
}

TEST_CASE("keystore lock pkcs11: a seal never revives a key shredded after it read the state") {
  if (method_available(WrappingMethod::kPkcs11))
    seal_after_a_shred_it_did_not_see(WrappingMethod::kPkcs11, false);
}

TEST_CASE("keystore lock passphrase: a seal after a rotation it did not see keeps both") {
  seal_after_a_rotation_it_did_not_see(WrappingMethod::kPassphrase);
}

TEST_CASE("keystore lock pkcs11: a seal after a rotation it did not see keeps both") {
  if (method_available(WrappingMethod::kPkcs11)) seal_after_a_rotation_it_did_not_see(WrappingMethod::kPkcs11);
}

TEST_CASE("keystore lock: a held lock makes every change fail with kBusy after the wait, reads go on") {
  TestKeystore ks(WrappingMethod::kPassphrase);
  std::string id = ks.open().create_data_key(bundle("alpha")).value().key_id;
  std::string state_before = test_support::read_bytes(ks.dir() / "keystore.json");
  const auto wait = std::chrono::milliseconds(200);
  HeldLock held(ks.dir());
  auto store = Keystore::open(ks.dir(), ks.credentials(), wait);
  REQUIRE(store.ok());  // reading needs no lock
  CHECK(store->keys().size() == 1);
  CHECK(audit_keystore(ks.dir()).ok());
  auto started = std::chrono::steady_clock::now();
  auto rotated = store->rotate();
  auto waited = std::chrono::steady_clock::now() - started;
  REQUIRE_FALSE(rotated.ok());
  CHECK(rotated.error().code == ErrorCode::kBusy);
  CHECK(rotated.error().detail.find("busy") != std::string::npos);
  CHECK(waited >= wait);
  CHECK(waited < std::chrono::seconds(5));
  CHECK_FALSE(is_rejection(ErrorCode::kBusy));  // exit 2: the environment, not the input
  CHECK(store->create_data_key(bundle("beta")).error().code == ErrorCode::kBusy);
  CHECK(store->unwrap(id).error().code == ErrorCode::kBusy);
  CHECK(store->record_opened(id).error().code == ErrorCode::kBusy);
  CHECK(store->forget_data_key(id).error().code == ErrorCode::kBusy);
  RecordingWriter writer(ks.dir());
  CHECK(store->shred(shred_request(id, nullptr), writer.writer()).error().code == ErrorCode::kBusy);
  CHECK(writer.calls == 0);
  CHECK(test_support::read_bytes(ks.dir() / "keystore.json") == state_before);
}

TEST_CASE("keystore lock: the lock file is a private regular file; a link or FIFO is refused") {
  TestKeystore ks(WrappingMethod::kPassphrase);
  CHECK(file_mode(ks.dir() / "lock") == 0600);
  CHECK(ks.open().rotate().ok());
  stdfs::remove(ks.dir() / "lock");
  CHECK(ks.open().rotate().ok());  // a keystore without one (made by an older version) gets one
  CHECK(file_mode(ks.dir() / "lock") == 0600);

  stdfs::path elsewhere = ks.temp.path() / "elsewhere";
  stdfs::remove(ks.dir() / "lock");
  stdfs::create_symlink(elsewhere, ks.dir() / "lock");
  auto linked = ks.open().rotate();
  REQUIRE_FALSE(linked.ok());
  CHECK(linked.error().code == ErrorCode::kInvalidArgument);
  CHECK(linked.error().detail.find("symbolic link") != std::string::npos);
  CHECK_FALSE(stdfs::exists(stdfs::symlink_status(elsewhere)));

  stdfs::remove(ks.dir() / "lock");
  REQUIRE(::mkfifo((ks.dir() / "lock").c_str(), 0600) == 0);
  auto fifo = ks.open().rotate();  // refused at once, never opened (no writer would ever come)
  REQUIRE_FALSE(fifo.ok());
  CHECK(fifo.error().detail.find("not a regular file") != std::string::npos);
  CHECK(ks.open().generation() == 3);
}

TEST_CASE("keystore lock: of two inits into one folder, one wins and the other refuses") {
  for (int round = 0; round < 2 * kRounds; ++round) {
    CAPTURE(round);
    test_support::TempDir temp;
    const stdfs::path dir = temp.path() / "ks";
    if (round % 2 == 1) stdfs::create_directories(dir);  // an existing empty folder, too
    std::vector<SecretBytes> passphrases;
    passphrases.push_back(keys_test::secret("first passphrase"));
    passphrases.push_back(keys_test::secret("second passphrase"));
    Race race;
    for (int i = 0; i < 2; ++i)
      race.spawn([] { return 0; },
                 [&, i](int) {
                   KeystoreInitOptions options;
                   options.dir = dir;
                   options.scrypt_log2_n = 14;
                   options.credentials.passphrase = &passphrases[i];
                   auto made = init_keystore(options);
                   if (made.ok()) return 0;
                   return made.error().code == ErrorCode::kAlreadyExists ? 20 : 21;
                 });
    std::vector<int> statuses = race.wait_all();
    REQUIRE(statuses.size() == 2);
    int winners = 0;
    for (int i = 0; i < 2; ++i) {
      CHECK((statuses[i] == 0 || statuses[i] == 20));
      if (statuses[i] != 0) continue;
      ++winners;
      auto store = Keystore::open(dir, {&passphrases[i], nullptr});
      REQUIRE_MESSAGE(store.ok(), (store.ok() ? "" : store.error().detail));
      CHECK(store->create_data_key(bundle("alpha")).ok());
    }
    CHECK(winners == 1);
    auto audit = audit_keystore(dir);
    REQUIRE(audit.ok());
    CHECK(audit->problems.empty());
  }
}
