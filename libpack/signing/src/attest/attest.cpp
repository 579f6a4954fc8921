// attest_bundle: verify the bundle, describe it in an in-toto statement, sign
// it, and store the Sigstore bundle beside the bundle.
#include <system_error>

#include "attest/statements.hpp"
#include "bundle/manifest_digest.hpp"
#include "formats/json/strict_json.hpp"
#include "base/file_io.hpp"
#include "modelseal/attest.hpp"
#include "signing/signing_time.hpp"
#include "signing/statement_signing.hpp"

namespace modelseal {
namespace {

namespace stdfs = std::filesystem;

constexpr uint64_t kMaxPredicateBytes = 1 << 20;

Result<nlohmann::ordered_json> custom_predicate(const std::string& type,
                                                const std::optional<stdfs::path>& file) {
  if (type.find("://") == std::string::npos || type.size() > 1024)
    return make_error(ErrorCode::kInvalidArgument,
                      "--predicate-type must be slsa-provenance, evaluation, or a predicate type URI "
                      "(e.g. https://example.org/review/v1)");
  if (!file)
    return make_error(ErrorCode::kInvalidArgument,
                      "--predicate FILE (a JSON object) is required with predicate type " + type);
  MS_ASSIGN_OR_RETURN(std::string text, fs::read_small_file(*file, kMaxPredicateBytes));
  using namespace formats::strict_json;
  StrictJson parsed = parse_strict_json(text, JsonLimits{kMaxPredicateBytes, 32, 100000, 1 << 16});
  if (parsed.problem)
    return make_error(ErrorCode::kInvalidArgument, file->string() + ": " + parsed.problem->message);
  if (!parsed.document.is_object())
    return make_error(ErrorCode::kInvalidArgument, file->string() + ": the predicate must be a JSON object");
  return nlohmann::ordered_json::parse(dump(parsed.document));
}

std::string short_kind(const std::string& requested) {
  if (requested == "slsa-provenance" || requested == "evaluation") return requested;
  return "predicate";
}

}  // namespace

stdfs::path attestation_dir(const stdfs::path& bundle) {
  stdfs::path dir = bundle;
  dir += ".attestations";
  return dir;
}

Result<AttestResult> attest_bundle(const AttestOptions& o) {
  if (!o.signer) return make_error(ErrorCode::kInvalidArgument, "attest: no signing key");
  ReadOptions read;
  read.progress = o.progress;
  read.threads = o.threads;
  MS_ASSIGN_OR_RETURN(VerifiedArchive archive, verify_and_hash_bundle(o.bundle, read));
  const VerifiedContent& content = archive.content;
  attest::BundleSubject subject{o.bundle.filename().string(), content.name, content.version,
                                content.content_digest, archive.archive_sha256, {}};
  MS_ASSIGN_OR_RETURN(subject.manifest_digest, bundle::manifest_digest(content));

  std::string type;
  nlohmann::ordered_json predicate;
  if (o.predicate_type == "slsa-provenance") {
    ProvenanceParams params = o.provenance;
    if (!params.finished_on) params.finished_on = signing::format_utc(std::chrono::system_clock::now());
    type = kSlsaProvenancePredicateType;
    predicate = attest::slsa_provenance(subject, content.metadata, params);
  } else if (o.predicate_type == "evaluation") {
    if (content.metadata.card.evaluations.empty())
      return make_error(ErrorCode::kInvalidArgument,
                        o.bundle.string() + ": the model card has no [[card.evaluation]] results to attest");
    type = kEvaluationPredicateType;
    predicate = attest::evaluation_results(subject, content.metadata);
  } else {
    type = o.predicate_type;
    MS_ASSIGN_OR_RETURN(predicate, custom_predicate(type, o.predicate_file));
  }
  const std::string text =
      formats::strict_json::dump(attest::statement(subject, type, std::move(predicate)));
  MS_ASSIGN_OR_RETURN(std::string signed_text,
                      signing::sign_statement(text, *o.signer, o.certificate_chain));
  MS_ASSIGN_OR_RETURN(Sha256Digest id, sha256_of({reinterpret_cast<const uint8_t*>(text.data()), text.size()}));

  stdfs::path out = o.output.value_or(attestation_dir(o.bundle) /
                                      (short_kind(o.predicate_type) + "-" + id.hex().substr(0, 16) +
                                       ".sigstore.json"));
  std::error_code ec;
  if (!out.parent_path().empty()) stdfs::create_directories(out.parent_path(), ec);
  if (ec) return make_error(ErrorCode::kIo, out.parent_path().string() + ": " + ec.message());
  MS_TRY(fs::write_file_atomically(
      out, {reinterpret_cast<const uint8_t*>(signed_text.data()), signed_text.size()}, o.overwrite));
  return AttestResult{out, type, content.content_digest, subject.archive_digest, subject.manifest_digest};
}

}  // namespace modelseal
