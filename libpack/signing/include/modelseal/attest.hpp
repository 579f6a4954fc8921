// Supply-chain attestations of a bundle (specs/attestations-v1.md): in-toto
// statements whose subjects are the bundle's content digest, archive digest
// and manifest digest, signed into DSSE envelopes in Sigstore bundles and stored beside
// the bundle in "<bundle>.attestations/".
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/sigstore_verify.hpp"

namespace modelseal {

inline constexpr char kSlsaProvenancePredicateType[] = "https://slsa.dev/provenance/v1";
inline constexpr char kEvaluationPredicateType[] = "https://modelseal.dev/evaluation/v1";
inline constexpr char kModelsealBuildType[] = "https://modelseal.dev/build/bundle/v1";
inline constexpr char kDefaultBuilderId[] = "https://modelseal.dev/builder/local";

// Where a bundle's attestations live: "<bundle>.attestations".
std::filesystem::path attestation_dir(const std::filesystem::path& bundle);

struct ProvenanceParams {
  std::string builder_id = kDefaultBuilderId;
  std::optional<std::string> invocation_id;
  std::optional<std::string> started_on;   // RFC 3339; default: not recorded
  std::optional<std::string> finished_on;  // RFC 3339; default: now
};

struct AttestOptions {
  std::filesystem::path bundle;
  // "slsa-provenance", "evaluation", or a predicate type URI (then `predicate_file` is required).
  std::string predicate_type;
  std::optional<std::filesystem::path> predicate_file;  // JSON object, for custom types
  ProvenanceParams provenance;
  const keys::Signer* signer = nullptr;
  std::vector<keys::Certificate> certificate_chain;  // empty: key method
  std::optional<std::filesystem::path> output;       // default: in attestation_dir(bundle)
  bool overwrite = false;
  ProgressFn progress = {};  // "verifying": the one read that verifies and hashes the bundle
  unsigned threads = 0;      // hashing threads, 0: one per core
};

struct AttestResult {
  std::filesystem::path path;
  std::string predicate_type;
  Sha256Digest content_digest;
  Sha256Digest archive_digest;
  Sha256Digest manifest_digest;  // of .modelseal/manifest.json: the files' names and contents
};

// Verifies the bundle and takes its archive digest in one read (verify_and_hash_bundle),
// builds the statement, signs it and writes it atomically.
Result<AttestResult> attest_bundle(const AttestOptions& options);

}  // namespace modelseal

namespace modelseal {

// One rule of an attestation policy: an attestation of `predicate_type`
// about the bundle, signed by one of `keys`, with a certificate chaining to one
// of `roots`, or keyless by one of `identities`, optionally made by `builder_id`
// (SLSA) and not older than `max_age_days` (by its own finishedOn time).
struct AttestationRule {
  std::string predicate_type;
  std::vector<keys::PublicKey> keys;
  // Certificate-signed attestations (x509CertificateChain): the trusted roots (policy key `cas`).
  std::vector<keys::Certificate> roots;
  // Keyless signers: certificate identity and OIDC issuer '*' patterns.
  std::vector<sigstore::KeylessIdentity> identities;
  std::optional<std::string> builder_id;
  std::optional<int64_t> max_age_days;
};

struct AttestationPolicy {
  std::filesystem::path source;
  std::vector<AttestationRule> rules;
  // For keyless attestations: `trusted_root` in the policy, else the built-in
  // production root (loaded only when a rule names identities).
  std::optional<formats::TrustedRoot> trusted_root;
};

// policy.toml, schema "modelseal.attestation-policy/v1" (docs/attestations.md).
Result<AttestationPolicy> load_attestation_policy(const std::filesystem::path& file);

struct AttestationRuleResult {
  std::string rule;      // "<predicate type> signed by <n> key(s)..."
  bool passed = false;
  std::string evidence;  // the attestation file and signer, or why none qualified
};

struct AttestationVerdict {
  Sha256Digest content_digest, archive_digest, manifest_digest;
  std::vector<AttestationRuleResult> rules;
  size_t attestations_read = 0;
  bool accepted() const;
};

// Verifies the bundle's content and takes its archive digest in one read
// (verify_and_hash_bundle with `read`: its threads and progress), then checks every rule
// against the attestations in `dir` (default attestation_dir(bundle)). A file that is not a valid signed
// statement about this bundle never satisfies a rule and is named in the evidence.
// About this bundle: a subject names its archive digest (this exact file), or
// subjects name both its content digest and its manifest digest (the same files
// under the same names, whatever the compression); the content digest alone
// does not bind the names and is not enough.
Result<AttestationVerdict> verify_attestations(const std::filesystem::path& bundle,
                                               const AttestationPolicy& policy,
                                               const std::optional<std::filesystem::path>& dir,
                                               std::chrono::system_clock::time_point now,
                                               const ReadOptions& read = {});

}  // namespace modelseal
