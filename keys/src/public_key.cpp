#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>

#include <vector>

#include "key_impl.hpp"
#include "modelseal/digest.hpp"

namespace modelseal::keys {
namespace {

// Named curve, uncompressed point: the SPKI form every OMS implementation
// writes, so the key id does not depend on how the key was stored.
Status canonicalize(EVP_PKEY* pkey, KeyType type) {
  if (type == KeyType::kEd25519) return {};
  if (EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_POINT_CONVERSION_FORMAT,
                                     "uncompressed") != 1 ||
      EVP_PKEY_set_utf8_string_param(pkey, OSSL_PKEY_PARAM_EC_ENCODING, "named_curve") != 1)
    return openssl_error("setting the EC public key encoding");
  return {};
}

Result<std::string> spki_pem(EVP_PKEY* pkey) {
  crypto::BioPtr bio(BIO_new(BIO_s_mem()));
  if (!bio) return openssl_error("BIO_new");
  if (PEM_write_bio_PUBKEY(bio.get(), pkey) != 1) return openssl_error("PEM_write_bio_PUBKEY");
  return bio_text(bio.get());
}

Result<PublicKey> make_public_key(crypto::EvpPkeyPtr pkey) {
  MS_ASSIGN_OR_RETURN(KeyType type, key_type_of(pkey.get()));
  MS_TRY(canonicalize(pkey.get(), type));
  MS_ASSIGN_OR_RETURN(std::string pem, spki_pem(pkey.get()));
  MS_ASSIGN_OR_RETURN(Sha256Digest id,
                      sha256_of({reinterpret_cast<const uint8_t*>(pem.data()), pem.size()}));
  auto impl = std::make_shared<PublicKey::Impl>(
      PublicKey::Impl{std::move(pkey), type, std::move(pem), id.hex()});
  return PublicKey(std::move(impl));
}

Result<std::vector<uint8_t>> spki_der_of(EVP_PKEY* pkey) {
  int len = i2d_PUBKEY(pkey, nullptr);
  if (len <= 0) return openssl_error("i2d_PUBKEY");
  std::vector<uint8_t> der(static_cast<size_t>(len));
  unsigned char* out = der.data();
  if (i2d_PUBKEY(pkey, &out) != len) return openssl_error("i2d_PUBKEY");
  return der;
}

const char* legacy_digest(std::string_view hash) {
  if (hash == "sha256") return "SHA256";
  if (hash == "sha384") return "SHA384";
  if (hash == "sha512") return "SHA512";
  return nullptr;
}

Status verify_with(const PublicKey::Impl& key, const char* digest,
                   std::span<const uint8_t> message, std::span<const uint8_t> signature) {
  static const uint8_t kEmpty = 0;
  const uint8_t* data = message.empty() ? &kEmpty : message.data();
  crypto::EvpMdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx) return openssl_error("EVP_MD_CTX_new");
  if (EVP_DigestVerifyInit_ex(ctx.get(), nullptr, digest, nullptr, nullptr, key.pkey.get(),
                              nullptr) != 1)
    return openssl_error("EVP_DigestVerifyInit_ex");
  if (signature.empty() || EVP_DigestVerify(ctx.get(), signature.data(), signature.size(), data,
                                            message.size()) != 1) {
    ERR_clear_error();  // malformed DER and a wrong signature are the same verdict
    return make_error(ErrorCode::kTampered, "signature does not verify");
  }
  return {};
}

}  // namespace

PublicKey::PublicKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Result<PublicKey> PublicKey::from_der(std::span<const uint8_t> spki_der) {
  if (spki_der.size() > kMaxKeyFileBytes)
    return make_error(ErrorCode::kLimitExceeded, "public key larger than the limit");
  const unsigned char* p = spki_der.data();
  crypto::EvpPkeyPtr pkey(d2i_PUBKEY(nullptr, &p, static_cast<long>(spki_der.size())));
  if (!pkey || p != spki_der.data() + spki_der.size())
    return make_error(ErrorCode::kCorrupt,
                      "not a DER SubjectPublicKeyInfo public key: " + openssl_detail());
  return make_public_key(std::move(pkey));
}

Result<PublicKey> PublicKey::from_pem(std::string_view pem) {
  MS_ASSIGN_OR_RETURN(crypto::BioPtr bio, bio_over(pem));
  crypto::EvpPkeyPtr pkey(PEM_read_bio_PUBKEY(bio.get(), nullptr, no_passphrase_cb, nullptr));
  if (!pkey)
    return make_error(ErrorCode::kCorrupt,
                      "no PEM public key (\"BEGIN PUBLIC KEY\") found: " + openssl_detail());
  return make_public_key(std::move(pkey));
}

Result<PublicKey> public_key_from_pkey(EVP_PKEY* pkey) {
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> der, spki_der_of(pkey));
  return PublicKey::from_der(der);
}

KeyType PublicKey::type() const { return impl_->type; }
const std::string& PublicKey::pem() const { return impl_->pem; }
const std::string& PublicKey::key_id() const { return impl_->key_id; }

std::vector<uint8_t> PublicKey::der() const {
  auto der = spki_der_of(impl_->pkey.get());
  return der.ok() ? std::move(der).value() : std::vector<uint8_t>();
}

Status PublicKey::verify(std::span<const uint8_t> message,
                         std::span<const uint8_t> signature) const {
  return verify_with(*impl_, digest_for(impl_->type), message, signature);
}

Status PublicKey::verify_with_hash(std::span<const uint8_t> message,
                                   std::span<const uint8_t> signature,
                                   std::string_view hash) const {
  if (impl_->type == KeyType::kEd25519)
    return make_error(ErrorCode::kUnsupported, "Ed25519 signatures have no separate hash");
  const char* digest = legacy_digest(hash);
  if (digest == nullptr)
    return make_error(ErrorCode::kUnsupported, "unsupported hash '" + std::string(hash) + "'");
  return verify_with(*impl_, digest, message, signature);
}

Status PublicKey::verify_prehashed(std::span<const uint8_t> digest,
                                   std::span<const uint8_t> signature) const {
  if (impl_->type == KeyType::kEd25519)
    return make_error(ErrorCode::kUnsupported, "Ed25519 keys cannot verify a precomputed digest");
  crypto::EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, impl_->pkey.get(), nullptr));
  if (!ctx) return openssl_error("EVP_PKEY_CTX_new_from_pkey");
  if (EVP_PKEY_verify_init(ctx.get()) != 1) return openssl_error("EVP_PKEY_verify_init");
  if (digest.empty() || signature.empty() ||
      EVP_PKEY_verify(ctx.get(), signature.data(), signature.size(), digest.data(),
                      digest.size()) != 1) {
    ERR_clear_error();
    return make_error(ErrorCode::kTampered, "signature does not verify");
  }
  return {};
}

}  // namespace modelseal::keys
