// Verdicts as JSON documents (docs/json-output.md, specs/json-output-v1.schema.json): one
// document per verdict with the same envelope for every command (`schema`, `command`, `verdict`,
// `exit_code`, `target`, `content_digest`, `signatures`, `policy`, `revocation`, `error`), so a
// deployment script or a registry embedding the library reads every command the same way.
// `modelseal <command> --json` prints exactly these documents.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "modelseal/attest.hpp"
#include "modelseal/bundle.hpp"
#include "modelseal/lifecycle.hpp"
#include "modelseal/result.hpp"
#include "modelseal/sigstore_verify.hpp"
#include "modelseal/validate.hpp"
#include "modelseal/verify_model.hpp"

namespace modelseal {

// The `schema` of every document. Additive changes keep it; a removal, rename or change of
// meaning gets a new version.
inline constexpr char kVerdictJsonSchema[] = "https://modelseal.dev/json/verdict/v1";

// `error.code` values that are not ErrorCode names (those come from error_code_name).
inline constexpr char kPolicyRejectedCode[] = "policy_rejected";  // a trust or attestation policy
inline constexpr char kFindingsCode[] = "findings";               // validate/scan: error findings
inline constexpr char kProblemsCode[] = "problems";               // lint: problems of the folder
inline constexpr char kUsageCode[] = "usage";                     // the command line was refused

struct VerdictDocument {
  std::string json;   // one JSON object, pretty-printed, no trailing newline
  int exit_code = 0;  // as the document's `exit_code`: 0 accepted, 1 rejected, 2 error
};

// `verify`: the verdict of verify_model.
VerdictDocument model_verdict_json(const ModelVerdict& verdict);

// `verify-attestation`: verify_attestations' verdict under the policy file `policy`.
VerdictDocument attestation_verdict_json(const std::filesystem::path& bundle,
                                         const std::filesystem::path& policy,
                                         const AttestationVerdict& verdict);

// `verify-disposal`: read_disposal_record's result for `record`.
VerdictDocument disposal_verdict_json(const std::filesystem::path& record,
                                      const Result<DisposalRecord>& result);

// `sigstore verify-bundle`: verify_bundle_file's result for `check`.
VerdictDocument sigstore_verdict_json(const sigstore::BundleFileCheck& check,
                                      const Result<sigstore::VerifiedBundleFile>& result);

// `open`: open_sealed's result for `options`.
VerdictDocument open_verdict_json(const OpenSealedOptions& options, const Result<VerifiedContent>& result);

// `validate` and `scan` (`command`): the report's fields (validation_to_json) in the envelope.
VerdictDocument validation_verdict_json(std::string_view command, const ValidationReport& report);

// `lint` (and `build --check`, `command`): check_model_folder's problems of `folder`.
VerdictDocument lint_verdict_json(std::string_view command, const std::filesystem::path& folder,
                                  const FolderCheck& check);

// A command that stopped before it had a verdict (a key, policy or target it could not use):
// verdict "rejected" or "error" by is_rejection. `file`: the file concerned, empty when unknown.
VerdictDocument error_verdict_json(std::string_view command, const std::filesystem::path& target,
                                   const Error& error, const std::filesystem::path& file);

// The command line was refused (unknown option, missing or bad value): code "usage", exit 2.
// `command` may be empty when no command was recognised.
VerdictDocument usage_error_json(std::string_view command, std::string_view message);

}  // namespace modelseal
