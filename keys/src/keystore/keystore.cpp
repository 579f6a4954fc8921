// Opening a keystore and handing out data keys.
#include <algorithm>

#include "keystore/crash_point.hpp"
#include "keystore/event_log.hpp"
#include "keystore/keystore_impl.hpp"
#include "keystore/keystore_support.hpp"

namespace modelseal::keys {
namespace {

StoredKey stored(const WrappedKey& key) { return {key.key_id, key.bundle, key.sealed_at}; }

Status check_bundle(const BundleIdentity& bundle) {
  if (!bundle.content_digest.starts_with("sha256:") ||
      !is_lower_hex(std::string_view(bundle.content_digest).substr(7), 64))
    return make_error(ErrorCode::kInvalidArgument,
                      "content digest \"" + bundle.content_digest + "\" is not sha256:<64 hex>");
  if (bundle.name.empty() || bundle.name.size() > kMaxTextField ||
      bundle.version.size() > kMaxTextField)
    return make_error(ErrorCode::kInvalidArgument, "bundle name or version is empty or too long");
  return {};
}

Result<std::unique_ptr<WrappingKey>> unlock_wrapping(Keystore::Impl& impl, const Wrapping& wrapping) {
  if (wrapping.method == WrappingMethod::kPassphrase)
    return unlock_passphrase(impl.state.id, wrapping, impl.passphrase);
  return unlock_token(*impl.token, wrapping);
}

Result<std::unique_ptr<Keystore::Impl>> unlock(const std::filesystem::path& dir,
                                               const KeystoreCredentials& credentials,
                                               std::chrono::milliseconds lock_wait) {
  auto impl = std::make_unique<Keystore::Impl>();
  impl->dir = dir;
  impl->lock_wait = lock_wait;
  MS_ASSIGN_OR_RETURN(impl->state, read_state(dir));
  impl->key_generation = impl->state.wrapping.generation;
  const Wrapping& wrapping = impl->state.wrapping;
  if (wrapping.method == WrappingMethod::kPassphrase) {
    if (credentials.passphrase == nullptr)
      return make_error(ErrorCode::kInvalidArgument,
                        "keystore " + impl->state.id + " needs its passphrase");
    impl->passphrase = SecretBytes(credentials.passphrase->reveal());
    MS_ASSIGN_OR_RETURN(impl->key, unlock_wrapping(*impl, wrapping));
    return impl;
  }
  if (credentials.pin == nullptr)
    return make_error(ErrorCode::kInvalidArgument,
                      "keystore " + impl->state.id + " needs the PIN of token \"" + wrapping.token + "\"");
  MS_ASSIGN_OR_RETURN(impl->token, Pkcs11Token::open(wrapping.module, wrapping.token, *credentials.pin));
  // A rotation interrupted after its commit left the previous generation's object.
  auto cleaned = destroy_older_generations(*impl->token, impl->state.id, wrapping.generation);
  if (!cleaned.ok()) return cleaned.error();
  MS_ASSIGN_OR_RETURN(impl->key, unlock_wrapping(*impl, wrapping));
  return impl;
}

}  // namespace

nlohmann::json bundle_details(const BundleIdentity& bundle) {
  return {{"content_digest", bundle.content_digest}, {"name", bundle.name},
          {"version", bundle.version}};
}

Status Keystore::Impl::refuse_if_pending() const {
  if (!state.pending_shred) return {};
  return make_error(ErrorCode::kInvalidArgument,
                    "keystore " + state.id + ": the shred of " + state.pending_shred->key_id +
                        " was interrupted; run `modelseal shred` again to finish it first");
}

Status Keystore::Impl::reload(const KeystoreLock&) {
  MS_ASSIGN_OR_RETURN(KeystoreState current, read_state(dir));
  if (current.id != state.id)
    return make_error(ErrorCode::kInvalidArgument, dir.string() + ": now holds keystore " +
                                                       current.id + ", not " + state.id);
  state = std::move(current);
  return {};
}

Status Keystore::Impl::ensure_current_key() {
  const Wrapping& wrapping = state.wrapping;
  if (wrapping.generation == key_generation) return {};
  auto current = unlock_wrapping(*this, wrapping);
  if (!current.ok())
    return with_context(current.error(),
                        "keystore " + state.id + " was rotated by another command while this one "
                        "ran (wrapping key generation " + std::to_string(key_generation) + ", now " +
                            std::to_string(wrapping.generation) +
                            ") and no longer unlocks with what this one was given");
  adopt_key(std::move(current).value(), wrapping.generation);
  return {};
}

Result<LogHead> Keystore::Impl::log(const KeystoreLock&, std::string_view event,
                                    const nlohmann::json& details) {
  return append_event(dir, state.log_head, event, details);
}

Status Keystore::Impl::commit(const KeystoreLock&, KeystoreState next) {
  MS_ASSIGN_OR_RETURN(KeystoreState current, read_state(dir));
  if (current.wrapping.generation != state.wrapping.generation ||
      current.log_head.seq != state.log_head.seq || current.log_head.sha256 != state.log_head.sha256)
    return make_error(ErrorCode::kBusy,
                      dir.string() + ": keystore.json changed while this command held the lock "
                                     "(another program wrote it without taking the lock); nothing "
                                     "was committed, run the command again");
  MS_TRY(write_state(dir, next));
  state = std::move(next);
  return {};
}

Result<SecretBytes> Keystore::Impl::unwrap_stored(const WrappedKey& stored_key) {
  auto data_key = key->unwrap(wrap_aad(state.id, stored_key.key_id, state.wrapping.generation),
                              stored_key.wrapped);
  if (!data_key.ok()) {
    if (data_key.error().code != ErrorCode::kTampered) return data_key.error();
    return make_error(ErrorCode::kTampered, "keystore " + state.id + ": " + stored_key.key_id +
                                                " does not unwrap: " + data_key.error().detail);
  }
  if (data_key->size() != kDataKeyBytes)
    return make_error(ErrorCode::kTampered, stored_key.key_id + " unwraps to a key of the wrong size");
  return data_key;
}

Keystore::Keystore(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Keystore::Keystore(Keystore&&) noexcept = default;
Keystore& Keystore::operator=(Keystore&&) noexcept = default;
Keystore::~Keystore() = default;

Result<WrappingMethod> keystore_wrapping_method(const std::filesystem::path& dir) {
  MS_ASSIGN_OR_RETURN(KeystoreState state, read_state(dir));
  return state.wrapping.method;
}

Result<Keystore> Keystore::open(const std::filesystem::path& dir,
                                const KeystoreCredentials& credentials,
                                std::chrono::milliseconds lock_wait) {
  MS_ASSIGN_OR_RETURN(std::unique_ptr<Impl> impl, unlock(dir, credentials, lock_wait));
  return Keystore(std::move(impl));
}

const std::string& Keystore::id() const { return impl_->state.id; }
WrappingMethod Keystore::method() const { return impl_->state.wrapping.method; }
uint32_t Keystore::generation() const { return impl_->state.wrapping.generation; }

std::vector<StoredKey> Keystore::keys() const {
  std::vector<StoredKey> out;
  for (const WrappedKey& key : impl_->state.keys) out.push_back(stored(key));
  return out;
}

Result<NewDataKey> Keystore::create_data_key(const BundleIdentity& bundle) {
  MS_TRY(check_bundle(bundle));
  crash_point("create.before_lock");
  MS_ASSIGN_OR_RETURN(KeystoreLock held, impl_->lock());
  MS_TRY(impl_->reload_with_key(held));
  MS_TRY(impl_->refuse_if_pending());
  if (impl_->state.keys.size() + impl_->state.shredded.size() >= kMaxStoredKeys)
    return make_error(ErrorCode::kLimitExceeded, "the keystore holds " +
                                                     std::to_string(kMaxStoredKeys) + " keys already");
  NewDataKey out;
  MS_ASSIGN_OR_RETURN(out.key_id, random_id("dk-"));
  MS_ASSIGN_OR_RETURN(out.key, random_secret(kDataKeyBytes));
  WrappedKey entry{out.key_id, bundle, now_rfc3339(), {}};
  MS_ASSIGN_OR_RETURN(entry.wrapped,
                      impl_->key->wrap(wrap_aad(id(), out.key_id, generation()), out.key));
  KeystoreState next = impl_->state;
  auto at = std::lower_bound(next.keys.begin(), next.keys.end(), out.key_id,
                             [](const WrappedKey& k, const std::string& id) { return k.key_id < id; });
  next.keys.insert(at, std::move(entry));
  MS_ASSIGN_OR_RETURN(next.log_head, impl_->log(held, "sealed", {{"bundle", bundle_details(bundle)},
                                                                 {"key_id", out.key_id}}));
  crash_point("create.after_log");
  MS_TRY(impl_->commit(held, std::move(next)));
  crash_point("create.after_state");
  return out;
}

Status Keystore::forget_data_key(std::string_view key_id) {
  MS_ASSIGN_OR_RETURN(KeystoreLock held, impl_->lock());
  MS_TRY(impl_->reload(held));
  MS_TRY(impl_->refuse_if_pending());
  KeystoreState next = impl_->state;
  auto it = std::find_if(next.keys.begin(), next.keys.end(),
                         [&](const WrappedKey& k) { return k.key_id == key_id; });
  if (it == next.keys.end())
    return make_error(ErrorCode::kNotFound, "keystore " + id() + " has no key " + std::string(key_id));
  next.keys.erase(it);
  MS_ASSIGN_OR_RETURN(next.log_head, impl_->log(held, "forgotten", {{"key_id", key_id}}));
  return impl_->commit(held, std::move(next));
}

Result<SecretBytes> Keystore::unwrap(std::string_view key_id) {
  MS_ASSIGN_OR_RETURN(KeystoreLock held, impl_->lock());
  MS_TRY(impl_->reload(held));
  if (const Tombstone* t = impl_->state.find_tombstone(key_id))
    return make_error(ErrorCode::kRevoked, std::string(key_id) + " was shredded on " +
                                                t->shredded_at + ", record " + t->record);
  MS_TRY(impl_->refuse_if_pending());
  const WrappedKey* stored_key = impl_->state.find_key(key_id);
  if (stored_key == nullptr)
    return make_error(ErrorCode::kNotFound, "keystore " + id() + " has no key " + std::string(key_id));
  auto loggable = check_appendable(impl_->dir, impl_->state.log_head);
  if (!loggable.ok())
    return make_error(loggable.error().code,
                      loggable.error().detail + "; nothing is decrypted while the `opened` event "
                                                "cannot be logged");
  MS_TRY(impl_->ensure_current_key());
  return impl_->unwrap_stored(*stored_key);
}

Status Keystore::record_opened(std::string_view key_id) {
  crash_point("opened.before_lock");
  MS_ASSIGN_OR_RETURN(KeystoreLock held, impl_->lock());
  MS_TRY(impl_->reload(held));
  if (const Tombstone* t = impl_->state.find_tombstone(key_id))
    return make_error(ErrorCode::kRevoked, std::string(key_id) + " was shredded on " +
                                                t->shredded_at + " while it was being opened, record " +
                                                t->record);
  MS_TRY(impl_->refuse_if_pending());
  if (impl_->state.find_key(key_id) == nullptr)
    return make_error(ErrorCode::kNotFound, "keystore " + id() + " has no key " + std::string(key_id));
  KeystoreState next = impl_->state;
  MS_ASSIGN_OR_RETURN(next.log_head, impl_->log(held, "opened", {{"key_id", key_id}}));
  return impl_->commit(held, std::move(next));
}

}  // namespace modelseal::keys
