// Fuzzes the Rekor log-entry and body parsers: the input is read as a
// tlogEntries[] element (and its canonicalizedBody as a Rekor body),
// independently as a Rekor body, and as a Rekor v1 API log entry. Nothing may crash; what parses must keep its
// bounds, and the body check and inclusion check must reject without a
// trusted log rather than crash.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <string_view>

#include "formats/sigstore/rekor_response.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "sigstore/tlog_verify.hpp"

namespace {

using namespace modelseal;

void check_body_bounds(const formats::RekorBody& body) {
  if (body.signatures.empty() || body.signatures.size() > formats::kMaxRekorSignatures)
    std::abort();
  if (body.kind == "hashedrekord" && !body.artifact_digest) std::abort();
  if (body.kind != "hashedrekord" && !body.payload_hash) std::abort();
}

void exercise_entry(const formats::TlogEntry& entry) {
  if (entry.log_id.empty() || entry.log_id.size() > formats::kMaxLogIdBytes) std::abort();
  if (entry.canonicalized_body.size() > formats::kMaxRekorBodyBytes) std::abort();
  if (entry.inclusion_proof && entry.inclusion_proof->hashes.size() > formats::kMaxTlogProofHashes)
    std::abort();
  const std::string_view text(reinterpret_cast<const char*>(entry.canonicalized_body.data()),
                              entry.canonicalized_body.size());
  if (auto body = formats::parse_rekor_body(text, "fuzz"); body.ok()) check_body_bounds(*body);
  sigstore::LoggedContent content;
  content.signature = {1, 2, 3};
  content.verifier_der = {4, 5, 6};
  content.artifact_sha256 = std::array<uint8_t, 32>{};
  (void)sigstore::check_logged_body(entry, content);
  if (sigstore::verify_log_inclusion(entry, {}).ok()) std::abort();  // no trusted log
  if (sigstore::verify_signed_entry_timestamp(entry, {}).ok()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto entry = formats::parse_tlog_entry_text(text, "fuzz"); entry.ok()) exercise_entry(*entry);
  if (auto body = formats::parse_rekor_body(text, "fuzz"); body.ok()) check_body_bounds(*body);
  // A Rekor API entry converts only into what the bundle's entry parser accepts.
  if (auto converted = formats::tlog_entry_from_rekor_response(text, "fuzz"); converted.ok())
    if (!formats::parse_tlog_entry(*converted, "fuzz").ok()) std::abort();
  return 0;
}
