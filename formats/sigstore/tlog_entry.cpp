// parse_tlog_entry: the entry grammar in tlog_entry.hpp, field by field.
#include "formats/sigstore/tlog_entry.hpp"

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/json_reader.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
namespace sj = json_reader;

constexpr std::string_view kEntryKind = "Rekor log entry";
constexpr size_t kMaxEntryJsonDepth = 8;
constexpr size_t kMaxInt64Digits = 19;

// protobuf-JSON int64: a decimal string ("123", no sign, no leading zeros) or
// a JSON integer, within 0..max.
Result<int64_t> get_int64(const json& object, std::string_view key, std::string_view path,
                          int64_t max, const sj::Context& ctx) {
  const std::string where = sj::member_path(path, key);
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  int64_t value = -1;
  if (it->is_number_unsigned()) {
    const uint64_t u = it->get<uint64_t>();
    if (u <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
      value = static_cast<int64_t>(u);
  } else if (it->is_number_integer()) {
    value = it->get<int64_t>();
  } else if (it->is_string()) {
    const auto& s = it->get_ref<const std::string&>();
    const bool canonical =
        !s.empty() && s.size() <= kMaxInt64Digits &&
        std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
        (s.size() == 1 || s[0] != '0');
    if (!canonical) return ctx.corrupt(where, "must be a decimal integer string");
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || end != s.data() + s.size()) value = -1;
  } else {
    return ctx.corrupt(where, "must be an integer or a decimal string");
  }
  if (value < 0 || value > max)
    return ctx.corrupt(where, "is out of range 0.." + std::to_string(max));
  return value;
}

Result<std::vector<uint8_t>> get_bounded_base64(const json& object, std::string_view key,
                                                std::string_view path, size_t max_bytes,
                                                const sj::Context& ctx) {
  const std::string where = sj::member_path(path, key);
  const size_t max_text = (max_bytes + 2) / 3 * 4;
  MS_ASSIGN_OR_RETURN(std::string text, sj::get_string(object, key, path, max_text, ctx));
  if (text.empty()) return ctx.corrupt(where, "is empty");
  auto bytes = base64_decode(text);
  if (!bytes.ok()) return ctx.error(bytes.error().code, where, bytes.error().detail);
  if (bytes->size() > max_bytes)
    return ctx.limit(where, "is longer than " + std::to_string(max_bytes) + " bytes");
  return std::move(bytes).value();
}

Result<Sha256Bytes> to_sha256(const std::vector<uint8_t>& bytes, const std::string& where,
                              const sj::Context& ctx) {
  if (bytes.size() != 32)
    return ctx.corrupt(where, "must be 32 bytes, not " + std::to_string(bytes.size()));
  Sha256Bytes out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

Result<std::vector<Sha256Bytes>> parse_proof_hashes(const json& proof, const std::string& path,
                                                    const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* hashes,
                      sj::get_array(proof, "hashes", path, kMaxTlogProofHashes, ctx));
  std::vector<Sha256Bytes> out;
  const std::string hashes_path = sj::member_path(path, "hashes");
  for (size_t i = 0; i < hashes->size(); ++i) {
    const std::string where = sj::item_path(hashes_path, i);
    const json& item = (*hashes)[i];
    if (!item.is_string()) return ctx.corrupt(where, "must be a string");
    auto bytes = base64_decode(item.get_ref<const std::string&>());
    if (!bytes.ok()) return ctx.error(bytes.error().code, where, bytes.error().detail);
    MS_ASSIGN_OR_RETURN(Sha256Bytes hash, to_sha256(*bytes, where, ctx));
    out.push_back(hash);
  }
  return out;
}

Result<TlogInclusionProof> parse_inclusion_proof(const json& entry, const sj::Context& ctx) {
  const std::string path = "inclusionProof";
  MS_ASSIGN_OR_RETURN(const json* proof, sj::get_object(entry, "inclusionProof", "", ctx));
  MS_TRY(sj::check_object(*proof, {"logIndex", "rootHash", "treeSize", "hashes", "checkpoint"},
                          path, ctx));
  const int64_t max = std::numeric_limits<int64_t>::max();
  TlogInclusionProof out;
  MS_ASSIGN_OR_RETURN(const int64_t index, get_int64(*proof, "logIndex", path, max, ctx));
  MS_ASSIGN_OR_RETURN(const int64_t size, get_int64(*proof, "treeSize", path, max, ctx));
  out.log_index = static_cast<uint64_t>(index);
  out.tree_size = static_cast<uint64_t>(size);
  MS_ASSIGN_OR_RETURN(auto root, get_bounded_base64(*proof, "rootHash", path, 32, ctx));
  MS_ASSIGN_OR_RETURN(out.root_hash, to_sha256(root, path + ".rootHash", ctx));
  MS_ASSIGN_OR_RETURN(out.hashes, parse_proof_hashes(*proof, path, ctx));
  if (proof->contains("checkpoint")) {
    const std::string cp_path = path + ".checkpoint";
    MS_ASSIGN_OR_RETURN(const json* cp, sj::get_object(*proof, "checkpoint", path, ctx));
    MS_TRY(sj::check_object(*cp, {"envelope"}, cp_path, ctx));
    MS_ASSIGN_OR_RETURN(out.checkpoint,
                        sj::get_string(*cp, "envelope", cp_path, kMaxCheckpointEnvelopeBytes, ctx));
  }
  return out;
}

Status parse_kind_version(const json& entry, TlogEntry& out, const sj::Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* kv, sj::get_object(entry, "kindVersion", "", ctx));
  MS_TRY(sj::check_object(*kv, {"kind", "version"}, "kindVersion", ctx));
  MS_ASSIGN_OR_RETURN(out.kind,
                      sj::get_string(*kv, "kind", "kindVersion", kMaxTlogShortString, ctx));
  MS_ASSIGN_OR_RETURN(out.version,
                      sj::get_string(*kv, "version", "kindVersion", kMaxTlogShortString, ctx));
  return {};
}

Status parse_optional_parts(const json& entry, TlogEntry& out, const sj::Context& ctx) {
  if (entry.contains("integratedTime")) {
    MS_ASSIGN_OR_RETURN(out.integrated_time,
                        get_int64(entry, "integratedTime", "", kMaxIntegratedTime, ctx));
  }
  if (entry.contains("inclusionPromise")) {
    MS_ASSIGN_OR_RETURN(const json* promise, sj::get_object(entry, "inclusionPromise", "", ctx));
    MS_TRY(sj::check_object(*promise, {"signedEntryTimestamp"}, "inclusionPromise", ctx));
    MS_ASSIGN_OR_RETURN(out.signed_entry_timestamp,
                        get_bounded_base64(*promise, "signedEntryTimestamp", "inclusionPromise",
                                           kMaxTlogShortString, ctx));
  }
  if (entry.contains("inclusionProof")) {
    MS_ASSIGN_OR_RETURN(out.inclusion_proof, parse_inclusion_proof(entry, ctx));
  }
  return {};
}

}  // namespace

Result<TlogEntry> parse_tlog_entry(const json& entry, std::string_view source) {
  const sj::Context ctx(source, kEntryKind);
  MS_TRY(sj::check_object(entry,
                          {"logIndex", "logId", "kindVersion", "integratedTime", "inclusionPromise",
                           "inclusionProof", "canonicalizedBody"},
                          "", ctx));
  TlogEntry out;
  MS_ASSIGN_OR_RETURN(const int64_t index,
                      get_int64(entry, "logIndex", "", std::numeric_limits<int64_t>::max(), ctx));
  out.log_index = static_cast<uint64_t>(index);
  MS_ASSIGN_OR_RETURN(const json* log_id, sj::get_object(entry, "logId", "", ctx));
  MS_TRY(sj::check_object(*log_id, {"keyId"}, "logId", ctx));
  MS_ASSIGN_OR_RETURN(out.log_id,
                      get_bounded_base64(*log_id, "keyId", "logId", kMaxLogIdBytes, ctx));
  MS_TRY(parse_kind_version(entry, out, ctx));
  MS_TRY(parse_optional_parts(entry, out, ctx));
  MS_ASSIGN_OR_RETURN(out.canonicalized_body,
                      get_bounded_base64(entry, "canonicalizedBody", "", kMaxRekorBodyBytes, ctx));
  return out;
}

Result<TlogEntry> parse_tlog_entry_text(std::string_view text, std::string_view source) {
  const sj::Context ctx(source, kEntryKind);
  MS_ASSIGN_OR_RETURN(json doc, sj::parse(text, kMaxTlogEntryJsonBytes, kMaxEntryJsonDepth, ctx));
  return parse_tlog_entry(doc, source);
}

}  // namespace modelseal::formats
