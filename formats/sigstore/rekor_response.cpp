#include "formats/sigstore/rekor_response.hpp"

#include <cstdint>
#include <limits>
#include <string>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/json_reader.hpp"
#include "formats/sigstore/tlog_entry.hpp"
#include "modelseal/digest.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
namespace sj = json_reader;

constexpr std::string_view kKind = "Rekor API log entry";
constexpr size_t kMaxResponseDepth = 8;
constexpr size_t kMaxCheckpointText = size_t{64} << 10;

Result<int64_t> get_integer(const json& object, std::string_view key, std::string_view path,
                            const sj::Context& ctx) {
  const std::string where = sj::member_path(path, key);
  const auto it = object.find(key);
  if (it == object.end()) return ctx.corrupt(where, "is missing");
  if (!it->is_number_unsigned() ||
      it->get<uint64_t>() > static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))
    return ctx.corrupt(where, "must be an integer from 0 to 2^63-1");
  return static_cast<int64_t>(it->get<uint64_t>());
}

// A hex SHA-256 as the bundle's base64.
Result<std::string> hex_digest_as_base64(const json& value, const std::string& where,
                                         const sj::Context& ctx) {
  auto digest = value.is_string() ? Sha256Digest::from_hex(value.get_ref<const std::string&>())
                                  : std::nullopt;
  if (!digest) return ctx.corrupt(where, "must be 64 lower-case hex digits");
  return base64_encode(digest->bytes);
}

Result<json> convert_proof(const json& proof, const std::string& path, const sj::Context& ctx) {
  MS_TRY(sj::check_object(proof, {"checkpoint", "hashes", "logIndex", "rootHash", "treeSize"}, path, ctx));
  MS_ASSIGN_OR_RETURN(std::string checkpoint,
                      sj::get_string(proof, "checkpoint", path, kMaxCheckpointText, ctx));
  MS_ASSIGN_OR_RETURN(const json* hashes,
                      sj::get_array(proof, "hashes", path, kMaxTlogProofHashes, ctx));
  json out_hashes = json::array();
  for (size_t i = 0; i < hashes->size(); ++i) {
    MS_ASSIGN_OR_RETURN(std::string h, hex_digest_as_base64((*hashes)[i],
                                                            sj::item_path(sj::member_path(path, "hashes"), i), ctx));
    out_hashes.push_back(h);
  }
  MS_ASSIGN_OR_RETURN(int64_t index, get_integer(proof, "logIndex", path, ctx));
  MS_ASSIGN_OR_RETURN(int64_t size, get_integer(proof, "treeSize", path, ctx));
  MS_ASSIGN_OR_RETURN(std::string root,
                      hex_digest_as_base64(proof["rootHash"], sj::member_path(path, "rootHash"), ctx));
  return json{{"logIndex", std::to_string(index)},
              {"rootHash", root},
              {"treeSize", std::to_string(size)},
              {"hashes", out_hashes},
              {"checkpoint", {{"envelope", checkpoint}}}};
}

Result<json> convert_entry(const json& entry, const std::string& path, std::string_view source,
                           const sj::Context& ctx) {
  MS_TRY(sj::check_object(entry, {"body", "integratedTime", "logID", "logIndex", "attestation", "verification"},
                          path, ctx));
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> body, sj::get_base64(entry, "body", path, false, ctx));
  const std::string_view body_text(reinterpret_cast<const char*>(body.data()), body.size());
  MS_ASSIGN_OR_RETURN(RekorBody parsed, parse_rekor_body(body_text, source));
  MS_ASSIGN_OR_RETURN(int64_t integrated_time, get_integer(entry, "integratedTime", path, ctx));
  MS_ASSIGN_OR_RETURN(int64_t log_index, get_integer(entry, "logIndex", path, ctx));
  if (!entry.contains("logID")) return ctx.corrupt(sj::member_path(path, "logID"), "is missing");
  MS_ASSIGN_OR_RETURN(std::string log_id,
                      hex_digest_as_base64(entry["logID"], sj::member_path(path, "logID"), ctx));
  const std::string vpath = sj::member_path(path, "verification");
  MS_ASSIGN_OR_RETURN(const json* verification, sj::get_object(entry, "verification", path, ctx));
  MS_TRY(sj::check_object(*verification, {"inclusionProof", "signedEntryTimestamp"}, vpath, ctx));
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> set,
                      sj::get_base64(*verification, "signedEntryTimestamp", vpath, false, ctx));
  MS_ASSIGN_OR_RETURN(const json* proof, sj::get_object(*verification, "inclusionProof", vpath, ctx));
  MS_ASSIGN_OR_RETURN(json converted_proof,
                      convert_proof(*proof, sj::member_path(vpath, "inclusionProof"), ctx));
  return json{{"logIndex", std::to_string(log_index)},
              {"logId", {{"keyId", log_id}}},
              {"kindVersion", {{"kind", parsed.kind}, {"version", parsed.api_version}}},
              {"integratedTime", std::to_string(integrated_time)},
              {"inclusionPromise", {{"signedEntryTimestamp", base64_encode(set)}}},
              {"inclusionProof", converted_proof},
              {"canonicalizedBody", base64_encode(body)}};
}

}  // namespace

Result<json> tlog_entry_from_rekor_response(std::string_view text, std::string_view source) {
  const sj::Context ctx(source, kKind);
  MS_ASSIGN_OR_RETURN(json doc, sj::parse(text, kMaxTlogEntryJsonBytes, kMaxResponseDepth, ctx));
  if (!doc.is_object() || doc.size() != 1)
    return ctx.corrupt("", "must be an object with exactly one member (the entry's UUID)");
  const std::string& uuid = doc.begin().key();
  const json& entry = doc.begin().value();
  if (!entry.is_object()) return ctx.corrupt(sj::member_path("", uuid), "must be an object");
  MS_ASSIGN_OR_RETURN(json converted, convert_entry(entry, sj::member_path("", uuid), source, ctx));
  MS_TRY(parse_tlog_entry(converted, source));
  return converted;
}

}  // namespace modelseal::formats
