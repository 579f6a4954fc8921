#include "formats/sealed/sealed_header.hpp"

#include <algorithm>
#include <exception>
#include <initializer_list>

#include "base/hex.hpp"
#include "formats/json/strict_json.hpp"

namespace modelseal::formats {
namespace {

using nlohmann::json;
namespace sj = strict_json;

constexpr size_t kMaxDepth = 8;                // header > manifest > files > entry
constexpr size_t kMaxValues = 4u << 20;  // 1M manifest entries of 4 values each, and the rest
constexpr size_t kIdHexDigits = 32;
constexpr std::string_view kDigestPrefix = "sha256:";

constexpr sj::JsonLimits kHeaderLimits{kSealedMaxHeaderBytes, kMaxDepth, kMaxValues,
                                       kSealedMaxStringBytes};

Error corrupt(const std::string& what) {
  return make_error(ErrorCode::kCorrupt, "sealed header: " + what);
}

bool is_prefixed_id(std::string_view id, std::string_view prefix) {
  if (id.size() != prefix.size() + kIdHexDigits || id.substr(0, prefix.size()) != prefix) return false;
  return std::all_of(id.begin() + prefix.size(), id.end(), [](char c) { return hex::lower_hex_value(c) >= 0; });
}

bool has_exactly_keys(const json& object, std::initializer_list<const char*> keys) {
  if (!object.is_object() || object.size() != keys.size()) return false;
  return std::all_of(keys.begin(), keys.end(), [&](const char* k) { return object.contains(k); });
}

Result<std::string> string_field(const json& object, const char* key, std::string_view where) {
  const json& value = object.at(key);
  if (!value.is_string()) return corrupt(std::string(where) + key + " must be a string");
  return value.get<std::string>();
}

Result<Sha256Digest> prefixed_digest(const json& object, const char* key, std::string_view where) {
  MS_ASSIGN_OR_RETURN(std::string text, string_field(object, key, where));
  Sha256Digest d;
  if (text.rfind(kDigestPrefix, 0) != 0 ||
      !hex::decode_into(std::string_view(text).substr(kDigestPrefix.size()), d.bytes))
    return corrupt(std::string(where) + key + " is not sha256:<64 lowercase hex>");
  return d;
}

Status parse_bundle_field(const json& bundle, SealedHeader& out) {
  if (!has_exactly_keys(bundle, {"sha256", "size"}))
    return corrupt("bundle must be an object with exactly sha256 and size");
  MS_ASSIGN_OR_RETURN(std::string sha, string_field(bundle, "sha256", "bundle."));
  if (!hex::decode_into(sha, out.bundle_sha256.bytes))
    return corrupt("bundle.sha256 is not 64 lowercase hex digits");
  if (!bundle["size"].is_number_unsigned())
    return corrupt("bundle.size must be a non-negative integer");
  out.bundle_size = bundle["size"].get<uint64_t>();
  if (out.bundle_size == 0) return corrupt("bundle.size is 0: a bundle is never empty");
  return {};
}

Status parse_model_field(const json& model, SealedHeader& out) {
  if (!has_exactly_keys(model, {"name", "version"}))
    return corrupt("model must be an object with exactly name and version");
  MS_ASSIGN_OR_RETURN(out.model_name, string_field(model, "name", "model."));
  MS_ASSIGN_OR_RETURN(out.model_version, string_field(model, "version", "model."));
  return {};
}

// content_digest and model must repeat the manifest's.
Status check_against_manifest(const json& manifest, const SealedHeader& header) {
  if (!manifest.is_object() || !manifest.contains("content_digest") || !manifest.contains("model"))
    return corrupt("manifest must be an object with content_digest and model");
  const json& digest = manifest["content_digest"];
  if (!digest.is_string() || digest.get<std::string>() != header.content_digest_text())
    return make_error(ErrorCode::kTampered,
                      "sealed header: content_digest differs from the manifest's");
  const json& model = manifest["model"];
  const bool same_model = model.is_object() && model.contains("name") && model.contains("version") &&
                          model["name"] == header.model_name &&
                          model["version"] == header.model_version;
  if (!same_model)
    return make_error(ErrorCode::kTampered, "sealed header: model '" + header.model_name + "' '" +
                                                header.model_version +
                                                "' differs from the manifest's");
  return {};
}

Result<SealedHeader> parse_document(const json& doc) {
  if (!has_exactly_keys(doc, {"aead", "bundle", "bundle_toml", "content_digest", "format", "key_id",
                              "keystore_id", "manifest", "model", "salt"}))
    return corrupt("must be an object with exactly aead, bundle, bundle_toml, content_digest, "
                   "format, key_id, keystore_id, manifest, model and salt");
  unsigned version = 0;
  for (unsigned v : {1u, 2u})
    if (doc["format"] == sealed_format_name(v)) version = v;
  if (version == 0)
    return make_error(ErrorCode::kUnsupported, "sealed header: format " +
                                                   sj::dump(doc["format"]).substr(0, 80) + " is not " +
                                                   sealed_format_name(2) + " or " + sealed_format_name(1));
  if (doc["aead"] != kSealedAead)
    return make_error(ErrorCode::kUnsupported, "sealed header: aead " +
                                                   sj::dump(doc["aead"]).substr(0, 80) +
                                                   " is not " + std::string(kSealedAead));
  SealedHeader h;
  h.version = version;
  MS_TRY(parse_bundle_field(doc["bundle"], h));
  MS_ASSIGN_OR_RETURN(h.bundle_toml, string_field(doc, "bundle_toml", ""));
  MS_ASSIGN_OR_RETURN(h.content_digest, prefixed_digest(doc, "content_digest", ""));
  MS_ASSIGN_OR_RETURN(h.key_id, string_field(doc, "key_id", ""));
  if (!is_sealed_key_id(h.key_id)) return corrupt("key_id is not dk-<32 lowercase hex>");
  MS_ASSIGN_OR_RETURN(h.keystore_id, string_field(doc, "keystore_id", ""));
  if (!is_sealed_keystore_id(h.keystore_id))
    return corrupt("keystore_id is not ks-<32 lowercase hex>");
  MS_TRY(parse_model_field(doc["model"], h));
  MS_ASSIGN_OR_RETURN(std::string salt, string_field(doc, "salt", ""));
  if (!hex::decode_into(salt, h.salt)) return corrupt("salt is not 64 lowercase hex digits");
  MS_TRY(check_against_manifest(doc["manifest"], h));
  h.manifest_json = sj::dump(doc["manifest"]) + "\n";
  return h;
}

json to_document(const SealedHeader& h, json manifest) {
  return {{"aead", kSealedAead},
          {"bundle", {{"sha256", hex::encode(h.bundle_sha256.bytes)}, {"size", h.bundle_size}}},
          {"bundle_toml", h.bundle_toml},
          {"content_digest", h.content_digest_text()},
          {"format", sealed_format_name(h.version)},
          {"key_id", h.key_id},
          {"keystore_id", h.keystore_id},
          {"manifest", std::move(manifest)},
          {"model", {{"name", h.model_name}, {"version", h.model_version}}},
          {"salt", hex::encode(h.salt)}};
}

bool same_header(const SealedHeader& a, const SealedHeader& b) {
  return a.version == b.version && a.bundle_sha256.bytes == b.bundle_sha256.bytes &&
         a.bundle_size == b.bundle_size &&
         a.bundle_toml == b.bundle_toml && a.content_digest.bytes == b.content_digest.bytes &&
         a.key_id == b.key_id && a.keystore_id == b.keystore_id &&
         a.manifest_json == b.manifest_json && a.model_name == b.model_name &&
         a.model_version == b.model_version && a.salt == b.salt;
}

}  // namespace

std::string SealedHeader::content_digest_text() const {
  return std::string(kDigestPrefix) + hex::encode(content_digest.bytes);
}

bool is_sealed_key_id(std::string_view id) { return is_prefixed_id(id, "dk-"); }
bool is_sealed_keystore_id(std::string_view id) { return is_prefixed_id(id, "ks-"); }

std::string sealed_format_name(unsigned version) {
  return "modelseal.sealed/v" + std::to_string(version);
}

unsigned sealed_magic_version(std::span<const uint8_t> first_bytes) {
  auto starts_with = [&](std::string_view magic) {
    return first_bytes.size() >= magic.size() &&
           std::equal(magic.begin(), magic.end(), first_bytes.begin(),
                      [](char a, uint8_t b) { return static_cast<uint8_t>(a) == b; });
  };
  if (starts_with(kSealedMagicV2)) return 2;
  if (starts_with(kSealedMagicV1)) return 1;
  return 0;
}

bool has_sealed_magic(std::span<const uint8_t> first_bytes) {
  return sealed_magic_version(first_bytes) != 0;
}

Result<uint32_t> parse_sealed_prefix(std::span<const uint8_t> prefix) {
  if (prefix.size() < kSealedPrefixBytes || !has_sealed_magic(prefix))
    return corrupt("not a sealed bundle (no modelseal.sealed/v2 or v1 magic)");
  const std::span<const uint8_t> be = prefix.subspan(kSealedMagicBytes, 4);
  const uint32_t length = uint32_t{be[0]} << 24 | uint32_t{be[1]} << 16 | uint32_t{be[2]} << 8 | be[3];
  if (length == 0) return corrupt("header length is 0");
  if (length > kSealedMaxHeaderBytes)
    return make_error(ErrorCode::kLimitExceeded,
                      "sealed header: length " + std::to_string(length) + " exceeds the limit of " +
                          std::to_string(kSealedMaxHeaderBytes) + " bytes");
  return length;
}

Result<SealedHeader> parse_sealed_header(std::string_view header_json) {
  sj::StrictJson parsed = sj::parse_strict_json(header_json, kHeaderLimits);
  if (parsed.problem) {
    const ErrorCode code = sj::is_limit(parsed.problem->kind) ? ErrorCode::kLimitExceeded
                                                              : ErrorCode::kCorrupt;
    return make_error(code, "sealed header: " + parsed.problem->message + " (byte " +
                                std::to_string(parsed.problem->offset) + ")");
  }
  try {
    MS_ASSIGN_OR_RETURN(SealedHeader header, parse_document(parsed.document));
    if (sj::dump(parsed.document) != header_json)
      return corrupt("not in canonical form (sorted keys, no whitespace; specs/sealed-bundle-v1.md)");
    return header;
  } catch (const std::exception& e) {
    return corrupt(std::string("unreadable: ") + e.what());
  }
}

Result<std::string> encode_sealed_prefix(const SealedHeader& header) {
  try {
    json manifest = json::parse(header.manifest_json, nullptr, /*allow_exceptions=*/false);
    if (manifest.is_discarded())
      return make_error(ErrorCode::kInvalidArgument, "sealed header: manifest_json is not JSON");
    const std::string text = sj::dump(to_document(header, std::move(manifest)));
    if (text.size() > kSealedMaxHeaderBytes)
      return make_error(ErrorCode::kLimitExceeded, "sealed header: " + std::to_string(text.size()) +
                                                       " bytes exceed the limit");
    auto back = parse_sealed_header(text);
    if (!back.ok())
      return make_error(ErrorCode::kInvalidArgument,
                        "sealed header would not read back: " + back.error().detail);
    if (!same_header(*back, header))
      return make_error(ErrorCode::kInvalidArgument,
                        "sealed header would not read back unchanged (manifest_json not canonical?)");
    if (text.compare(kSealedBundleSha256Offset - kSealedPrefixBytes, kSealedBundleSha256HexBytes,
                     hex::encode(header.bundle_sha256.bytes)) != 0)
      return make_error(ErrorCode::kInternal, "sealed header: bundle.sha256 is not at its offset");
    const auto n = static_cast<uint32_t>(text.size());
    std::string out(header.version == 1 ? kSealedMagicV1 : kSealedMagicV2);
    for (int shift : {24, 16, 8, 0}) out += static_cast<char>((n >> shift) & 0xff);
    return out + text;
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInvalidArgument, std::string("sealed header: ") + e.what());
  }
}

}  // namespace modelseal::formats
