// Trust policy (docs/policy.md): whom to trust and what a verification must
// show before a model is accepted. A registry and an operator each write one
// policy.toml; `modelseal verify --policy` enforces it and reports every rule.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/keys.hpp"
#include "modelseal/result.hpp"
#include "modelseal/signing.hpp"

namespace modelseal {

struct PolicySigner {
  std::string name;                       // how the report names this signer
  std::optional<std::string> key_id;      // hex SHA-256 of the canonical PEM public key
  std::optional<std::string> subject;     // certificate subject (RFC 2253); '*' wildcards allowed
  std::optional<std::string> issuer;      // certificate issuer; '*' wildcards allowed
};

struct TrustPolicy {
  std::filesystem::path source;                 // the policy file
  std::vector<keys::PublicKey> trusted_keys;    // [trust] keys (files) and key_dirs
  std::vector<keys::Certificate> trusted_roots; // [trust] cas (PEM files)
  std::vector<PolicySigner> signers;            // [[signer]] entries
  std::vector<std::string> required_signers;    // [require] signers: names that must all sign
  unsigned min_signatures = 1;                  // [require] min_signatures: distinct valid signers
  std::vector<keys::KeyType> allowed_algorithms;  // [require] algorithms; empty = all supported
  bool allow_unsigned_files = false;            // [require] allow_unsigned_files
  std::optional<std::chrono::seconds> max_signature_age;  // [require] max_signature_age_days
};

// Parses policy.toml; paths inside it are relative to the file's folder.
// Errors name the file, line:column and the key (kInvalidMetadata), or the
// key/certificate file that cannot be loaded.
Result<TrustPolicy> load_policy(const std::filesystem::path& file);

struct PolicyRuleResult {
  std::string rule;      // e.g. "min_signatures = 2"
  bool passed = false;
  std::string evidence;  // what was seen, e.g. "2 valid signatures: key ab12..., CN=registry"
};

struct PolicyVerdict {
  bool accepted = false;
  std::vector<PolicyRuleResult> rules;  // every rule checked, in policy order
};

// Judges the signatures that verified (each already checked against the
// policy's trusted keys and roots). `now` is for the age rule.
PolicyVerdict evaluate_policy(const TrustPolicy& policy, const std::vector<VerifiedSignature>& verified,
                              std::chrono::system_clock::time_point now);

}  // namespace modelseal
