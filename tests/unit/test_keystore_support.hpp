// Helpers for the keystore tests: a throw-away SoftHSM2 token store (its own
// SOFTHSM2_CONF, set before the module is loaded), keystores of either
// wrapping method, and a disposal-record writer that counts its calls.
#pragma once

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <doctest/doctest.h>

#include "keys_test_support.hpp"
#include "modelseal/keystore.hpp"
#include "test_support.hpp"

namespace keystore_test {

using modelseal::SecretBytes;
using modelseal::keys::WrappingMethod;

inline constexpr const char* kSoftHsmModule = "/usr/lib/softhsm/libsofthsm2.so";
inline constexpr const char* kPin = "1234";
inline constexpr const char* kSoPin = "5678";

// One token folder for the whole test process; a fresh token per keystore.
class SoftHsm {
 public:
  static SoftHsm& instance() {
    static SoftHsm hsm;
    return hsm;
  }
  bool available() const { return available_; }
  // A new token with a unique label (call while no keystore is open, so the
  // module re-reads its token folder on the next load).
  std::string new_token() {
    std::string label = "ms-test-" + std::to_string(::getpid()) + "-" + std::to_string(++count_);
    int rc = keys_test::run("softhsm2-util --init-token --free --label '" + label + "' --pin " +
                            kPin + " --so-pin " + kSoPin);
    REQUIRE_MESSAGE(rc == 0, "softhsm2-util --init-token failed");
    return label;
  }

 private:
  SoftHsm() {
    std::error_code ec;
    available_ = std::filesystem::exists(kSoftHsmModule, ec) && keys_test::run("softhsm2-util --version") == 0;
    if (!available_) return;
    std::filesystem::create_directories(dir_.path() / "tokens");
    std::ofstream(dir_.path() / "softhsm2.conf")
        << "directories.tokendir = " << (dir_.path() / "tokens").string() << "\n"
        << "objectstore.backend = file\nlog.level = ERROR\n";
    ::setenv("SOFTHSM2_CONF", (dir_.path() / "softhsm2.conf").c_str(), 1);
  }
  test_support::TempDir dir_;
  bool available_ = false;
  int count_ = 0;
};

inline const char* method_name(WrappingMethod method) {
  return method == WrappingMethod::kPkcs11 ? "pkcs11" : "passphrase";
}

// False (with a MESSAGE) when the method cannot be tested here.
inline bool method_available(WrappingMethod method) {
  if (method == WrappingMethod::kPassphrase || SoftHsm::instance().available()) return true;
  MESSAGE("softhsm2 is not installed: skipping the PKCS#11 keystore test");
  return false;
}

// A keystore folder and the credentials that open it.
struct TestKeystore {
  explicit TestKeystore(WrappingMethod m) : method(m) {
    modelseal::keys::KeystoreInitOptions options;
    options.dir = dir();
    options.method = method;
    options.scrypt_log2_n = 14;
    if (method == WrappingMethod::kPkcs11) {
      options.pkcs11_module = kSoftHsmModule;
      options.token_label = SoftHsm::instance().new_token();
      token = options.token_label;
    }
    options.credentials = credentials();
    auto made = modelseal::keys::init_keystore(options);
    REQUIRE_MESSAGE(made.ok(), (made.ok() ? "" : made.error().detail));
  }
  std::filesystem::path dir() const { return temp.path() / "ks"; }
  modelseal::keys::KeystoreCredentials credentials() const {
    return {&passphrase, &pin};
  }
  modelseal::keys::Keystore open() const {
    auto ks = modelseal::keys::Keystore::open(dir(), credentials());
    REQUIRE_MESSAGE(ks.ok(), (ks.ok() ? "" : ks.error().detail));
    return std::move(ks).value();
  }

  WrappingMethod method;
  test_support::TempDir temp;
  SecretBytes passphrase = keys_test::secret("correct horse");
  SecretBytes pin = keys_test::secret(kPin);
  std::string token;
};

inline modelseal::keys::BundleIdentity bundle(const std::string& name) {
  char digit = name.empty() ? '0' : static_cast<char>('a' + (name[0] % 6));
  return {name, "1.0", "sha256:" + std::string(64, digit)};
}

// Writes a stand-in record into disposals/ and counts its calls.
struct RecordingWriter {
  explicit RecordingWriter(std::filesystem::path keystore_dir) : dir(std::move(keystore_dir)) {}
  std::filesystem::path dir;
  int calls = 0;
  modelseal::keys::ShredEvidence last;
  modelseal::keys::DisposalWriter writer() {
    return [this](const modelseal::keys::ShredEvidence& evidence)
               -> modelseal::Result<modelseal::keys::RecordWritten> {
      ++calls;
      last = evidence;
      std::filesystem::path path =
          dir / "disposals" / (evidence.bundle.name + "-" + evidence.key_id + ".disposal.json");
      test_support::write_bytes(path, "{\"record\":\"" + evidence.key_id + "\"}");
      return modelseal::keys::RecordWritten{path, std::string(64, 'b')};
    };
  }
};

inline modelseal::keys::ShredRequest shred_request(const std::string& key_id,
                                                   const SecretBytes* new_passphrase) {
  modelseal::keys::ShredRequest request;
  request.key_id = key_id;
  request.reason = "customer asked for deletion";
  request.operator_key_id = std::string(64, 'c');
  request.custodians = {"alice@example.com"};
  request.sealed_file = "model.sealed.mbundle";
  request.new_passphrase = new_passphrase;
  request.reuse_passphrase = new_passphrase == nullptr;
  return request;
}

inline unsigned file_mode(const std::filesystem::path& p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 07777;
}

inline void copy_folder(const std::filesystem::path& from, const std::filesystem::path& to) {
  std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
}

inline bool same_bytes(const modelseal::SecretBytes& a, const modelseal::SecretBytes& b) {
  return a.size() == b.size() && std::equal(a.reveal().begin(), a.reveal().end(), b.reveal().begin());
}

}  // namespace keystore_test
