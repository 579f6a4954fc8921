// Offline verification of Sigstore bundles (key-based and keyless) against a
// trusted_root.json: transparency-log entries, timestamps, the Fulcio
// certificate and its identity, and the signature over the content.
// docs/sigstore.md lists every check; specs/attestations-v1.md the layout.
#pragma once

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/sigstore/trusted_root.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/keys.hpp"
#include "modelseal/progress.hpp"
#include "modelseal/result.hpp"

namespace modelseal::sigstore {

using TimePoint = std::chrono::system_clock::time_point;

// Keyless: the certificate's SAN (email, URI or Fulcio's otherName) and its
// OIDC issuer extension must equal these exactly, or with `wildcards` match
// them as patterns where '*' stands for any run of characters (policies).
struct KeylessIdentity {
  std::string identity;
  std::string oidc_issuer;
  bool wildcards = false;
};

// Who must have signed: a key the caller trusts, or a keyless identity.
using Signer = std::variant<keys::PublicKey, KeylessIdentity>;

struct VerifiedSignature {
  std::string method;        // "key" or "keyless"
  std::string identity;      // key id, or the matched SAN
  std::string oidc_issuer;   // keyless only
  std::vector<TimePoint> verified_times;  // from signed entry timestamps and RFC 3161 tokens
  std::vector<std::string> evidence;      // one line per check passed, for reports
};

struct BundleCheck {
  const formats::TrustedRoot& trusted_root;
  Signer signer;
  // Required for message-signature bundles: the signed artifact's SHA-256.
  std::optional<Sha256Digest> artifact_sha256;
  TimePoint now = std::chrono::system_clock::now();  // log times must not be later
};

// Every check of docs/sigstore.md except the artifact-to-statement binding
// (verify_statement_subject), so OMS and attestation verifiers can reuse it.
// kTampered (a check failed), kCorrupt (malformed bundle part),
// kInvalidArgument (the signer given does not fit the bundle).
Result<VerifiedSignature> verify_bundle_signature(const formats::SigstoreBundle& bundle,
                                                  const BundleCheck& check);

// DSSE bundles: payloadType in-toto, a Statement v1, and `artifact` among its
// subjects' sha256 digests. kTampered otherwise.
Status verify_statement_subject(const formats::DsseEnvelope& envelope, const Sha256Digest& artifact);

// The trusted root in `path`, or Sigstore's production root built into the
// program (keys/trust/, Apache-2.0, from @sigstore/tuf) when `path` is empty.
Result<formats::TrustedRoot> load_trusted_root(const std::optional<std::filesystem::path>& path);

// The conformance client's job (`modelseal sigstore verify-bundle`): read the
// bundle and the trusted root, hash the artifact ("sha256:<hex>" names a
// digest unless a file of that name exists), verify the signature and, for
// DSSE bundles, the artifact among the statement's subjects.
struct BundleFileCheck {
  std::filesystem::path bundle;
  std::optional<std::filesystem::path> trusted_root;  // default: built-in production root
  Signer signer;
  std::string artifact;
  ProgressFn progress = {};  // "hashing" the artifact file
};
struct VerifiedBundleFile {
  VerifiedSignature signature;
  Sha256Digest artifact_sha256;
};
Result<VerifiedBundleFile> verify_bundle_file(const BundleFileCheck& check);

}  // namespace modelseal::sigstore
