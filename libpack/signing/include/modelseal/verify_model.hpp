// verify_model: one verification of a model as `modelseal verify` makes it, for any caller (the
// CLI, a registry embedding the library): the content against its manifest, or the signatures
// against the trusted keys, roots, keyless identity or a trust policy, then the revocation list.
// The verdict is plain data: every signature tried, every policy rule, the revocation lookup.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/lifecycle.hpp"
#include "modelseal/policy.hpp"
#include "modelseal/sealed.hpp"
#include "modelseal/signing.hpp"

namespace modelseal {

struct VerifyRequest {
  // A .mbundle, a sealed bundle, an extracted bundle folder, a model folder or a single-file model.
  std::filesystem::path target;
  // Check the content against the bundle's own manifest only: no signature is read, and
  // `trust`, `policy`, `signatures` and `ignore` are not used.
  bool integrity_only = false;
  // Signature files, tried in order (countersignatures); empty: the default one,
  // "<bundle>.sig" or "<folder>/model.sig" (never followed when it is a link).
  std::vector<std::filesystem::path> signatures;
  TrustSources trust;
  // A trust policy (policy.toml), then the only source of trust: `trust` must be empty.
  std::optional<std::filesystem::path> policy;
  std::vector<std::string> ignore;  // folders: paths the signatures leave out
  // `verify --only`, docs/verify-only.md: globs of the listed files that must be present. A
  // listed file no glob selects may be absent from a folder (one present is still checked; a
  // plain bundle holds them all, all checked); files present but not listed still fail; a glob
  // that selects no listed file is kTampered. A malformed glob, or a target other than a folder
  // or a plain bundle (a sealed bundle): kInvalidArgument.
  std::vector<std::string> only;
  bool allow_symlinks = false;      // folders: SignatureVerifyOptions::allow_symlinks
  // A folder of disposal records: the model is refused when one names its content. The records
  // are verified with the trusted keys and `revocation_keys` (loaded only when the list is read).
  std::optional<std::filesystem::path> revocations;
  std::vector<std::filesystem::path> revocation_keys;
  // When certificates must be valid and from when the policy's age rule counts (default: now).
  std::optional<std::chrono::system_clock::time_point> at;
  ReadOptions read;
};

// One signature file tried: `verified` or `error` is set.
struct SignatureCheck {
  std::filesystem::path file;
  std::optional<VerifiedSignature> verified;
  std::optional<Error> error;  // why it did not verify
};

struct PolicyCheck {
  std::filesystem::path source;  // the policy file
  std::chrono::system_clock::time_point evaluated_at;
  PolicyVerdict verdict;  // every rule, passed or not, with its evidence
};

struct RevocationCheck {
  std::filesystem::path folder;
  // The content digests looked up: the files present and, for signatures, what each covers.
  std::vector<Sha256Digest> digests;
  std::optional<Revocation> revocation;  // the record naming one of them: the model is refused
};

// What `only` let through, over the files the signatures list (integrity only: the manifest).
struct SelectionCheck {
  std::vector<std::string> globs;
  std::vector<std::string> checked;  // listed and present: each matched its digest
  std::vector<std::string> absent;   // listed, absent, and selected by no glob
};

struct ModelVerdict {
  std::filesystem::path target;
  bool integrity_only = false;
  bool accepted = false;
  // Why the model is not accepted, as `verify` reports it (the code says rejected or could not be
  // checked, see is_rejection). Unset when accepted, and when the policy rejected the signatures:
  // `policy->verdict` then says which rules failed.
  std::optional<Error> failure;
  // Integrity only: what matched its manifest, a bundle or folder (`content`) or the header of a
  // sealed bundle (`sealed`; its encrypted payload is authenticated when it is opened).
  std::optional<VerifiedContent> content;
  std::optional<SealedInfo> sealed;
  // Signatures, in the order tried. Without a policy the first that fails ends the verification;
  // with one, every signature is tried and the policy judges those that verified.
  std::vector<SignatureCheck> signatures;
  std::optional<PolicyCheck> policy;
  // Set when the request had `only` and the model was accepted. With several signatures, the
  // files any of them checked, and those absent that any of them lists.
  std::optional<SelectionCheck> selection;
  // Set when a revocation folder was given and read through.
  std::optional<RevocationCheck> revocations;
};

// Errors (nothing judged yet): kInvalidArgument when the request names no trust, or a policy
// beside other trust; the error of a policy, key or certificate file that cannot be loaded.
// Everything found about the target itself is in the verdict.
Result<ModelVerdict> verify_model(const VerifyRequest& request);

}  // namespace modelseal
