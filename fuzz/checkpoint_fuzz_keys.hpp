// Fixed log keys of fuzz/fuzz_checkpoint.cpp and of the seeds that
// tests/unit/test_checkpoint_seeds.cpp writes for it, so that seeds signed
// with them verify in the fuzz target. Published test keys: never trust them.
#pragma once

#include <string_view>

namespace checkpoint_fuzz {

inline constexpr std::string_view kEd25519LogName = "log.example.dev";
inline constexpr std::string_view kEd25519LogKeyPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MC4CAQAwBQYDK2VwBCIEIDfO0/sFwQr+S7t7aeQbo9oEtYi9Dr5M/GzIvf1nomXd\n"
    "-----END PRIVATE KEY-----\n";

inline constexpr std::string_view kEcdsaLogName = "rekor.example.dev";
inline constexpr std::string_view kEcdsaLogKeyPem =
    "-----BEGIN PRIVATE KEY-----\n"
    "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgpZGJEILga86TCpVZ\n"
    "0TWatRxzPHmZkwoZ88uRcPF6y7KhRANCAATR01KVezb9DHvZ/OkqPgJnOZVqAK68\n"
    "Ih0qE2h7HZlFv9/X9M1hdve9ajE9I7lRJKFc0rN1HO/ZQB54a2BpFGUI\n"
    "-----END PRIVATE KEY-----\n";

}  // namespace checkpoint_fuzz
