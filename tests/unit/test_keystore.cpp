// The keystore with both wrapping methods: init/open, credentials, data keys,
// rotation, shredding (and what backups can still do), pending shreds, modes.
#include <doctest/doctest.h>

#include <algorithm>
#include <vector>

#include "test_keystore_support.hpp"

using namespace modelseal;
using namespace modelseal::keys;
using namespace keystore_test;

namespace {

void init_and_open(WrappingMethod method) {
  TestKeystore ks(method);
  Keystore store = ks.open();
  CHECK(store.id().starts_with("ks-"));
  CHECK(store.id().size() == 35);
  CHECK(store.method() == method);
  CHECK(store.generation() == 1);
  CHECK(store.keys().empty());
  CHECK(file_mode(ks.dir()) == 0700);
  CHECK(file_mode(ks.dir() / "disposals") == 0700);
  CHECK(file_mode(ks.dir() / "keystore.json") == 0600);
  CHECK(file_mode(ks.dir() / "log.jsonl") == 0600);
  // A second init into the same (non-empty) folder is refused.
  KeystoreInitOptions again;
  again.dir = ks.dir();
  again.scrypt_log2_n = 14;
  again.credentials = ks.credentials();
  auto refused = init_keystore(again);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kAlreadyExists);
}

void wrong_credentials(WrappingMethod method) {
  TestKeystore ks(method);
  SecretBytes wrong = keys_test::secret("9999");
  KeystoreCredentials bad = ks.credentials();
  if (method == WrappingMethod::kPassphrase) bad.passphrase = &wrong;
  else bad.pin = &wrong;
  auto opened = Keystore::open(ks.dir(), bad);
  REQUIRE_FALSE(opened.ok());
  CHECK(opened.error().code == ErrorCode::kInvalidArgument);
  CHECK(opened.error().detail.find("wrong") != std::string::npos);
  auto none = Keystore::open(ks.dir(), KeystoreCredentials{});
  REQUIRE_FALSE(none.ok());
  CHECK(none.error().code == ErrorCode::kInvalidArgument);
}

void create_and_unwrap(WrappingMethod method) {
  TestKeystore ks(method);
  std::string id;
  SecretBytes key;
  {
    Keystore store = ks.open();
    auto created = store.create_data_key(bundle("alpha"));
    REQUIRE(created.ok());
    CHECK(created->key_id.starts_with("dk-"));
    CHECK(created->key.size() == 32);
    id = created->key_id;
    key = SecretBytes(created->key.reveal());
    const std::vector<StoredKey> listed = store.keys();
    auto found = std::find_if(listed.begin(), listed.end(), [](const StoredKey& k) {
      return k.bundle.content_digest == bundle("alpha").content_digest;
    });
    REQUIRE(found != listed.end());
    CHECK(found->key_id == id);
    CHECK(found->bundle.name == "alpha");
    CHECK(store.record_opened(id).ok());
  }
  Keystore store = ks.open();
  REQUIRE(store.keys().size() == 1);
  auto unwrapped = store.unwrap(id);
  REQUIRE(unwrapped.ok());
  CHECK(same_bytes(*unwrapped, key));
  auto unknown = store.unwrap("dk-00000000000000000000000000000000");
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.error().code == ErrorCode::kNotFound);
  CHECK(store.forget_data_key(id).ok());
  CHECK(store.keys().empty());
  CHECK(store.unwrap(id).error().code == ErrorCode::kNotFound);
}

void rotate_keeps_keys(WrappingMethod method) {
  TestKeystore ks(method);
  std::vector<std::pair<std::string, SecretBytes>> made;
  {
    Keystore store = ks.open();
    for (const char* name : {"one", "two", "three"}) {
      auto created = store.create_data_key(bundle(name));
      REQUIRE(created.ok());
      made.emplace_back(created->key_id, SecretBytes(created->key.reveal()));
    }
  }
  copy_folder(ks.dir(), ks.temp.path() / "backup");
  {
    Keystore store = ks.open();
    REQUIRE(store.rotate().ok());
    REQUIRE(store.rotate().ok());
    CHECK(store.generation() == 3);
    for (const auto& [id, key] : made) {
      auto unwrapped = store.unwrap(id);
      REQUIRE(unwrapped.ok());
      CHECK(same_bytes(*unwrapped, key));
    }
  }
  Keystore store = ks.open();
  CHECK(store.generation() == 3);
  for (const auto& [id, key] : made) CHECK(same_bytes(store.unwrap(id).value(), key));
  if (method == WrappingMethod::kPkcs11) {
    auto backup = Keystore::open(ks.temp.path() / "backup", ks.credentials());
    REQUIRE_FALSE(backup.ok());  // its generation's token object was destroyed
    CHECK(backup.error().code == ErrorCode::kNotFound);
  }
  auto audit = audit_keystore(ks.dir());
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());
}

void shred_destroys_key(WrappingMethod method) {
  TestKeystore ks(method);
  std::string gone, kept;
  SecretBytes kept_key;
  {
    Keystore store = ks.open();
    auto a = store.create_data_key(bundle("alpha"));
    auto b = store.create_data_key(bundle("beta"));
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    gone = a->key_id;
    kept = b->key_id;
    kept_key = SecretBytes(b->key.reveal());
  }
  copy_folder(ks.dir(), ks.temp.path() / "backup");
  SecretBytes new_passphrase = keys_test::secret("battery staple");
  const SecretBytes* change = method == WrappingMethod::kPassphrase ? &new_passphrase : nullptr;
  RecordingWriter writer(ks.dir());
  {
    Keystore store = ks.open();
    ShredRequest undecided = shred_request(gone, nullptr);
    undecided.reuse_passphrase = false;
    if (method == WrappingMethod::kPassphrase)
      CHECK(store.shred(undecided, writer.writer()).error().code == ErrorCode::kInvalidArgument);
    if (method == WrappingMethod::kPkcs11)
      CHECK(store.shred(shred_request(gone, &new_passphrase), writer.writer()).error().code ==
            ErrorCode::kInvalidArgument);
    ShredRequest no_reason = shred_request(gone, change);
    no_reason.reason.clear();
    CHECK(store.shred(no_reason, writer.writer()).error().code == ErrorCode::kInvalidArgument);
    CHECK(writer.calls == 0);
    auto evidence = store.shred(shred_request(gone, change), writer.writer());
    REQUIRE_MESSAGE(evidence.ok(), (evidence.ok() ? "" : evidence.error().detail));
    CHECK(writer.calls == 1);
    CHECK(writer.last.key_id == gone);
    CHECK(evidence->key_id == gone);
    CHECK(evidence->keystore_id == store.id());
    CHECK(evidence->bundle.name == "alpha");
    CHECK(evidence->reason == "customer asked for deletion");
    CHECK(evidence->custodians.size() == 1);
    CHECK(evidence->copies.size() == 3);
    CHECK_FALSE(evidence->verification_detail.empty());
    auto shredded = store.unwrap(gone);
    REQUIRE_FALSE(shredded.ok());
    CHECK(shredded.error().code == ErrorCode::kRevoked);
    CHECK(shredded.error().detail.find("was shredded on") != std::string::npos);
    CHECK(shredded.error().detail.find(".disposal.json") != std::string::npos);
    CHECK(same_bytes(store.unwrap(kept).value(), kept_key));
    auto twice = store.shred(shred_request(gone, change), writer.writer());
    REQUIRE_FALSE(twice.ok());
    CHECK(twice.error().code == ErrorCode::kRevoked);
  }
  KeystoreCredentials now = ks.credentials();
  if (change) now.passphrase = change;
  auto reopened = Keystore::open(ks.dir(), now);
  REQUIRE(reopened.ok());
  CHECK(reopened->unwrap(gone).error().code == ErrorCode::kRevoked);
  CHECK(same_bytes(reopened->unwrap(kept).value(), kept_key));
  // The backup taken before the shred, with what the keystore uses now.
  auto backup = Keystore::open(ks.temp.path() / "backup", now);
  REQUIRE_FALSE(backup.ok());
  bool refused = backup.error().code == ErrorCode::kNotFound ||
                 backup.error().code == ErrorCode::kInvalidArgument;
  CHECK(refused);
  auto audit = audit_keystore(ks.dir());
  REQUIRE(audit.ok());
  CHECK(audit->problems.empty());
}

void pending_shred_resumes(WrappingMethod method) {
  TestKeystore ks(method);
  Keystore store = ks.open();
  auto a = store.create_data_key(bundle("alpha"));
  auto b = store.create_data_key(bundle("beta"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  int failing_calls = 0;
  DisposalWriter failing = [&](const ShredEvidence&) -> Result<RecordWritten> {
    ++failing_calls;
    return make_error(ErrorCode::kIo, "disk full");
  };
  SecretBytes new_passphrase = keys_test::secret("battery staple");
  const SecretBytes* change = method == WrappingMethod::kPassphrase ? &new_passphrase : nullptr;
  auto failed = store.shred(shred_request(a->key_id, change), failing);
  REQUIRE_FALSE(failed.ok());
  CHECK(failing_calls == 1);
  // Pending: no key is handed out, nothing is sealed, another shred waits.
  auto refused = store.unwrap(b->key_id);
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.error().code == ErrorCode::kInvalidArgument);
  CHECK(refused.error().detail.find("modelseal shred") != std::string::npos);
  CHECK(store.create_data_key(bundle("gamma")).error().code == ErrorCode::kInvalidArgument);
  RecordingWriter writer(ks.dir());
  CHECK(store.shred(shred_request(b->key_id, change), writer.writer()).error().code ==
        ErrorCode::kInvalidArgument);
  CHECK(writer.calls == 0);
  KeystoreCredentials now = ks.credentials();
  if (change) now.passphrase = change;
  {
    auto reopened = Keystore::open(ks.dir(), now);
    REQUIRE(reopened.ok());
    CHECK(reopened->unwrap(b->key_id).error().code == ErrorCode::kInvalidArgument);
  }
  auto resumed = store.shred(shred_request(a->key_id, change), writer.writer());
  REQUIRE_MESSAGE(resumed.ok(), (resumed.ok() ? "" : resumed.error().detail));
  CHECK(writer.calls == 1);
  CHECK(store.unwrap(a->key_id).error().code == ErrorCode::kRevoked);
  CHECK(same_bytes(store.unwrap(b->key_id).value(), b->key));
}

void tampered_wrapped_key(WrappingMethod method) {
  TestKeystore ks(method);
  std::string id;
  {
    Keystore store = ks.open();
    id = store.create_data_key(bundle("alpha")).value().key_id;
  }
  std::string state = test_support::read_bytes(ks.dir() / "keystore.json");
  size_t at = state.find("\"wrapped\":\"") + 11 + 4;  // inside the nonce
  state[at] = state[at] == 'A' ? 'B' : 'A';
  test_support::write_bytes(ks.dir() / "keystore.json", state);
  Keystore store = ks.open();
  auto unwrapped = store.unwrap(id);
  REQUIRE_FALSE(unwrapped.ok());
  CHECK(unwrapped.error().code == ErrorCode::kTampered);
}

}  // namespace

#define KEYSTORE_BOTH(name, body)                                     \
  TEST_CASE("keystore passphrase: " name) { body(WrappingMethod::kPassphrase); } \
  TEST_CASE("keystore pkcs11: " name) {                                \
    if (method_available(WrappingMethod::kPkcs11)) body(WrappingMethod::kPkcs11); \
  }

KEYSTORE_BOTH("init and open with private modes", init_and_open)
KEYSTORE_BOTH("wrong credentials are rejected", wrong_credentials)
KEYSTORE_BOTH("data keys round trip", create_and_unwrap)
KEYSTORE_BOTH("rotation keeps every key", rotate_keeps_keys)
KEYSTORE_BOTH("shred destroys the key and only it", shred_destroys_key)
KEYSTORE_BOTH("a pending shred blocks keys and resumes", pending_shred_resumes)
KEYSTORE_BOTH("an edited wrapped key is tampered", tampered_wrapped_key)

TEST_CASE("keystore passphrase: reusing the passphrase leaves backups recoverable") {
  TestKeystore ks(WrappingMethod::kPassphrase);
  std::string gone;
  {
    Keystore store = ks.open();
    gone = store.create_data_key(bundle("alpha")).value().key_id;
  }
  copy_folder(ks.dir(), ks.temp.path() / "backup");
  RecordingWriter writer(ks.dir());
  {
    Keystore store = ks.open();
    auto evidence = store.shred(shred_request(gone, nullptr), writer.writer());
    REQUIRE(evidence.ok());
    CHECK(evidence->copies.back().action.find("recoverable with the reused passphrase") !=
          std::string::npos);
  }
  // Documented in spec §4: the old state and the old passphrase still unwrap it.
  auto backup = Keystore::open(ks.temp.path() / "backup", ks.credentials());
  REQUIRE(backup.ok());
  CHECK(backup->unwrap(gone).ok());
}

TEST_CASE("keystore init: a weak scrypt cost is refused") {
  test_support::TempDir temp;
  SecretBytes passphrase = keys_test::secret("x");
  KeystoreInitOptions options;
  options.dir = temp.path() / "ks";
  options.scrypt_log2_n = 10;
  options.credentials.passphrase = &passphrase;
  auto made = init_keystore(options);
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(std::filesystem::exists(options.dir));
}

TEST_CASE("keystore init pkcs11: a wrong PIN leaves no folder behind") {
  if (!method_available(WrappingMethod::kPkcs11)) return;
  test_support::TempDir temp;
  SecretBytes wrong = keys_test::secret("0000");
  KeystoreInitOptions options;
  options.dir = temp.path() / "ks";
  options.method = WrappingMethod::kPkcs11;
  options.pkcs11_module = kSoftHsmModule;
  options.token_label = SoftHsm::instance().new_token();
  options.credentials.pin = &wrong;
  auto made = init_keystore(options);
  REQUIRE_FALSE(made.ok());
  CHECK(made.error().code == ErrorCode::kInvalidArgument);
  CHECK_FALSE(std::filesystem::exists(options.dir));
  options.token_label = "no such token";
  CHECK(init_keystore(options).error().code == ErrorCode::kNotFound);
}
