#include <fmt/format.h>

#include <set>
#include <utility>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "timestamp/rfc3161.hpp"
#include "signing/signing_time.hpp"
#include "sigstore/tlog_verify.hpp"
#include "sigstore/verify_steps.hpp"

namespace modelseal::sigstore {
namespace {

constexpr size_t kMaxTimestamps = 16;

LoggedContent logged_content(const formats::SigstoreBundle& bundle, const SigningMaterial& material,
                             const std::optional<Sha256Digest>& artifact) {
  LoggedContent c;
  c.verifier_der = material.verifier_der;
  c.verifier_is_certificate = material.leaf.has_value();
  if (const formats::DsseEnvelope* env = bundle.dsse()) {
    c.signature = env->signatures.front().sig;
    c.dsse = env;
  } else {
    c.signature = bundle.message_signature()->signature;
    if (artifact) c.artifact_sha256 = artifact->bytes;
  }
  return c;
}

// Each entry: consistent with the bundle, included, and its SET (if any).
Status check_log_entries(const formats::SigstoreBundle& bundle, const SigningMaterial& material,
                         const BundleCheck& check, std::vector<TimePoint>& times,
                         std::vector<std::string>& evidence) {
  const LoggedContent content = logged_content(bundle, material, check.artifact_sha256);
  std::set<std::pair<std::vector<uint8_t>, std::vector<uint8_t>>> seen;  // (log id, body)
  size_t index = 0;
  for (const nlohmann::json& raw : *bundle.verification_material.tlog_entries) {
    const std::string where = fmt::format("tlogEntries[{}]", index++);
    MS_ASSIGN_OR_RETURN(formats::TlogEntry entry, formats::parse_tlog_entry(raw, where));
    // One logged signature counts once, however often the bundle repeats it.
    if (!seen.emplace(entry.log_id, entry.canonicalized_body).second)
      return bundle_rejected(where + ": the same log entry appears twice");
    if (!entry.inclusion_proof)
      return bundle_rejected(where + ": no inclusion proof (offline verification needs one, with a checkpoint)");
    MS_TRY(verify_log_inclusion(entry, check.trusted_root.tlogs));
    MS_TRY(check_logged_body(entry, content));
    evidence.push_back(fmt::format("{}: log index {} included in a trusted log (Merkle proof, "
                                   "signed checkpoint), body matches the bundle",
                                   where, entry.log_index));
    if (entry.signed_entry_timestamp) {
      MS_ASSIGN_OR_RETURN(TimePoint t, verify_signed_entry_timestamp(entry, check.trusted_root.tlogs));
      if (t > check.now)
        return bundle_rejected(where + ": integrated time " + signing::format_utc(t) + " is in the future");
      times.push_back(t);
      evidence.push_back(where + ": signed entry timestamp verified, integrated " + signing::format_utc(t));
    } else if (bundle.version == formats::BundleVersion::kV0_1) {
      return bundle_rejected(where + ": a v0.1 bundle needs a signed entry timestamp (inclusionPromise)");
    }
  }
  return {};
}

Result<std::vector<uint8_t>> signed_timestamp_of(const nlohmann::json& item, const std::string& where) {
  if (!item.is_object() || !item.contains("signedTimestamp") || !item["signedTimestamp"].is_string())
    return make_error(ErrorCode::kCorrupt, "Sigstore bundle: " + where + ": no signedTimestamp string");
  // Line breaks are skipped, as protobuf-JSON readers (Go's base64) do: the
  // conformance suite's timestamps were pasted from `base64` output.
  std::string text = item["signedTimestamp"].get<std::string>();
  std::erase_if(text, [](char c) { return c == '\n' || c == '\r'; });
  auto der = formats::base64_decode(text);
  if (!der.ok())
    return make_error(ErrorCode::kCorrupt, "Sigstore bundle: " + where + ": " + der.error().detail);
  return der;
}

Status check_rfc3161_timestamps(const formats::SigstoreBundle& bundle, const SigningMaterial& material,
                                const BundleCheck& check, std::vector<TimePoint>& times,
                                std::vector<std::string>& evidence) {
  const auto& data = bundle.verification_material.timestamp_verification_data;
  if (!data || !data->contains("rfc3161Timestamps")) return {};
  const nlohmann::json& list = (*data)["rfc3161Timestamps"];
  if (!list.is_array())
    return make_error(ErrorCode::kCorrupt, "Sigstore bundle: rfc3161Timestamps is not an array");
  if (list.size() > kMaxTimestamps)
    return make_error(ErrorCode::kLimitExceeded, "Sigstore bundle: more than 16 RFC 3161 timestamps");
  const std::vector<uint8_t>& signature = logged_content(bundle, material, std::nullopt).signature;
  std::set<std::vector<uint8_t>> seen;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("rfc3161Timestamps[{}]", i);
    MS_ASSIGN_OR_RETURN(std::vector<uint8_t> der, signed_timestamp_of(list[i], where));
    if (!seen.insert(der).second) return bundle_rejected(where + ": the same timestamp appears twice");
    auto verified = keys::verify_rfc3161_timestamp(der, signature, check.trusted_root.timestamp_authorities);
    if (!verified.ok())
      return with_context(verified.error(), "Sigstore bundle: " + where);
    if (verified->gen_time > check.now)
      return bundle_rejected(where + ": time " + signing::format_utc(verified->gen_time) + " is in the future");
    times.push_back(verified->gen_time);
    evidence.push_back(where + ": RFC 3161 timestamp by " + verified->tsa + " verified, " +
                       signing::format_utc(verified->gen_time));
  }
  return {};
}

}  // namespace

Result<std::vector<TimePoint>> verified_times(const formats::SigstoreBundle& bundle,
                                              const SigningMaterial& material,
                                              const BundleCheck& check,
                                              std::vector<std::string>& evidence) {
  std::vector<TimePoint> times;
  MS_TRY(check_log_entries(bundle, material, check, times, evidence));
  MS_TRY(check_rfc3161_timestamps(bundle, material, check, times, evidence));
  if (times.empty())
    return bundle_rejected("no verified time: neither a signed entry timestamp nor an RFC 3161 timestamp "
                    "from a trusted authority vouches for when it was signed");
  return times;
}

}  // namespace modelseal::sigstore
