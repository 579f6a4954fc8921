#include <regex>
#include <system_error>

#include "base/file_io.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "tree/parallel_hash.hpp"

namespace modelseal::sigstore {
namespace {

Result<Sha256Digest> artifact_digest(const std::string& artifact, const ProgressFn& progress) {
  static const std::regex kDigest("sha256:[0-9a-f]{64}");
  std::error_code ec;
  if (std::regex_match(artifact, kDigest) && !std::filesystem::exists(artifact, ec))
    return *Sha256Digest::from_hex(std::string_view(artifact).substr(7));
  return tree::hash_file(artifact, std::nullopt, progress);
}

}  // namespace

Result<VerifiedBundleFile> verify_bundle_file(const BundleFileCheck& check) {
  MS_ASSIGN_OR_RETURN(formats::TrustedRoot root, load_trusted_root(check.trusted_root));
  MS_ASSIGN_OR_RETURN(std::string text,
                      fs::read_small_file(check.bundle, formats::kMaxSigstoreBundleBytes));
  MS_ASSIGN_OR_RETURN(formats::SigstoreBundle bundle,
                      formats::parse_sigstore_bundle(text, check.bundle.string()));
  MS_ASSIGN_OR_RETURN(Sha256Digest artifact, artifact_digest(check.artifact, check.progress));
  MS_ASSIGN_OR_RETURN(VerifiedSignature signature,
                      verify_bundle_signature(bundle, BundleCheck{root, check.signer, artifact}));
  if (const formats::DsseEnvelope* env = bundle.dsse()) {
    MS_TRY(verify_statement_subject(*env, artifact));
    signature.evidence.push_back("the artifact's sha256 is a subject of the in-toto statement");
  }
  return VerifiedBundleFile{std::move(signature), artifact};
}

}  // namespace modelseal::sigstore
