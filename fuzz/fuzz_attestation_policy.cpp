// Fuzz target for attestation policies (docs/attestations.md):
// load_attestation_policy must accept or reject any bytes without crashing,
// every error names the file, and an accepted policy has rules, each with a
// URI predicate type and at least one key, root CA or keyless identity (then a trusted
// root is loaded). A public key "k.pub" sits beside
// the policy so that valid seeds load. Seeds: fuzz/corpus/attestation_policy/.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "modelseal/attest.hpp"
#include "scratch_folder.hpp"

namespace {

const std::filesystem::path& policy_file() {
  static const std::filesystem::path file = [] {
    const std::filesystem::path& folder = fuzz_support::scratch_folder("fuzz-attestation-policy");
    auto key = modelseal::keys::PrivateKey::generate(modelseal::keys::KeyType::kEd25519);
    if (!key.ok()) std::abort();
    const std::string& pem = key->public_key().pem();
    fuzz_support::write_file(folder / "k.pub", pem.data(), pem.size());
    return folder / "policy.toml";
  }();
  return file;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::filesystem::path& file = policy_file();
  fuzz_support::write_file(file, data, size);
  const auto policy = modelseal::load_attestation_policy(file);
  if (!policy.ok()) {
    if (policy.error().detail.rfind(file.string(), 0) != 0) std::abort();
    return 0;
  }
  if (policy->rules.empty()) std::abort();
  for (const auto& rule : policy->rules)
    if ((rule.keys.empty() && rule.roots.empty() && rule.identities.empty()) ||
        rule.predicate_type.find("://") == std::string::npos)
      std::abort();
  const bool keyless = std::any_of(policy->rules.begin(), policy->rules.end(),
                                   [](const auto& rule) { return !rule.identities.empty(); });
  if (keyless != policy->trusted_root.has_value()) std::abort();
  return 0;
}
