// Rotation (§2.2): every kept data key re-wrapped under a fresh W'; the old W
// destroyed only after the new state is durable, so no crash loses a live key.
#include "keystore/crash_point.hpp"
#include "keystore/keystore_impl.hpp"
#include "keystore/keystore_support.hpp"

namespace modelseal::keys {
namespace {

Result<NewWrapping> next_wrapping(Keystore::Impl& impl, uint32_t generation,
                                  const SecretBytes& passphrase) {
  const Wrapping& current = impl.state.wrapping;
  if (current.method == WrappingMethod::kPassphrase)
    return new_passphrase_wrapping(impl.state.id, generation, passphrase, current.log2_n);
  return new_token_wrapping(*impl.token, impl.state.id, generation, current.module, current.token);
}

Result<std::vector<WrappedKey>> rewrap_all(Keystore::Impl& impl, WrappingKey& next_key,
                                           uint32_t next_generation,
                                           std::optional<std::string_view> drop_key) {
  std::vector<WrappedKey> out;
  for (const WrappedKey& key : impl.state.keys) {
    if (drop_key && key.key_id == *drop_key) continue;
    MS_ASSIGN_OR_RETURN(SecretBytes data_key, impl.unwrap_stored(key));
    WrappedKey rewrapped = key;
    MS_ASSIGN_OR_RETURN(rewrapped.wrapped,
                        next_key.wrap(wrap_aad(impl.state.id, key.key_id, next_generation), data_key));
    out.push_back(std::move(rewrapped));
  }
  return out;
}

// The new generation's token object is useless if the rotation stops early.
void discard(Keystore::Impl& impl, const Wrapping& wrapping) {
  if (wrapping.method != WrappingMethod::kPkcs11 || !impl.token) return;
  auto handle = impl.token->find_key(wrapping.object_label);
  if (handle.ok()) (void)impl.token->destroy(*handle);
}

}  // namespace

Status rotate_wrapping(Keystore::Impl& impl, const KeystoreLock& held, const RotationPlan& plan) {
  const std::string prefix(plan.crash_prefix);
  const Wrapping previous = impl.state.wrapping;
  if (previous.generation == UINT32_MAX)
    return make_error(ErrorCode::kLimitExceeded, "the wrapping generation cannot grow further");
  uint32_t generation = previous.generation + 1;
  const SecretBytes& passphrase = plan.new_passphrase ? *plan.new_passphrase : impl.passphrase;
  MS_ASSIGN_OR_RETURN(NewWrapping fresh, next_wrapping(impl, generation, passphrase));
  crash_point(prefix + ".after_new_key");

  auto kept = rewrap_all(impl, *fresh.key, generation, plan.drop_key);
  if (!kept.ok()) {
    discard(impl, fresh.wrapping);
    return kept.error();
  }
  KeystoreState next = impl.state;
  next.keys = std::move(kept).value();
  next.wrapping = fresh.wrapping;
  if (plan.log_rotated) {
    auto head = impl.log(held, "rotated", {{"generation", generation},
                                           {"keys", next.keys.size()},
                                           {"method", previous.method == WrappingMethod::kPkcs11
                                                          ? "pkcs11" : "passphrase"}});
    if (!head.ok()) {
      discard(impl, fresh.wrapping);
      return head.error();
    }
    next.log_head = *head;
    crash_point(prefix + ".after_log");
  }
  // No discard once the commit started: the rename may have happened.
  MS_TRY(impl.commit(held, std::move(next)));
  crash_point(prefix + ".after_state");
  impl.adopt_key(std::move(fresh.key), generation);
  if (plan.new_passphrase) impl.passphrase = SecretBytes(plan.new_passphrase->reveal());
  if (previous.method == WrappingMethod::kPkcs11) {
    auto destroyed = destroy_older_generations(*impl.token, impl.state.id, generation);
    if (!destroyed.ok()) return destroyed.error();
  }
  crash_point(prefix + ".after_destroy");
  return {};
}

Status Keystore::rotate() {
  MS_ASSIGN_OR_RETURN(KeystoreLock held, impl_->lock());
  MS_TRY(impl_->reload_with_key(held));
  MS_TRY(impl_->refuse_if_pending());
  return rotate_wrapping(*impl_, held, RotationPlan{"rotate", std::nullopt, nullptr, true});
}

}  // namespace modelseal::keys
