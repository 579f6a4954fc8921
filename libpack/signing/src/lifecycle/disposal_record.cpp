#include "lifecycle/disposal_record.hpp"

#include <cctype>

#include <nlohmann/json.hpp>

#include "formats/json/strict_json.hpp"
#include "formats/sigstore/dsse.hpp"
#include "formats/sigstore/sigstore_bundle.hpp"
#include "base/file_io.hpp"
#include "signing/envelope_signer.hpp"

namespace modelseal {
namespace lifecycle {
namespace {

// File names keep to a portable alphabet whatever the model is called.
std::string file_safe(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, 64))
    out += (std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '_') ? c : '_';
  return out.empty() || out[0] == '.' ? "_" + out : out;
}

}  // namespace

std::string hex_of(const std::string& content_digest) {
  constexpr std::string_view kPrefix = "sha256:";
  return content_digest.starts_with(kPrefix) ? content_digest.substr(kPrefix.size()) : content_digest;
}

std::string disposal_statement(const keys::ShredEvidence& e,
                               const std::optional<Sha256Digest>& manifest_digest) {
  nlohmann::json copies = nlohmann::json::array();
  for (const keys::KeyCopy& c : e.copies) copies.push_back({{"action", c.action}, {"location", c.location}});
  nlohmann::json predicate = {
      {"bundle",
       {{"content_digest", e.bundle.content_digest},
        {"name", e.bundle.name},
        {"sealed_file", e.sealed_file},
        {"version", e.bundle.version}}},
      {"custodians", e.custodians},
      {"effective_at", e.effective_at},
      {"key_copies", copies},
      {"keys_destroyed", nlohmann::json::array({{{"key_id", e.key_id}, {"keystore_id", e.keystore_id}}})},
      {"method", "cryptographic-erase"},
      {"operator", {{"key_id", e.operator_key_id}}},
      {"reason", e.reason},
      {"requested_at", e.requested_at},
      {"tool", {{"name", "modelseal"}, {"version", MODELSEAL_VERSION}}},
      {"verification", {{"detail", e.verification_detail}, {"unwrap_after_shred", "failed"}}}};
  nlohmann::json statement = {
      {"_type", "https://in-toto.io/Statement/v1"},
      {"predicate", predicate},
      {"predicateType", kDisposalPredicateType},
      {"subject", nlohmann::json::array({{{"digest", {{"sha256", hex_of(e.bundle.content_digest)}}},
                                          {"name", e.bundle.name + "@" + e.bundle.version}}})}};
  if (manifest_digest) {
    statement["predicate"]["bundle"]["manifest_digest"] = manifest_digest->prefixed();
    statement["subject"].push_back(
        {{"digest", {{"sha256", manifest_digest->hex()}}}, {"name", ".modelseal/manifest.json"}});
  }
  return formats::strict_json::dump(statement);
}

std::filesystem::path disposal_record_path(const std::filesystem::path& keystore_dir,
                                           const keys::ShredEvidence& e) {
  return keystore_dir / "disposals" /
         (file_safe(e.bundle.name) + "-" + file_safe(e.bundle.version) + "-" + file_safe(e.key_id) +
          ".disposal.json");
}

bool has_record_name(std::string_view filename) {
  constexpr std::string_view kSuffix = ".json";
  if (filename.size() <= kSuffix.size()) return false;
  const std::string_view tail = filename.substr(filename.size() - kSuffix.size());
  for (size_t i = 0; i < kSuffix.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(tail[i])) != kSuffix[i]) return false;
  return true;
}

}  // namespace lifecycle

namespace {

constexpr size_t kMaxStatementBytes = size_t{1} << 20;

Error bad_record(const std::filesystem::path& path, const std::string& why) {
  return make_error(ErrorCode::kTampered, path.string() + ": " + why);
}

Result<std::string> text_field(const nlohmann::json& object, const char* key,
                               const std::filesystem::path& path) {
  auto it = object.find(key);
  if (it == object.end() || !it->is_string())
    return bad_record(path, std::string("the disposal record has no text field '") + key + "'");
  return it->get<std::string>();
}

// "sha256:" and 64 lowercase hex digits, the only spelling: a record has one reading.
Result<Sha256Digest> prefixed_digest(const std::string& text, const char* key,
                                     const std::filesystem::path& path) {
  constexpr std::string_view kPrefix = "sha256:";
  std::optional<Sha256Digest> digest;
  if (text.starts_with(kPrefix)) digest = Sha256Digest::from_hex(std::string_view(text).substr(kPrefix.size()));
  if (!digest)
    return bad_record(path, std::string("'") + key + "' must be \"sha256:\" and 64 lowercase hex digits");
  return *digest;
}

// The subject's digest.sha256 when it is exactly `expected` (64 lowercase hex digits).
bool subject_names(const nlohmann::json& subject, const Sha256Digest& expected) {
  if (!subject.is_object()) return false;
  auto digest = subject.find("digest");
  if (digest == subject.end() || !digest->is_object()) return false;
  auto sha = digest->find("sha256");
  return sha != digest->end() && sha->is_string() && sha->get<std::string>() == expected.hex();
}

Result<DisposalRecord> record_from_statement(const std::string& payload,
                                             const std::filesystem::path& path) {
  using namespace formats::strict_json;
  StrictJson parsed = parse_strict_json(payload, JsonLimits{kMaxStatementBytes, 16, 100000, 1 << 16});
  if (parsed.problem) return bad_record(path, "the statement is not valid JSON: " + parsed.problem->message);
  const nlohmann::json& st = parsed.document;
  if (!st.is_object() || st.value("predicateType", "") != kDisposalPredicateType)
    return bad_record(path, std::string("not a disposal record (predicate type must be ") +
                                kDisposalPredicateType + ")");
  auto predicate = st.find("predicate");
  if (predicate == st.end() || !predicate->is_object())
    return bad_record(path, "the disposal record has no predicate");
  auto bundle = predicate->find("bundle");
  if (bundle == predicate->end() || !bundle->is_object())
    return bad_record(path, "the disposal record names no bundle");
  DisposalRecord r;
  r.path = path;
  MS_ASSIGN_OR_RETURN(r.content_digest, text_field(*bundle, "content_digest", path));
  MS_ASSIGN_OR_RETURN(Sha256Digest content, prefixed_digest(r.content_digest, "content_digest", path));
  std::optional<Sha256Digest> manifest;
  if (bundle->contains("manifest_digest")) {
    MS_ASSIGN_OR_RETURN(r.manifest_digest, text_field(*bundle, "manifest_digest", path));
    MS_ASSIGN_OR_RETURN(manifest, prefixed_digest(r.manifest_digest, "manifest_digest", path));
  }
  MS_ASSIGN_OR_RETURN(r.name, text_field(*bundle, "name", path));
  MS_ASSIGN_OR_RETURN(r.version, text_field(*bundle, "version", path));
  MS_ASSIGN_OR_RETURN(r.effective_at, text_field(*predicate, "effective_at", path));
  MS_ASSIGN_OR_RETURN(r.reason, text_field(*predicate, "reason", path));
  MS_ASSIGN_OR_RETURN(r.method, text_field(*predicate, "method", path));
  auto destroyed = predicate->find("keys_destroyed");
  if (destroyed != predicate->end() && destroyed->is_array() && destroyed->size() == 1 &&
      (*destroyed)[0].is_object()) {
    const nlohmann::json& key = (*destroyed)[0];
    if (key.contains("key_id")) {
      MS_ASSIGN_OR_RETURN(r.key_id, text_field(key, "key_id", path));
    }
    if (key.contains("keystore_id")) {
      MS_ASSIGN_OR_RETURN(r.keystore_id, text_field(key, "keystore_id", path));
    }
  }
  // Subjects: the content digest, then (records that carry it) the manifest digest.
  auto subjects = st.find("subject");
  const size_t expected = manifest ? 2 : 1;
  if (subjects == st.end() || !subjects->is_array() || subjects->size() != expected ||
      !subject_names((*subjects)[0], content) || (manifest && !subject_names((*subjects)[1], *manifest)))
    return bad_record(path, manifest ? "the statement's subjects are not the disposed bundle's content "
                                       "digest and manifest digest"
                                     : "the statement's subject is not the disposed bundle's content digest");
  return r;
}

}  // namespace

Result<DisposalRecord> read_disposal_record(const std::filesystem::path& path,
                                            const std::vector<keys::PublicKey>& trusted_keys) {
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(path, formats::kMaxSigstoreBundleBytes));
  auto parsed = formats::parse_sigstore_bundle(text, path.string());
  if (!parsed.ok()) return bad_record(path, parsed.error().detail);
  const formats::DsseEnvelope* env = parsed->dsse();
  if (!env || env->payload_type != formats::kInTotoPayloadType)
    return bad_record(path, "not a DSSE envelope of an in-toto statement");
  MS_ASSIGN_OR_RETURN(DisposalRecord record,
                      record_from_statement(std::string(env->payload.begin(), env->payload.end()), path));
  if (!trusted_keys.empty()) {
    static const std::vector<keys::Certificate> kNoRoots;
    MS_ASSIGN_OR_RETURN(signing::EnvelopeSigner signer,
                        signing::check_envelope_signer(*parsed, *env, {trusted_keys, kNoRoots, {}}, path));
    record.signer = signer.name;
  }
  return record;
}

}  // namespace modelseal
