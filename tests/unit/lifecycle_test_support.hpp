// Setup shared by the lifecycle tests: the example model built into a bundle,
// a passphrase keystore at a test-speed scrypt cost, and the example sealed into it.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "keys_test_support.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/keystore.hpp"
#include "modelseal/lifecycle.hpp"
#include "test_support.hpp"

namespace lifecycle_test {

inline void build_example_bundle(const std::filesystem::path& out) {
  modelseal::BuildOptions build;
  build.model_dir = test_support::example_model();
  build.output = out;
  REQUIRE(modelseal::build_bundle(build).ok());
}

inline void init_passphrase_keystore(const std::filesystem::path& dir,
                                     const modelseal::SecretBytes& passphrase) {
  modelseal::keys::KeystoreInitOptions init;
  init.dir = dir;
  init.scrypt_log2_n = 14;
  init.credentials.passphrase = &passphrase;
  REQUIRE(modelseal::keys::init_keystore(init).ok());
}

// The example bundle sealed into a fresh keystore, with the paths an open writes to.
struct SealedExample {
  test_support::TempDir dir;
  modelseal::SecretBytes passphrase;
  std::filesystem::path bundle = dir.path() / "model.mbundle";
  std::filesystem::path keystore_dir = dir.path() / "ks";
  std::filesystem::path sealed = dir.path() / "model.sealed.mbundle";
  std::filesystem::path folder = dir.path() / "opened";
  std::filesystem::path plain = dir.path() / "back.mbundle";

  explicit SealedExample(const std::string& passphrase_text)
      : passphrase(keys_test::secret(passphrase_text)) {
    build_example_bundle(bundle);
    init_passphrase_keystore(keystore_dir, passphrase);
    auto ks = keystore();
    REQUIRE(modelseal::seal_into_keystore({bundle, sealed, &ks, false}).ok());
  }

  modelseal::keys::Keystore keystore() {
    auto ks = modelseal::keys::Keystore::open(keystore_dir, {&passphrase, nullptr});
    REQUIRE(ks.ok());
    return std::move(ks).value();
  }

  // Nothing decrypted is left: no folder, no bundle, no temporary beside them.
  void check_no_plaintext() {
    CHECK_FALSE(std::filesystem::exists(folder));
    CHECK_FALSE(std::filesystem::exists(plain));
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      CHECK_MESSAGE(name.find(".tmp-") == std::string::npos, name);
      CHECK_MESSAGE(name.find(".extract-") == std::string::npos, name);
    }
  }
};

}  // namespace lifecycle_test
