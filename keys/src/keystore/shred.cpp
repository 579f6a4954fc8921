// Shredding (§2.4): pending_shred recorded, rotation without the key, proof
// that it no longer unwraps, signed record, "shredded" event, tombstone.
// Every step can be re-run: an interrupted shred resumes where it stopped.
#include "keystore/crash_point.hpp"
#include "keystore/keystore_impl.hpp"
#include "keystore/keystore_support.hpp"

namespace modelseal::keys {
namespace {


Status check_request(const ShredRequest& request, WrappingMethod method) {
  if (method == WrappingMethod::kPassphrase &&
      (request.new_passphrase != nullptr) == request.reuse_passphrase)
    return make_error(ErrorCode::kInvalidArgument,
                      "shredding from a passphrase keystore needs a new passphrase "
                      "(--new-passphrase-file), or --reuse-passphrase to keep the old one and "
                      "accept that backups taken before the shred still unwrap the key");
  if (method == WrappingMethod::kPkcs11 && request.new_passphrase != nullptr)
    return make_error(ErrorCode::kInvalidArgument,
                      "a PKCS#11 keystore has no passphrase to change (its token object is destroyed)");
  if (request.new_passphrase != nullptr && request.new_passphrase->empty())
    return make_error(ErrorCode::kInvalidArgument, "the new passphrase is empty");
  if (request.reason.empty())
    return make_error(ErrorCode::kInvalidArgument, "a shred needs a reason");
  bool too_long = request.reason.size() > kMaxTextField ||
                  request.operator_key_id.size() > kMaxTextField ||
                  request.sealed_file.size() > kMaxTextField ||
                  request.custodians.size() > kMaxCustodians;
  for (const std::string& c : request.custodians) too_long = too_long || c.size() > kMaxTextField;
  if (too_long)
    return make_error(ErrorCode::kLimitExceeded,
                      "shred request fields are limited to " + std::to_string(kMaxTextField) +
                          " bytes and " + std::to_string(kMaxCustodians) + " custodians");
  return {};
}

Status record_pending(Keystore::Impl& impl, const KeystoreLock& held, const ShredRequest& request) {
  if (const Tombstone* t = impl.state.find_tombstone(request.key_id))
    return make_error(ErrorCode::kRevoked, request.key_id + " was shredded on " + t->shredded_at +
                                                ", record " + t->record);
  const WrappedKey* key = impl.state.find_key(request.key_id);
  if (key == nullptr)
    return make_error(ErrorCode::kNotFound,
                      "keystore " + impl.state.id + " has no key " + request.key_id);
  KeystoreState next = impl.state;
  next.pending_shred = PendingShred{request.key_id,       key->bundle,
                                    request.reason,       request.operator_key_id,
                                    request.sealed_file,  now_rfc3339(),
                                    request.custodians,   impl.state.wrapping};
  MS_TRY(impl.commit(held, std::move(next)));
  crash_point("shred.after_pending");
  return {};
}

struct Verification {
  std::string detail;
  std::vector<KeyCopy> copies;
};

// Step 3: the key is absent from the state, and the pre-shred wrapping key no
// longer opens with what the keystore now holds.
Result<Verification> verify_gone(Keystore::Impl& impl, const PendingShred& pending) {
  if (impl.state.find_key(pending.key_id) != nullptr)
    return make_error(ErrorCode::kInternal, pending.key_id + " is still in the keystore state");
  const Wrapping& before = pending.previous;
  Verification out;
  out.copies.push_back({"keystore " + impl.state.id + " entry " + pending.key_id + " (" +
                            state_path(impl.dir).string() + ")",
                        "removed"});
  std::string generation = "wrapping key generation " + std::to_string(before.generation);
  if (before.method == WrappingMethod::kPkcs11) {
    auto still = impl.token->find_key(before.object_label);
    if (still.ok())
      return make_error(ErrorCode::kInternal, "token object \"" + before.object_label +
                                                  "\" still exists after the shred");
    if (still.error().code != ErrorCode::kNotFound) return still.error();
    out.copies.push_back({generation + ": token object \"" + before.object_label + "\" on token \"" +
                              before.token + "\"",
                          "destroyed (C_DestroyObject)"});
    out.copies.push_back({"keystore backups taken before the shred",
                          "unrecoverable: their wrapping key object is destroyed"});
    out.detail = pending.key_id + " is absent from keystore.json and the token object \"" +
                 before.object_label + "\" that wrapped it no longer exists";
    return out;
  }
  auto old_key = unlock_passphrase(impl.state.id, before, impl.passphrase);
  if (!old_key.ok() && old_key.error().code != ErrorCode::kInvalidArgument) return old_key.error();
  if (old_key.ok()) {
    out.copies.push_back({generation + " (scrypt of the passphrase)",
                          "passphrase reused; only the salt changed"});
    out.copies.push_back({"keystore backups taken before the shred",
                          "recoverable with the reused passphrase"});
    out.detail = pending.key_id + " is absent from keystore.json; the passphrase was reused, so "
                 "backups taken before the shred still unwrap it with that passphrase";
  } else {
    out.copies.push_back({generation + " (scrypt of the passphrase)", "passphrase changed"});
    out.copies.push_back({"keystore backups taken before the shred",
                          "recoverable only with the old passphrase"});
    out.detail = pending.key_id + " is absent from keystore.json and the current passphrase no "
                 "longer derives the wrapping key of the state before the shred";
  }
  return out;
}

}  // namespace

Result<ShredEvidence> Keystore::shred(const ShredRequest& request, const DisposalWriter& write_record) {
  Impl& impl = *impl_;
  if (!write_record) return make_error(ErrorCode::kInvalidArgument, "shred needs a record writer");
  MS_TRY(check_request(request, method()));
  MS_ASSIGN_OR_RETURN(KeystoreLock held, impl.lock());
  MS_TRY(impl.reload_with_key(held));
  if (impl.state.pending_shred && impl.state.pending_shred->key_id != request.key_id)
    return make_error(ErrorCode::kInvalidArgument,
                      "the shred of " + impl.state.pending_shred->key_id +
                          " is pending; run `modelseal shred` on it first");
  if (!impl.state.pending_shred) MS_TRY(record_pending(impl, held, request));
  const PendingShred pending = *impl.state.pending_shred;

  if (impl.state.find_key(pending.key_id) != nullptr) {
    const SecretBytes* new_passphrase = request.reuse_passphrase ? nullptr : request.new_passphrase;
    MS_TRY(rotate_wrapping(impl, held, RotationPlan{"shred", pending.key_id, new_passphrase, false}));
  }
  MS_ASSIGN_OR_RETURN(Verification verified, verify_gone(impl, pending));

  ShredEvidence evidence{impl.state.id,       pending.key_id,      pending.bundle,
                         pending.sealed_file, pending.reason,      pending.operator_key_id,
                         pending.requested_at, now_rfc3339(),      verified.detail,
                         pending.custodians,  verified.copies};
  MS_ASSIGN_OR_RETURN(RecordWritten record, write_record(evidence));
  crash_point("shred.after_record");

  KeystoreState next = impl.state;
  MS_ASSIGN_OR_RETURN(next.log_head,
                      impl.log(held, "shredded", {{"bundle", bundle_details(pending.bundle)},
                                                  {"key_id", pending.key_id},
                                                  {"reason", pending.reason},
                                                  {"record", record.path.string()},
                                                  {"record_sha256", record.sha256_hex}}));
  crash_point("shred.after_log");
  next.pending_shred.reset();
  next.shredded.push_back({pending.key_id, evidence.effective_at, record.path.string()});
  MS_TRY(impl.commit(held, std::move(next)));
  return evidence;
}

}  // namespace modelseal::keys
