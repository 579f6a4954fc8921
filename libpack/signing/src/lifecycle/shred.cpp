// shred_sealed: the keystore destroys the data key, then the operator signs
// the disposal record, which lands atomically in the keystore's disposals/.
#include <system_error>

#include "bundle/manifest_digest.hpp"
#include "base/file_io.hpp"
#include "lifecycle/disposal_record.hpp"
#include "lifecycle/keystore_match.hpp"
#include "modelseal/digest.hpp"
#include "modelseal/lifecycle.hpp"
#include "signing/statement_signing.hpp"

namespace modelseal {

Result<ShredOutcome> shred_sealed(const ShredOptions& o) {
  if (!o.keystore || !o.operator_signer)
    return make_error(ErrorCode::kInvalidArgument, "shred: needs a keystore and the operator's key");
  if (o.reason.empty())
    return make_error(ErrorCode::kInvalidArgument, "shred: give the reason (--reason) for the record");
  MS_ASSIGN_OR_RETURN(SealedInfo info, read_sealed_info(o.sealed));
  MS_TRY(lifecycle::check_same_keystore(*o.keystore, info));

  keys::ShredRequest request;
  request.key_id = info.header.key_id;
  request.reason = o.reason;
  request.operator_key_id = o.operator_signer->public_key().key_id();
  request.custodians = o.custodians;
  request.sealed_file = std::filesystem::absolute(o.sealed).lexically_normal().string();
  request.new_passphrase = o.new_passphrase;
  request.reuse_passphrase = o.reuse_passphrase;

  MS_ASSIGN_OR_RETURN(Sha256Digest manifest, bundle::manifest_digest(info.header.manifest_json));
  std::filesystem::path record;
  auto write_record = [&](const keys::ShredEvidence& evidence) -> Result<keys::RecordWritten> {
    // The names are recorded only when this file's manifest is the one the keystore sealed.
    std::optional<Sha256Digest> names;
    if (evidence.bundle.content_digest == info.header.content_digest.prefixed()) names = manifest;
    MS_ASSIGN_OR_RETURN(std::string signed_record,
                        signing::sign_statement(lifecycle::disposal_statement(evidence, names),
                                                *o.operator_signer, {}));
    record = lifecycle::disposal_record_path(o.keystore_dir, evidence);
    std::error_code ec;
    std::filesystem::create_directories(record.parent_path(), ec);
    if (ec) return make_error(ErrorCode::kIo, record.parent_path().string() + ": " + ec.message());
    // A resumed shred may find the record of its first attempt: replace it.
    MS_TRY(fs::write_file_atomically(
        record, {reinterpret_cast<const uint8_t*>(signed_record.data()), signed_record.size()},
        /*overwrite=*/true, 0600));
    MS_ASSIGN_OR_RETURN(Sha256Digest digest,
                        sha256_of({reinterpret_cast<const uint8_t*>(signed_record.data()),
                                   signed_record.size()}));
    return keys::RecordWritten{record, digest.hex()};
  };
  MS_ASSIGN_OR_RETURN(keys::ShredEvidence evidence, o.keystore->shred(request, write_record));
  return ShredOutcome{std::move(evidence), record};
}

}  // namespace modelseal
