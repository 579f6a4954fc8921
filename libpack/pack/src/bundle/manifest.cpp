#include "bundle/manifest.hpp"

#include <nlohmann/json.hpp>

#include "tree/parallel_hash.hpp"
#include "tree/path_rules.hpp"

namespace modelseal::bundle {
namespace {

using nlohmann::json;
constexpr size_t kMaxJsonDepth = 8;
constexpr std::string_view kDigestPrefix = "sha256:";

Error invalid(std::string_view source, const std::string& what) {
  return make_error(ErrorCode::kCorrupt, std::string(source) + ": invalid manifest: " + what);
}

// Nesting depth outside strings, checked before handing bytes to the parser.
size_t json_depth(std::string_view text) {
  size_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '{' || c == '[') {
      max_depth = std::max(max_depth, ++depth);
    } else if ((c == '}' || c == ']') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

bool has_exactly_keys(const json& object, std::initializer_list<const char*> keys) {
  if (!object.is_object() || object.size() != keys.size()) return false;
  for (const char* k : keys)
    if (!object.contains(k)) return false;
  return true;
}

Result<FileRecord> parse_entry(const json& entry, std::string_view source, size_t index) {
  std::string where = "files[" + std::to_string(index) + "]";
  if (!has_exactly_keys(entry, {"path", "sha256", "size"}))
    return invalid(source, where + " must have exactly path, sha256 and size");
  if (!entry["path"].is_string() || !entry["sha256"].is_string() ||
      !entry["size"].is_number_unsigned())
    return invalid(source, where + " has a field of the wrong type");
  FileRecord record;
  record.path = entry["path"].get<std::string>();
  if (auto valid = tree::validate_relative_path(record.path); !valid.ok())
    return invalid(source, where + ": " + valid.error().detail);
  auto digest = Sha256Digest::from_hex(entry["sha256"].get<std::string>());
  if (!digest) return invalid(source, where + ".sha256 is not 64 lowercase hex digits");
  record.sha256 = *digest;
  record.size = entry["size"].get<uint64_t>();
  return record;
}

}  // namespace

std::string serialize_manifest(const Manifest& manifest) {
  json files = json::array();
  for (const FileRecord& f : manifest.files)
    files.push_back({{"path", f.path}, {"sha256", f.sha256.hex()}, {"size", f.size}});
  json doc = {{"content_digest", manifest.content_digest.prefixed()},
              {"files", std::move(files)},
              {"format", kBundleFormat},
              {"model", {{"name", manifest.name}, {"version", manifest.version}}},
              {"payload_encoding", "none"}};
  return doc.dump(-1, ' ', false, json::error_handler_t::strict) + "\n";
}

Result<Manifest> parse_manifest(std::string_view text, std::string_view source,
                                const ReadLimits& limits) {
  if (text.size() > limits.max_manifest_bytes)
    return make_error(ErrorCode::kLimitExceeded, std::string(source) + ": manifest too large");
  if (json_depth(text) > kMaxJsonDepth) return invalid(source, "nested too deep");
  json doc = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (doc.is_discarded()) return invalid(source, "not valid JSON");
  if (!has_exactly_keys(doc, {"content_digest", "files", "format", "model", "payload_encoding"}))
    return invalid(source, "top level must have exactly content_digest, files, format, model, "
                           "payload_encoding");
  if (doc["format"] != kBundleFormat)
    return make_error(ErrorCode::kUnsupported,
                      std::string(source) + ": unsupported bundle format (expected " +
                          kBundleFormat + ")");
  if (doc["payload_encoding"] != "none")
    return make_error(ErrorCode::kUnsupported,
                      std::string(source) + ": payload encoding '" +
                          doc["payload_encoding"].dump() + "' is not supported by this version");
  const json& model = doc["model"];
  if (!has_exactly_keys(model, {"name", "version"}) || !model["name"].is_string() ||
      !model["version"].is_string())
    return invalid(source, "model must have exactly the strings name and version");
  if (!doc["content_digest"].is_string()) return invalid(source, "content_digest must be a string");
  std::string digest_text = doc["content_digest"].get<std::string>();
  if (digest_text.rfind(kDigestPrefix, 0) != 0)
    return invalid(source, "content_digest must start with sha256:");
  auto declared_root = Sha256Digest::from_hex(std::string_view(digest_text).substr(kDigestPrefix.size()));
  if (!declared_root) return invalid(source, "content_digest is not sha256:<64 hex>");

  const json& files = doc["files"];
  if (!files.is_array()) return invalid(source, "files must be an array");
  if (files.size() > limits.max_files)
    return make_error(ErrorCode::kLimitExceeded,
                      std::string(source) + ": more than " + std::to_string(limits.max_files) +
                          " files");
  Manifest manifest{model["name"].get<std::string>(), model["version"].get<std::string>(),
                    *declared_root, {}};
  manifest.files.reserve(files.size());
  uint64_t total = 0;
  for (size_t i = 0; i < files.size(); ++i) {
    MS_ASSIGN_OR_RETURN(FileRecord record, parse_entry(files[i], source, i));
    if (!manifest.files.empty() && !tree::path_less(manifest.files.back().path, record.path))
      return invalid(source, "'" + record.path + "' is duplicated or out of order");
    if (record.path == kManifestPath) return invalid(source, "the manifest lists itself");
    if (record.size > limits.max_file_bytes)
      return make_error(ErrorCode::kLimitExceeded,
                        std::string(source) + ": '" + record.path + "' exceeds the file size limit");
    total += record.size;
    if (total > limits.max_total_bytes)
      return make_error(ErrorCode::kLimitExceeded,
                        std::string(source) + ": content exceeds the total size limit");
    manifest.files.push_back(std::move(record));
  }
  if (serialize_manifest(manifest) != text)
    return invalid(source, "not in canonical form (specs/bundle-v1.md)");
  std::vector<std::string> paths;
  paths.reserve(manifest.files.size());
  for (const FileRecord& f : manifest.files) paths.push_back(f.path);
  if (auto extractable = tree::check_bundle_paths(paths); !extractable.ok())
    return invalid(source, extractable.error().detail);

  std::vector<Sha256Digest> digests;
  digests.reserve(manifest.files.size());
  for (const FileRecord& f : manifest.files) digests.push_back(f.sha256);
  MS_ASSIGN_OR_RETURN(Sha256Digest root, tree::root_digest(digests));
  if (!digests_equal(root, manifest.content_digest))
    return make_error(ErrorCode::kTampered,
                      std::string(source) + ": manifest is inconsistent: content_digest does not "
                                            "match the listed files");
  return manifest;
}

}  // namespace modelseal::bundle
