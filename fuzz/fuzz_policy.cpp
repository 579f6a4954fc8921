// Fuzz target for policy.toml (docs/policy.md): load_policy must reject or
// accept any bytes without crashing, and every error names the file. The
// bytes are written to policy.toml in a private temporary folder holding
// keys/a.pub (a fixed P-256 key, id f13a8512...), which the seeds trust.
// Accepted policies are evaluated; with no signature nothing is accepted.
// Seeds: fuzz/corpus/policy/.
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "modelseal/policy.hpp"
#include "scratch_folder.hpp"

namespace {

constexpr char kPublicKey[] =
    "-----BEGIN PUBLIC KEY-----\n"
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEnW1oU6Ek6l47ZG4cLOtKOfO9lND3\n"
    "QZ+67Zg94flmft512FpiCUj+L1MRea7+kpQMXnVMV8InfIXRcqALH/Bdig==\n"
    "-----END PUBLIC KEY-----\n";
constexpr char kKeyId[] = "f13a8512278b777bac8490da1bc5a17eecdefffda88c8b9acc7d1339df076063";

const std::filesystem::path& policy_file() {
  static const std::filesystem::path file = [] {
    const std::filesystem::path& folder = fuzz_support::scratch_folder("fuzz-policy");
    std::filesystem::create_directories(folder / "keys");
    fuzz_support::write_file(folder / "keys/a.pub", kPublicKey, sizeof kPublicKey - 1);
    return folder / "policy.toml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path& file = policy_file();
  fuzz_support::write_file(file, data, size);
  const auto policy = modelseal::load_policy(file);
  if (!policy.ok()) {
    if (policy.error().detail.rfind(file.string(), 0) != 0) std::abort();
    return 0;
  }
  const auto now = std::chrono::system_clock::now();
  const modelseal::PolicyVerdict none = modelseal::evaluate_policy(*policy, {}, now);
  if (none.accepted || none.rules.empty() || none.rules.front().passed) std::abort();
  modelseal::VerifiedSignature sig;
  sig.method = "key";
  sig.signer = std::string("key ") + kKeyId;
  sig.key_id = kKeyId;
  sig.signed_at = now;
  const modelseal::PolicyVerdict one = modelseal::evaluate_policy(*policy, {sig}, now);
  bool all = true;
  for (const auto& rule : one.rules) all = all && rule.passed && !rule.evidence.empty();
  if (one.accepted != all) std::abort();
  return 0;
}
