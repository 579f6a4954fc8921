#include <vector>

#include "key_impl.hpp"

namespace modelseal::keys {
namespace {

Result<crypto::EvpPkeyPtr> generate_pkey(KeyType type) {
  const char* group = group_for(type);
  crypto::EvpPkeyCtxPtr ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, group != nullptr ? "EC" : "ED25519", nullptr));
  if (!ctx) return openssl_error("EVP_PKEY_CTX_new_from_name");
  if (EVP_PKEY_keygen_init(ctx.get()) != 1) return openssl_error("EVP_PKEY_keygen_init");
  if (group != nullptr && EVP_PKEY_CTX_set_group_name(ctx.get(), group) != 1)
    return openssl_error("EVP_PKEY_CTX_set_group_name");
  EVP_PKEY* raw = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &raw) != 1) return openssl_error("EVP_PKEY_generate");
  return crypto::EvpPkeyPtr(raw);
}

Result<std::vector<uint8_t>> sign_with(EVP_PKEY* pkey, KeyType type,
                                       std::span<const uint8_t> message) {
  static const uint8_t kEmpty = 0;
  const uint8_t* data = message.empty() ? &kEmpty : message.data();
  crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return openssl_error("EVP_MD_CTX_new");
  if (EVP_DigestSignInit_ex(ctx.get(), nullptr, digest_for(type), nullptr, nullptr, pkey,
                            nullptr) != 1)
    return openssl_error("EVP_DigestSignInit_ex");
  size_t len = 0;
  if (EVP_DigestSign(ctx.get(), nullptr, &len, data, message.size()) != 1)
    return openssl_error("EVP_DigestSign");
  std::vector<uint8_t> signature(len);
  if (EVP_DigestSign(ctx.get(), signature.data(), &len, data, message.size()) != 1)
    return openssl_error("EVP_DigestSign");
  signature.resize(len);  // a DER ECDSA signature is often shorter than the maximum
  return signature;
}

}  // namespace

// Takes a key pair of any type and keeps it if it is one of ours.
Result<PrivateKey> private_key_from_pkey(crypto::EvpPkeyPtr pkey) {
  MS_ASSIGN_OR_RETURN(KeyType type, key_type_of(pkey.get()));
  MS_ASSIGN_OR_RETURN(PublicKey pub, public_key_from_pkey(pkey.get()));
  auto impl = std::make_shared<PrivateKey::Impl>(PrivateKey::Impl{std::move(pkey), type});
  return PrivateKey(std::move(impl), std::move(pub));
}

PrivateKey::PrivateKey(std::shared_ptr<const Impl> impl, PublicKey pub)
    : impl_(std::move(impl)), public_key_(std::move(pub)) {}

Result<PrivateKey> PrivateKey::generate(KeyType type) {
  MS_ASSIGN_OR_RETURN(crypto::EvpPkeyPtr pkey, generate_pkey(type));
  return private_key_from_pkey(std::move(pkey));
}

const PublicKey& PrivateKey::public_key() const { return public_key_; }

Result<std::vector<uint8_t>> PrivateKey::sign(std::span<const uint8_t> message) const {
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> signature,
                      sign_with(impl_->pkey.get(), impl_->type, message));
  // A signature that does not verify must never leave: check it now.
  if (!public_key_.verify(message, signature).ok())
    return make_error(ErrorCode::kInternal, "the new signature does not verify with the key");
  return signature;
}

}  // namespace modelseal::keys
