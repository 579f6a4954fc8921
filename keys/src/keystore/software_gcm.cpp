#include "keystore/software_gcm.hpp"

#include <openssl/evp.h>

#include <limits>

#include "crypto/openssl_ptr.hpp"
#include "keystore/keystore_support.hpp"

namespace modelseal::keys {
namespace {

using CipherCtxPtr = crypto::OpenSslPtr<EVP_CIPHER_CTX, EVP_CIPHER_CTX_free>;

Error gcm_failure(const char* what) {
  return make_error(ErrorCode::kInternal,
                    std::string("AES-256-GCM ") + what + ": " + crypto::drain_openssl_errors());
}

bool fits_int(size_t n) { return n <= static_cast<size_t>(std::numeric_limits<int>::max()); }

}  // namespace

Result<std::vector<uint8_t>> gcm_seal(const SecretBytes& key, std::span<const uint8_t> aad,
                                      std::span<const uint8_t> plaintext) {
  if (key.size() != kWrappingKeyBytes || !fits_int(aad.size()) || !fits_int(plaintext.size()))
    return make_error(ErrorCode::kInternal, "AES-256-GCM: bad key or input size");
  MS_ASSIGN_OR_RETURN(std::vector<uint8_t> out, random_bytes(kGcmNonceBytes));
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_EncryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.reveal().data(),
                                 out.data()) != 1)
    return gcm_failure("init");
  int len = 0;
  if (!aad.empty() &&
      EVP_EncryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return gcm_failure("aad");
  size_t start = out.size();
  out.resize(start + plaintext.size() + kGcmTagBytes);
  if (!plaintext.empty() &&
      EVP_EncryptUpdate(ctx.get(), out.data() + start, &len, plaintext.data(),
                        static_cast<int>(plaintext.size())) != 1)
    return gcm_failure("encrypt");
  if (EVP_EncryptFinal_ex(ctx.get(), out.data() + start + plaintext.size(), &len) != 1)
    return gcm_failure("final");
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_GET_TAG, static_cast<int>(kGcmTagBytes),
                          out.data() + start + plaintext.size()) != 1)
    return gcm_failure("tag");
  return out;
}

Result<SecretBytes> gcm_open(const SecretBytes& key, std::span<const uint8_t> aad,
                             std::span<const uint8_t> sealed) {
  if (key.size() != kWrappingKeyBytes || !fits_int(aad.size()) || !fits_int(sealed.size()))
    return make_error(ErrorCode::kInternal, "AES-256-GCM: bad key or input size");
  if (sealed.size() < kGcmNonceBytes + kGcmTagBytes)
    return make_error(ErrorCode::kTampered, "wrapped value too short");
  std::span<const uint8_t> nonce = sealed.first(kGcmNonceBytes);
  std::span<const uint8_t> body = sealed.subspan(kGcmNonceBytes, sealed.size() - kGcmNonceBytes -
                                                                     kGcmTagBytes);
  std::span<const uint8_t> tag = sealed.last(kGcmTagBytes);
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx || EVP_DecryptInit_ex(ctx.get(), EVP_aes_256_gcm(), nullptr, key.reveal().data(),
                                 nonce.data()) != 1)
    return gcm_failure("init");
  int len = 0;
  if (!aad.empty() &&
      EVP_DecryptUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return gcm_failure("aad");
  SecretBytes plain(body.size());
  if (!body.empty() && EVP_DecryptUpdate(ctx.get(), plain.reveal_mutable().data(), &len,
                                         body.data(), static_cast<int>(body.size())) != 1)
    return gcm_failure("decrypt");
  std::vector<uint8_t> tag_copy(tag.begin(), tag.end());
  if (EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_GCM_SET_TAG, static_cast<int>(kGcmTagBytes),
                          tag_copy.data()) != 1)
    return gcm_failure("tag");
  uint8_t final_block[16];
  if (EVP_DecryptFinal_ex(ctx.get(), final_block, &len) != 1) {
    crypto::drain_openssl_errors();
    return make_error(ErrorCode::kTampered, "the authentication tag does not verify");
  }
  return plain;
}

}  // namespace modelseal::keys
