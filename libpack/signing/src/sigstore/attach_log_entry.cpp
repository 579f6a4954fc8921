#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/rekor_response.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "base/file_io.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/sigstore_log.hpp"

namespace modelseal::sigstore {
namespace {

const std::vector<uint8_t>& bundle_signature(const formats::SigstoreBundle& bundle) {
  if (const formats::DsseEnvelope* env = bundle.dsse()) return env->signatures.front().sig;
  return bundle.message_signature()->signature;
}

// The one signature the entry's body records.
Result<std::vector<uint8_t>> logged_signature(const nlohmann::json& entry, const std::string& source) {
  MS_ASSIGN_OR_RETURN(formats::TlogEntry parsed, formats::parse_tlog_entry(entry, source));
  const std::string_view body(reinterpret_cast<const char*>(parsed.canonicalized_body.data()),
                              parsed.canonicalized_body.size());
  MS_ASSIGN_OR_RETURN(formats::RekorBody rekor, formats::parse_rekor_body(body, source));
  if (rekor.signatures.size() != 1)
    return make_error(ErrorCode::kTampered, source + ": the log entry records " +
                                                std::to_string(rekor.signatures.size()) +
                                                " signatures, expected 1");
  return rekor.signatures.front().signature;
}

bool same_entry(const nlohmann::json& a, const nlohmann::json& b) {
  return a.value("logId", nlohmann::json()) == b.value("logId", nlohmann::json()) &&
         a.value("canonicalizedBody", nlohmann::json()) == b.value("canonicalizedBody", nlohmann::json());
}

}  // namespace

Result<std::filesystem::path> attach_log_entry(const AttachLogEntry& request) {
  MS_ASSIGN_OR_RETURN(std::string bundle_text,
                      fs::read_small_file(request.bundle, formats::kMaxSigstoreBundleBytes));
  MS_ASSIGN_OR_RETURN(formats::SigstoreBundle bundle,
                      formats::parse_sigstore_bundle(bundle_text, request.bundle.string()));
  MS_ASSIGN_OR_RETURN(std::string entry_text,
                      fs::read_small_file(request.entry, formats::kMaxTlogEntryJsonBytes));
  const std::string source = request.entry.string();
  MS_ASSIGN_OR_RETURN(nlohmann::json entry, formats::tlog_entry_from_rekor_response(entry_text, source));
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> logged, logged_signature(entry, source));
  if (!bytes_equal(logged, bundle_signature(bundle)))
    return make_error(ErrorCode::kTampered,
                      source + ": the log entry records another signature than " +
                          request.bundle.string() + "'s (an entry for another envelope or signer)");

  auto& maybe_entries = bundle.verification_material.tlog_entries;
  if (!maybe_entries) maybe_entries = nlohmann::json::array();
  nlohmann::json& entries = *maybe_entries;
  for (auto it = entries.begin(); it != entries.end();)
    it = same_entry(*it, entry) ? entries.erase(it) : it + 1;
  if (entries.size() >= formats::kMaxTlogEntries)
    return make_error(ErrorCode::kLimitExceeded,
                      request.bundle.string() + ": already holds the most log entries a bundle may have");
  entries.push_back(std::move(entry));

  const std::string text = formats::serialize_sigstore_bundle(bundle);
  const std::filesystem::path target = request.output.value_or(request.bundle);
  MS_TRY(fs::write_file_atomically(
      target, {reinterpret_cast<const uint8_t*>(text.data()), text.size()},
      /*overwrite=*/!request.output || request.overwrite));
  return target;
}

}  // namespace modelseal::sigstore
