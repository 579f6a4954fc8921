// keystore.json <-> KeystoreState. The reader accepts only what the writer
// produces: exact key sets, checked values, canonical bytes.
#include <algorithm>
#include <initializer_list>
#include <set>

#include <nlohmann/json.hpp>

#include "formats/json/strict_json.hpp"
#include "formats/sigstore/base64.hpp"
#include "keystore/keystore_support.hpp"
#include "keystore/state.hpp"

namespace modelseal::keys {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "modelseal.keystore/v1";
constexpr size_t kMaxWrappedBytes = 1024;
constexpr formats::strict_json::JsonLimits kStateLimits{
    kMaxStateBytes, 8, kMaxStoredKeys * 16 + 1000, kMaxTextField};

Error corrupt_state(std::string detail) {
  return make_error(ErrorCode::kCorrupt, "keystore.json: " + std::move(detail));
}

// Every key of `keys` present in `object`, and nothing else.
Status expect_keys(const json& object, std::string_view where,
                   std::initializer_list<std::string_view> keys) {
  if (!object.is_object()) return corrupt_state(std::string(where) + " is not an object");
  for (std::string_view key : keys)
    if (!object.contains(key)) return corrupt_state(std::string(where) + " lacks \"" + std::string(key) + "\"");
  for (const auto& [key, value] : object.items())
    if (std::find(keys.begin(), keys.end(), key) == keys.end())
      return corrupt_state(std::string(where) + " has an unknown key \"" + key + "\"");
  return {};
}

Result<std::string> text_at(const json& object, const char* key, std::string_view where) {
  const json& value = object.at(key);
  if (!value.is_string() || value.get_ref<const std::string&>().size() > kMaxTextField)
    return corrupt_state(std::string(where) + "." + key + " is not a string (of at most " +
                   std::to_string(kMaxTextField) + " bytes)");
  return value.get<std::string>();
}

Result<uint64_t> count_at(const json& object, const char* key, std::string_view where,
                          uint64_t max) {
  const json& value = object.at(key);
  if (!value.is_number_unsigned() || value.get<uint64_t>() > max)
    return corrupt_state(std::string(where) + "." + key + " is not an integer in 0.." +
                   std::to_string(max));
  return value.get<uint64_t>();
}

Result<std::vector<uint8_t>> base64_at(const json& object, const char* key, std::string_view where) {
  MS_ASSIGN_OR_RETURN(std::string text, text_at(object, key, where));
  auto bytes = formats::base64_decode(text);
  if (!bytes.ok() || bytes->size() > kMaxWrappedBytes)
    return corrupt_state(std::string(where) + "." + key + " is not valid base64 of a wrapped key");
  return std::move(bytes).value();
}

Result<std::string> checked_id(const json& object, const char* key, std::string_view where,
                               std::string_view prefix) {
  MS_ASSIGN_OR_RETURN(std::string id, text_at(object, key, where));
  if (!is_random_id(id, prefix))
    return corrupt_state(std::string(where) + "." + key + " is not \"" + std::string(prefix) +
                   "<32 hex>\": \"" + id.substr(0, 80) + "\"");
  return id;
}

Result<std::string> checked_time(const json& object, const char* key, std::string_view where) {
  MS_ASSIGN_OR_RETURN(std::string time, text_at(object, key, where));
  if (!is_rfc3339_utc(time))
    return corrupt_state(std::string(where) + "." + key + " is not an RFC 3339 UTC time: \"" +
                   time.substr(0, 80) + "\"");
  return time;
}

json bundle_json(const BundleIdentity& bundle) {
  return {{"content_digest", bundle.content_digest}, {"name", bundle.name},
          {"version", bundle.version}};
}

Result<BundleIdentity> parse_bundle(const json& object, std::string_view where) {
  MS_TRY(expect_keys(object, where, {"content_digest", "name", "version"}));
  BundleIdentity bundle;
  MS_ASSIGN_OR_RETURN(bundle.content_digest, text_at(object, "content_digest", where));
  MS_ASSIGN_OR_RETURN(bundle.name, text_at(object, "name", where));
  MS_ASSIGN_OR_RETURN(bundle.version, text_at(object, "version", where));
  if (!bundle.content_digest.starts_with("sha256:") ||
      !is_lower_hex(std::string_view(bundle.content_digest).substr(7), 64))
    return corrupt_state(std::string(where) + ".content_digest is not \"sha256:<64 hex>\"");
  return bundle;
}

json wrapping_json(const Wrapping& w) {
  if (w.method == WrappingMethod::kPassphrase)
    return {{"check", formats::base64_encode(w.check)},
            {"generation", w.generation},
            {"kdf", {{"name", "scrypt"}, {"log2_n", w.log2_n}, {"p", 1}, {"r", 8},
                     {"salt", to_hex(w.salt)}}},
            {"method", "passphrase"}};
  return {{"generation", w.generation}, {"method", "pkcs11"}, {"module", w.module},
          {"object_label", w.object_label}, {"token", w.token}};
}

Result<Wrapping> parse_wrapping(const json& object, std::string_view where) {
  if (!object.is_object() || !object.contains("method") || !object.at("method").is_string())
    return corrupt_state(std::string(where) + ".method is missing");
  Wrapping w;
  std::string method = object.at("method").get<std::string>();
  if (method == "passphrase") {
    MS_TRY(expect_keys(object, where, {"check", "generation", "kdf", "method"}));
    w.method = WrappingMethod::kPassphrase;
    MS_ASSIGN_OR_RETURN(w.check, base64_at(object, "check", where));
    const json& kdf = object.at("kdf");
    std::string kdf_where = std::string(where) + ".kdf";
    MS_TRY(expect_keys(kdf, kdf_where, {"log2_n", "name", "p", "r", "salt"}));
    if (kdf.at("name") != "scrypt" || kdf.at("p") != 1 || kdf.at("r") != 8)
      return corrupt_state(kdf_where + " is not scrypt with r = 8, p = 1");
    MS_ASSIGN_OR_RETURN(uint64_t log2_n, count_at(kdf, "log2_n", kdf_where, kMaxScryptLog2N));
    if (log2_n < kMinScryptLog2N)
      return corrupt_state(kdf_where + ".log2_n is below " + std::to_string(kMinScryptLog2N));
    w.log2_n = static_cast<int>(log2_n);
    MS_ASSIGN_OR_RETURN(std::string salt, text_at(kdf, "salt", kdf_where));
    if (!is_lower_hex(salt, kSaltBytes * 2)) return corrupt_state(kdf_where + ".salt is not 64 hex");
    w.salt = hex_to_bytes(salt);
  } else if (method == "pkcs11") {
    MS_TRY(expect_keys(object, where, {"generation", "method", "module", "object_label", "token"}));
    w.method = WrappingMethod::kPkcs11;
    MS_ASSIGN_OR_RETURN(w.module, text_at(object, "module", where));
    MS_ASSIGN_OR_RETURN(w.object_label, text_at(object, "object_label", where));
    MS_ASSIGN_OR_RETURN(w.token, text_at(object, "token", where));
    if (w.module.empty() || w.token.empty())
      return corrupt_state(std::string(where) + " names no module or token");
  } else {
    return corrupt_state(std::string(where) + ".method is neither \"passphrase\" nor \"pkcs11\"");
  }
  MS_ASSIGN_OR_RETURN(uint64_t generation, count_at(object, "generation", where, UINT32_MAX));
  if (generation == 0) return corrupt_state(std::string(where) + ".generation is 0");
  w.generation = static_cast<uint32_t>(generation);
  return w;
}

json pending_json(const PendingShred& p) {
  return {{"bundle", bundle_json(p.bundle)}, {"custodians", p.custodians},
          {"key_id", p.key_id}, {"operator_key_id", p.operator_key_id},
          {"previous_wrapping", wrapping_json(p.previous)}, {"reason", p.reason},
          {"requested_at", p.requested_at}, {"sealed_file", p.sealed_file}};
}

Result<PendingShred> parse_pending(const json& object) {
  constexpr std::string_view kWhere = "pending_shred";
  MS_TRY(expect_keys(object, kWhere,
                     {"bundle", "custodians", "key_id", "operator_key_id", "previous_wrapping",
                      "reason", "requested_at", "sealed_file"}));
  PendingShred p;
  MS_ASSIGN_OR_RETURN(p.bundle, parse_bundle(object.at("bundle"), "pending_shred.bundle"));
  MS_ASSIGN_OR_RETURN(p.key_id, checked_id(object, "key_id", kWhere, "dk-"));
  MS_ASSIGN_OR_RETURN(p.operator_key_id, text_at(object, "operator_key_id", kWhere));
  MS_ASSIGN_OR_RETURN(p.previous, parse_wrapping(object.at("previous_wrapping"),
                                                 "pending_shred.previous_wrapping"));
  MS_ASSIGN_OR_RETURN(p.reason, text_at(object, "reason", kWhere));
  MS_ASSIGN_OR_RETURN(p.requested_at, checked_time(object, "requested_at", kWhere));
  MS_ASSIGN_OR_RETURN(p.sealed_file, text_at(object, "sealed_file", kWhere));
  const json& custodians = object.at("custodians");
  if (!custodians.is_array() || custodians.size() > kMaxCustodians)
    return corrupt_state("pending_shred.custodians is not an array of at most " +
                   std::to_string(kMaxCustodians) + " strings");
  for (const json& c : custodians) {
    if (!c.is_string() || c.get_ref<const std::string&>().size() > kMaxTextField)
      return corrupt_state("pending_shred.custodians holds a value that is not a string");
    p.custodians.push_back(c.get<std::string>());
  }
  return p;
}

Result<WrappedKey> parse_key(const json& object) {
  constexpr std::string_view kWhere = "keys[]";
  MS_TRY(expect_keys(object, kWhere, {"bundle", "key_id", "sealed_at", "wrapped"}));
  WrappedKey key;
  MS_ASSIGN_OR_RETURN(key.bundle, parse_bundle(object.at("bundle"), "keys[].bundle"));
  MS_ASSIGN_OR_RETURN(key.key_id, checked_id(object, "key_id", kWhere, "dk-"));
  MS_ASSIGN_OR_RETURN(key.sealed_at, checked_time(object, "sealed_at", kWhere));
  MS_ASSIGN_OR_RETURN(key.wrapped, base64_at(object, "wrapped", kWhere));
  return key;
}

Result<Tombstone> parse_tombstone(const json& object) {
  constexpr std::string_view kWhere = "shredded[]";
  MS_TRY(expect_keys(object, kWhere, {"key_id", "record", "shredded_at"}));
  Tombstone t;
  MS_ASSIGN_OR_RETURN(t.key_id, checked_id(object, "key_id", kWhere, "dk-"));
  MS_ASSIGN_OR_RETURN(t.record, text_at(object, "record", kWhere));
  MS_ASSIGN_OR_RETURN(t.shredded_at, checked_time(object, "shredded_at", kWhere));
  return t;
}

Result<KeystoreState> parse_document(const json& doc) {
  MS_TRY(expect_keys(doc, "the state",
                     {"format", "id", "keys", "log_head", "pending_shred", "shredded", "wrapping"}));
  if (doc.at("format") != kFormat) return corrupt_state("format is not \"modelseal.keystore/v1\"");
  KeystoreState state;
  MS_ASSIGN_OR_RETURN(state.id, checked_id(doc, "id", "the state", "ks-"));
  const json& keys = doc.at("keys");
  const json& shredded = doc.at("shredded");
  if (!keys.is_array() || !shredded.is_array() || keys.size() + shredded.size() > kMaxStoredKeys)
    return corrupt_state("keys and shredded must be arrays of at most " +
                   std::to_string(kMaxStoredKeys) + " entries");
  std::set<std::string> seen;
  for (const json& entry : keys) {
    MS_ASSIGN_OR_RETURN(WrappedKey key, parse_key(entry));
    if (!state.keys.empty() && state.keys.back().key_id >= key.key_id)
      return corrupt_state("keys are not sorted by key_id (or repeat one): " + key.key_id);
    seen.insert(key.key_id);
    state.keys.push_back(std::move(key));
  }
  for (const json& entry : shredded) {
    MS_ASSIGN_OR_RETURN(Tombstone t, parse_tombstone(entry));
    if (!seen.insert(t.key_id).second)
      return corrupt_state(t.key_id + " is listed twice (live and shredded, or shredded twice)");
    state.shredded.push_back(std::move(t));
  }
  const json& head = doc.at("log_head");
  MS_TRY(expect_keys(head, "log_head", {"seq", "sha256"}));
  MS_ASSIGN_OR_RETURN(state.log_head.seq, count_at(head, "seq", "log_head", UINT64_MAX >> 1));
  MS_ASSIGN_OR_RETURN(state.log_head.sha256, text_at(head, "sha256", "log_head"));
  if (!is_lower_hex(state.log_head.sha256, 64)) return corrupt_state("log_head.sha256 is not 64 hex");
  if (!doc.at("pending_shred").is_null()) {
    MS_ASSIGN_OR_RETURN(PendingShred pending, parse_pending(doc.at("pending_shred")));
    state.pending_shred = std::move(pending);
  }
  MS_ASSIGN_OR_RETURN(state.wrapping, parse_wrapping(doc.at("wrapping"), "wrapping"));
  if (state.wrapping.method == WrappingMethod::kPkcs11 &&
      state.wrapping.object_label != object_label_for(state.id, state.wrapping.generation))
    return corrupt_state("wrapping.object_label is not \"" +
                   object_label_for(state.id, state.wrapping.generation) + "\"");
  return state;
}

}  // namespace

const WrappedKey* KeystoreState::find_key(std::string_view key_id) const {
  for (const WrappedKey& key : keys)
    if (key.key_id == key_id) return &key;
  return nullptr;
}

const Tombstone* KeystoreState::find_tombstone(std::string_view key_id) const {
  for (const Tombstone& t : shredded)
    if (t.key_id == key_id) return &t;
  return nullptr;
}

std::string object_label_for(std::string_view keystore_id, uint32_t generation) {
  return "modelseal " + std::string(keystore_id) + " g" + std::to_string(generation);
}

Result<std::string> serialize_state(const KeystoreState& state) {
  json keys = json::array();
  for (const WrappedKey& key : state.keys)
    keys.push_back({{"bundle", bundle_json(key.bundle)}, {"key_id", key.key_id},
                    {"sealed_at", key.sealed_at}, {"wrapped", formats::base64_encode(key.wrapped)}});
  json shredded = json::array();
  for (const Tombstone& t : state.shredded)
    shredded.push_back({{"key_id", t.key_id}, {"record", t.record}, {"shredded_at", t.shredded_at}});
  json doc = {{"format", kFormat},
              {"id", state.id},
              {"keys", std::move(keys)},
              {"log_head", {{"seq", state.log_head.seq}, {"sha256", state.log_head.sha256}}},
              {"pending_shred", state.pending_shred ? pending_json(*state.pending_shred) : json()},
              {"shredded", std::move(shredded)},
              {"wrapping", wrapping_json(state.wrapping)}};
  try {
    return doc.dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
  } catch (const json::exception&) {
    return make_error(ErrorCode::kInvalidArgument,
                      "keystore state holds text that is not valid UTF-8");
  }
}

Result<KeystoreState> parse_state(std::string_view text) {
  if (text.empty() || text.back() != '\n') return corrupt_state("does not end with a newline");
  std::string_view body = text.substr(0, text.size() - 1);
  auto parsed = formats::strict_json::parse_strict_json(body, kStateLimits);
  if (parsed.problem) return corrupt_state("not valid JSON: " + parsed.problem->message);
  try {
    MS_ASSIGN_OR_RETURN(KeystoreState state, parse_document(parsed.document));
    MS_ASSIGN_OR_RETURN(std::string again, serialize_state(state));
    if (again != text) return corrupt_state("not in canonical form");
    return state;
  } catch (const json::exception& e) {
    return corrupt_state(std::string("unexpected value: ") + e.what());
  }
}

}  // namespace modelseal::keys
