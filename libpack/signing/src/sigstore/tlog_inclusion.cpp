// verify_signed_entry_timestamp and verify_log_inclusion: the log vouches for
// the entry (notes steps 1 (SET), 5 and 6).
#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "formats/sigstore/base64.hpp"
#include "transparency/checkpoint.hpp"
#include "transparency/merkle.hpp"
#include "modelseal/keys.hpp"
#include "sigstore/tlog_verify.hpp"

namespace modelseal::sigstore {
namespace {

using formats::TransparencyLogInstance;

Error corrupt_log_entry(std::string_view what) {
  return make_error(ErrorCode::kCorrupt, "Rekor log entry: " + std::string(what));
}

std::string to_hex(std::span<const uint8_t> bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  for (uint8_t b : bytes) {
    out.push_back(kDigits[b >> 4]);
    out.push_back(kDigits[b & 0xf]);
  }
  return out;
}

std::vector<const TransparencyLogInstance*> logs_with_id(
    const formats::TlogEntry& entry, std::span<const TransparencyLogInstance> tlogs) {
  std::vector<const TransparencyLogInstance*> out;
  for (const auto& log : tlogs)
    if (log.log_id == entry.log_id) out.push_back(&log);
  return out;
}

// The canonical JSON (RFC 8785) the SET signs; every value is ASCII without
// characters JSON escapes, and the keys are written in sorted order.
std::string set_payload(const formats::TlogEntry& entry) {
  return "{\"body\":\"" + formats::base64_encode(entry.canonicalized_body) +
         "\",\"integratedTime\":" + std::to_string(*entry.integrated_time) + ",\"logID\":\"" +
         to_hex(entry.log_id) + "\",\"logIndex\":" + std::to_string(entry.log_index) + "}";
}

Sha256Digest to_digest(const formats::Sha256Bytes& bytes) {
  Sha256Digest d;
  d.bytes = bytes;
  return d;
}

Result<std::vector<keys::CheckpointKey>> checkpoint_keys(
    const std::vector<const TransparencyLogInstance*>& logs) {
  std::vector<keys::CheckpointKey> out;
  for (const TransparencyLogInstance* log : logs) {
    auto key = keys::CheckpointKey::create(keys::checkpoint_name_from_base_url(log->base_url),
                                           log->public_key_der);
    if (key.ok()) out.push_back(std::move(key).value());
  }
  if (out.empty()) return log_entry_tampered("no usable checkpoint key for the entry's log");
  return out;
}

}  // namespace

Result<std::chrono::system_clock::time_point> verify_signed_entry_timestamp(
    const formats::TlogEntry& entry, std::span<const TransparencyLogInstance> tlogs) {
  if (!entry.integrated_time) return corrupt_log_entry("has no integratedTime");
  if (!entry.signed_entry_timestamp) return corrupt_log_entry("has no signed entry timestamp");
  if (*entry.integrated_time < 0 || *entry.integrated_time > formats::kMaxIntegratedTime)
    return corrupt_log_entry("integratedTime is out of range");
  const auto logs = logs_with_id(entry, tlogs);
  if (logs.empty())
    return log_entry_tampered("log id " + to_hex(entry.log_id) + " is not a trusted transparency log");
  const auto time =
      std::chrono::system_clock::time_point(std::chrono::seconds(*entry.integrated_time));
  const std::string payload = set_payload(entry);
  const std::span<const uint8_t> message(reinterpret_cast<const uint8_t*>(payload.data()),
                                         payload.size());
  bool in_validity = false;
  for (const TransparencyLogInstance* log : logs) {
    if (!log->valid_for.contains(time)) continue;
    in_validity = true;
    auto key = keys::PublicKey::from_der(log->public_key_der);
    if (key.ok() && key->verify(message, *entry.signed_entry_timestamp).ok()) return time;
  }
  if (!in_validity)
    return log_entry_tampered("integratedTime " + std::to_string(*entry.integrated_time) +
                    " is outside the validity of log " + to_hex(entry.log_id));
  return log_entry_tampered("signed entry timestamp does not verify");
}

Status verify_log_inclusion(const formats::TlogEntry& entry,
                            std::span<const TransparencyLogInstance> tlogs) {
  if (!entry.inclusion_proof) return corrupt_log_entry("has no inclusion proof");
  const formats::TlogInclusionProof& proof = *entry.inclusion_proof;
  if (!proof.checkpoint) return corrupt_log_entry("inclusion proof has no checkpoint");
  const auto logs = logs_with_id(entry, tlogs);
  if (logs.empty())
    return log_entry_tampered("log id " + to_hex(entry.log_id) + " is not a trusted transparency log");
  MS_ASSIGN_OR_RETURN(auto keys, checkpoint_keys(logs));
  auto checkpoint = keys::verify_checkpoint(*proof.checkpoint, keys);
  if (!checkpoint.ok())
    return with_context(checkpoint.error(), "Rekor log entry");
  if (checkpoint->size != proof.tree_size)
    return log_entry_tampered("checkpoint size " + std::to_string(checkpoint->size) +
                    " differs from the proof's treeSize " + std::to_string(proof.tree_size));
  if (!digests_equal(checkpoint->root_hash, to_digest(proof.root_hash)))
    return log_entry_tampered("checkpoint root hash differs from the proof's rootHash");
  MS_ASSIGN_OR_RETURN(Sha256Digest leaf, keys::merkle_leaf_hash(entry.canonicalized_body));
  std::vector<Sha256Digest> hashes;
  hashes.reserve(proof.hashes.size());
  for (const auto& h : proof.hashes) hashes.push_back(to_digest(h));
  auto included = keys::verify_inclusion(leaf, proof.log_index, proof.tree_size, hashes,
                                         to_digest(proof.root_hash));
  if (!included.ok())
    return with_context(included.error(), "Rekor log entry");
  return {};
}

}  // namespace modelseal::sigstore
