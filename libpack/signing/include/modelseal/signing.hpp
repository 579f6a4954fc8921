// Signatures over models, in the OpenSSF Model Signing v1.0 format
// (specs/signature-v1.md): a Sigstore bundle holding a DSSE envelope whose
// payload is an in-toto statement naming the content digest and every file's
// SHA-256. One signature verifies a .mbundle, its extracted folder, or a
// plain model folder signed in place (model.sig).
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "modelseal/bundle.hpp"
#include "modelseal/keys.hpp"

namespace modelseal {

inline constexpr char kOmsPredicateType[] = "https://model_signing/signature/v1.0";
inline constexpr char kFolderSignatureName[] = "model.sig";

struct SignOptions {
  std::filesystem::path target;  // a .mbundle, a model folder, or a single-file model
  // Default: "<bundle>.sig" beside a bundle, "<folder>/model.sig" in a folder.
  std::optional<std::filesystem::path> signature;
  const keys::Signer* signer = nullptr;
  // Certificate (PKI) signing: leaf first, then intermediates; empty = key method.
  std::vector<keys::Certificate> certificate_chain;
  std::vector<std::string> ignore;  // folders only, relative paths
  // Folders only: follow links that stay inside the model folder, or inside the
  // repository folder of a Hugging Face cache snapshot; recorded in the
  // predicate as serialization.allow_symlinks (docs/hugging-face.md).
  bool allow_symlinks = false;
  // Folders and single files only: OMS shard serialization (docs/oms.md), each
  // file cut in pieces of this many bytes, hashed on every core. Unset: files
  // serialization, which every OMS verifier reads.
  std::optional<uint64_t> shard_size;
  bool overwrite = false;
  unsigned threads = 0;
  ProgressFn progress;
};

struct SignResult {
  std::filesystem::path signature;
  Sha256Digest content_digest;
  std::string signer;  // key id, or the leaf certificate's subject
  uint64_t file_count = 0;
};

Result<SignResult> sign_model(const SignOptions& options);

struct SignatureVerifyOptions {
  std::filesystem::path target;
  // Default: "<bundle>.sig" for a bundle, "<folder>/model.sig" for a folder.
  std::optional<std::filesystem::path> signature;
  std::vector<keys::PublicKey> trusted_keys;
  std::vector<keys::Certificate> trusted_roots;
  std::vector<std::string> ignore;
  // Folders only: follow links as SignOptions::allow_symlinks does. The value a
  // signature records is not consulted: a snapshot verifies against a signature
  // of its dereferenced copy and the other way round.
  bool allow_symlinks = false;
  // Files present but not covered by the signature are reported in
  // VerifiedSignature::unsigned_files instead of failing the verification.
  bool allow_unsigned_files = false;
  // `verify --only` (docs/verify-only.md), folders and plain bundles: globs of the signed files
  // that must be present; a signed file no glob selects may be absent, and is checked when present.
  std::vector<std::string> only;
  // Certificates must be valid at this time (default: now).
  std::optional<std::chrono::system_clock::time_point> at;
  // Keyless Sigstore signatures (OMS `sigstore` method): the certificate's
  // identity and OIDC issuer, matched exactly, and the trusted_root.json
  // (default: Sigstore's production root, built in).
  std::optional<std::string> certificate_identity;
  std::optional<std::string> certificate_oidc_issuer;
  std::optional<std::filesystem::path> sigstore_trusted_root;
  ReadOptions read;
  // A bundle file's content already verified against its manifest by this process (report's one
  // read of the bundle): the signature is checked against it instead of reading the bundle again.
  const VerifiedContent* verified_bundle = nullptr;
};

// What was verified; returned only when the signature, the signer's trust and
// every file checked out.
struct VerifiedSignature {
  std::filesystem::path signature;
  std::string method;  // "key", "certificate" or "keyless"
  std::string signer;  // "key <key id>", the leaf certificate's subject, or the keyless identity
  std::string key_id;  // of the key that verified (the certificate's key for certificates)
  keys::KeyType key_type = keys::KeyType::kEcdsaP256;
  std::string issuer;  // certificate method: the leaf's issuer; keyless: the OIDC issuer
  // When the signer says it signed (modelseal writes predicate "signed_at";
  // OMS signatures carry no time): nullopt when unknown.
  std::optional<std::chrono::system_clock::time_point> signed_at;
  std::vector<std::string> unsigned_files;  // only with allow_unsigned_files
  // Only with `only`: the signed files present, each matched its digest, and the signed files
  // absent (no glob selects them), in the order the signature lists them.
  std::vector<std::string> checked_files;
  std::vector<std::string> absent_files;
  std::string predicate_type;
  Sha256Digest content_digest;  // of the files present (the target's own digest)
  // The content digest of the files the signature lists (their root digest in OMS order):
  // what the signer vouched for. It differs from content_digest when unsigned files are
  // tolerated; revocation lists are checked against both.
  Sha256Digest signed_digest;
  std::string model_name;       // bundle name and version when the target is a bundle
  std::string model_version;
  uint64_t file_count = 0;
  // The target is a sealed bundle: files were checked against its header's
  // manifest; the encrypted payload is authenticated when it is opened.
  bool sealed = false;
};

Result<VerifiedSignature> verify_model_signature(const SignatureVerifyOptions& options);

// Whom to trust, as files: what `verify` and `report` take on the command line
// (--key, --trusted-keys, --ca, --certificate-identity, --certificate-oidc-issuer, --trusted-root).
struct TrustSources {
  std::vector<std::filesystem::path> key_files;  // public keys (PEM)
  std::filesystem::path key_dir;                 // a folder of public keys; empty: none
  std::vector<std::filesystem::path> ca_files;   // root certificates (PEM)
  // Keyless Sigstore signers: both or neither.
  std::string certificate_identity, certificate_oidc_issuer;
  std::filesystem::path sigstore_trusted_root;  // keyless only; empty: the built-in production root

  bool keyless() const { return !certificate_identity.empty() || !certificate_oidc_issuer.empty(); }
  // No key, key folder, root or keyless identity (a trusted_root alone trusts no one).
  bool empty() const { return key_files.empty() && key_dir.empty() && ca_files.empty() && !keyless(); }
};

// Loads every key and root named and appends them to `options`, with the keyless identity.
// kInvalidArgument: a keyless identity without its issuer (or the reverse), or a trusted root
// without either; otherwise the error of the file that cannot be loaded.
Status load_trust_sources(const TrustSources& sources, SignatureVerifyOptions& options);

// RFC 3339 UTC text of a time, as modelseal writes "signed_at" ("2026-11-24T15:30:00Z").
std::string utc_text(std::chrono::system_clock::time_point t);

}  // namespace modelseal
