// Setup shared by the lifecycle tests: the example model built into a bundle,
// and a passphrase keystore at a test-speed scrypt cost.
#pragma once

#include <doctest/doctest.h>

#include <filesystem>

#include "keys_test_support.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/keystore.hpp"
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

}  // namespace lifecycle_test
