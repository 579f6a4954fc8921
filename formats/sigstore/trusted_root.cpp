// Sigstore trusted root parser (grammar in trusted_root.hpp).
#include "formats/sigstore/trusted_root.hpp"

#include <string>
#include <utility>

#include "formats/sigstore/base64.hpp"
#include "formats/sigstore/json_reader.hpp"
#include "formats/text/quote.hpp"

namespace modelseal::formats {

namespace {

using nlohmann::json;
using json_reader::Context;
using json_reader::item_path;
using json_reader::member_path;

// The member `key`, or nullptr when absent or null (protobuf JSON writes
// unset optional fields either way).
const json* member(const json& object, std::string_view key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

Result<const json*> required(const json& object, std::string_view key, std::string_view path,
                             const Context& ctx) {
  const json* value = member(object, key);
  if (value == nullptr) return ctx.corrupt(member_path(path, key), "is missing");
  return value;
}

Status expect_object(const json& value, std::string_view path, const Context& ctx) {
  if (!value.is_object()) return ctx.corrupt(path, "must be an object");
  return {};
}

Result<std::string> as_string(const json& value, std::string_view path, const Context& ctx) {
  if (!value.is_string()) return ctx.corrupt(path, "must be a string");
  const auto& s = value.get_ref<const std::string&>();
  if (s.size() > kMaxTrustedRootString)
    return ctx.limit(path, "is longer than " + std::to_string(kMaxTrustedRootString) + " bytes");
  return s;
}

Result<std::string> required_string(const json& object, std::string_view key,
                                    std::string_view path, const Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* value, required(object, key, path, ctx));
  return as_string(*value, member_path(path, key), ctx);
}

Result<std::string> optional_string(const json& object, std::string_view key,
                                    std::string_view path, const Context& ctx) {
  const json* value = member(object, key);
  if (value == nullptr) return std::string();
  return as_string(*value, member_path(path, key), ctx);
}

Result<std::vector<uint8_t>> required_bytes(const json& object, std::string_view key,
                                            std::string_view path, const Context& ctx) {
  const std::string where = member_path(path, key);
  MS_ASSIGN_OR_RETURN(const json* value, required(object, key, path, ctx));
  if (!value->is_string()) return ctx.corrupt(where, "must be a base64 string");
  auto bytes = base64_decode(value->get_ref<const std::string&>());
  if (!bytes.ok()) return ctx.corrupt(where, bytes.error().detail);
  if (bytes->empty()) return ctx.corrupt(where, "is empty");
  return std::move(bytes).value();
}

// The array `key` (absent or null: empty), at most `max_items` long.
Result<const json*> optional_array(const json& object, std::string_view key,
                                   std::string_view path, size_t max_items, const Context& ctx) {
  static const json kEmpty = json::array();
  const json* value = member(object, key);
  if (value == nullptr) return &kEmpty;
  const std::string where = member_path(path, key);
  if (!value->is_array()) return ctx.corrupt(where, "must be an array");
  if (value->size() > max_items)
    return ctx.limit(where, "has more than " + std::to_string(max_items) + " items");
  return value;
}

Result<TimePoint> required_time(const json& object, std::string_view key, std::string_view path,
                                const Context& ctx) {
  MS_ASSIGN_OR_RETURN(std::string text, required_string(object, key, path, ctx));
  auto time = parse_rfc3339(text);
  if (!time.ok()) return ctx.corrupt(member_path(path, key), time.error().detail);
  return *time;
}

Result<ValidityWindow> parse_validity(const json& object, std::string_view path,
                                      const Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* range, required(object, "validFor", path, ctx));
  const std::string where = member_path(path, "validFor");
  MS_TRY(expect_object(*range, where, ctx));
  ValidityWindow window;
  MS_ASSIGN_OR_RETURN(window.start, required_time(*range, "start", where, ctx));
  if (member(*range, "end") != nullptr) {
    MS_ASSIGN_OR_RETURN(window.end, required_time(*range, "end", where, ctx));
    if (*window.end < window.start) return ctx.corrupt(where, "ends before it starts");
  }
  return window;
}

Result<TransparencyLogInstance> parse_log(const json& value, const std::string& path,
                                          const Context& ctx) {
  MS_TRY(expect_object(value, path, ctx));
  TransparencyLogInstance log;
  MS_ASSIGN_OR_RETURN(log.base_url, required_string(value, "baseUrl", path, ctx));
  MS_ASSIGN_OR_RETURN(log.hash_algorithm, required_string(value, "hashAlgorithm", path, ctx));
  MS_ASSIGN_OR_RETURN(const json* key, required(value, "publicKey", path, ctx));
  const std::string key_path = member_path(path, "publicKey");
  MS_TRY(expect_object(*key, key_path, ctx));
  MS_ASSIGN_OR_RETURN(log.public_key_der, required_bytes(*key, "rawBytes", key_path, ctx));
  MS_ASSIGN_OR_RETURN(log.key_details, required_string(*key, "keyDetails", key_path, ctx));
  MS_ASSIGN_OR_RETURN(log.valid_for, parse_validity(*key, key_path, ctx));
  MS_ASSIGN_OR_RETURN(const json* log_id, required(value, "logId", path, ctx));
  const std::string id_path = member_path(path, "logId");
  MS_TRY(expect_object(*log_id, id_path, ctx));
  MS_ASSIGN_OR_RETURN(log.log_id, required_bytes(*log_id, "keyId", id_path, ctx));
  return log;
}

Result<CertificateAuthority> parse_authority(const json& value, const std::string& path,
                                             const Context& ctx) {
  MS_TRY(expect_object(value, path, ctx));
  CertificateAuthority ca;
  if (const json* subject = member(value, "subject")) {
    const std::string subject_path = member_path(path, "subject");
    MS_TRY(expect_object(*subject, subject_path, ctx));
    MS_ASSIGN_OR_RETURN(ca.organization, optional_string(*subject, "organization", subject_path, ctx));
    MS_ASSIGN_OR_RETURN(ca.common_name, optional_string(*subject, "commonName", subject_path, ctx));
  }
  MS_ASSIGN_OR_RETURN(ca.uri, optional_string(value, "uri", path, ctx));
  MS_ASSIGN_OR_RETURN(const json* chain, required(value, "certChain", path, ctx));
  const std::string chain_path = member_path(path, "certChain");
  MS_TRY(expect_object(*chain, chain_path, ctx));
  MS_ASSIGN_OR_RETURN(const json* certs, optional_array(*chain, "certificates", chain_path,
                                                        kMaxTrustedRootChainCertificates, ctx));
  const std::string certs_path = member_path(chain_path, "certificates");
  if (certs->empty()) return ctx.corrupt(certs_path, "has no certificates");
  for (size_t i = 0; i < certs->size(); ++i) {
    const std::string cert_path = item_path(certs_path, i);
    MS_TRY(expect_object((*certs)[i], cert_path, ctx));
    MS_ASSIGN_OR_RETURN(auto der, required_bytes((*certs)[i], "rawBytes", cert_path, ctx));
    ca.cert_chain.push_back(std::move(der));
  }
  MS_ASSIGN_OR_RETURN(ca.valid_for, parse_validity(value, path, ctx));
  return ca;
}

template <class T, class ParseItem>
Status parse_list(const json& root, std::string_view key, std::vector<T>& out,
                  ParseItem parse_item, const Context& ctx) {
  MS_ASSIGN_OR_RETURN(const json* items, optional_array(root, key, "", kMaxTrustedRootEntries, ctx));
  for (size_t i = 0; i < items->size(); ++i) {
    MS_ASSIGN_OR_RETURN(T item, parse_item((*items)[i], item_path(std::string(key), i), ctx));
    out.push_back(std::move(item));
  }
  return {};
}

}  // namespace

Result<TrustedRoot> parse_trusted_root(std::string_view text, std::string_view source) {
  const Context ctx(source, "trusted root");
  MS_ASSIGN_OR_RETURN(json document,
                      json_reader::parse(text, kMaxTrustedRootBytes, kMaxTrustedRootJsonDepth, ctx));
  MS_TRY(expect_object(document, "", ctx));
  TrustedRoot root;
  MS_ASSIGN_OR_RETURN(root.media_type, required_string(document, "mediaType", "", ctx));
  if (root.media_type != kTrustedRootMediaTypeV01 && root.media_type != kTrustedRootMediaTypeV02)
    return ctx.error(ErrorCode::kUnsupported, "mediaType",
                     "unknown media type " + quote(root.media_type));
  MS_TRY(parse_list(document, "tlogs", root.tlogs, parse_log, ctx));
  MS_TRY(parse_list(document, "ctlogs", root.ctlogs, parse_log, ctx));
  MS_TRY(parse_list(document, "certificateAuthorities", root.certificate_authorities,
                    parse_authority, ctx));
  MS_TRY(parse_list(document, "timestampAuthorities", root.timestamp_authorities,
                    parse_authority, ctx));
  return root;
}

}  // namespace modelseal::formats
