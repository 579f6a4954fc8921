#include "base/aes_gcm.hpp"

#include <openssl/crypto.h>

#include <algorithm>
#include <limits>
#include <string>

namespace modelseal::crypto {
namespace {

Error gcm_failure(const char* what) {
  return make_error(ErrorCode::kInternal,
                    std::string("AES-256-GCM ") + what + ": " + drain_openssl_errors());
}

bool fits_int(size_t n) { return n <= static_cast<size_t>(std::numeric_limits<int>::max()); }

Status check_sizes(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                   std::span<const uint8_t> aad, size_t plain_bytes, size_t out_bytes,
                   size_t expected_out) {
  if (key.size() != kAesGcmKeyBytes || nonce.size() != kAesGcmNonceBytes || !fits_int(aad.size()) ||
      !fits_int(plain_bytes + kAesGcmTagBytes) || out_bytes != expected_out)
    return make_error(ErrorCode::kInternal, "AES-256-GCM: bad key, nonce or buffer size");
  return {};
}

}  // namespace

Result<AesGcm> AesGcm::create() {
  EvpCipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return gcm_failure("context");
  return AesGcm(std::move(ctx));
}

Status AesGcm::encrypt(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                       std::span<const uint8_t> aad, std::span<const uint8_t> plain,
                       std::span<uint8_t> out) {
  MS_TRY(check_sizes(key, nonce, aad, plain.size(), out.size(), plain.size() + kAesGcmTagBytes));
  EVP_CIPHER_CTX* ctx = ctx_.get();
  int len = 0, final_len = 0;
  if (EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) != 1)
    return gcm_failure("init");
  if (!aad.empty() && EVP_EncryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return gcm_failure("associated data");
  if (!plain.empty() && (EVP_EncryptUpdate(ctx, out.data(), &len, plain.data(),
                                           static_cast<int>(plain.size())) != 1 ||
                         static_cast<size_t>(len) != plain.size()))
    return gcm_failure("encrypt");
  if (EVP_EncryptFinal_ex(ctx, out.data() + plain.size(), &final_len) != 1 || final_len != 0)
    return gcm_failure("final");
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, static_cast<int>(kAesGcmTagBytes),
                          out.data() + plain.size()) != 1)
    return gcm_failure("tag");
  return {};
}

Status AesGcm::decrypt(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                       std::span<const uint8_t> aad, std::span<const uint8_t> sealed,
                       std::span<uint8_t> out) {
  if (sealed.size() < kAesGcmTagBytes)
    return make_error(ErrorCode::kTampered, "AES-256-GCM: input shorter than its tag");
  const size_t body = sealed.size() - kAesGcmTagBytes;
  MS_TRY(check_sizes(key, nonce, aad, body, out.size(), body));
  EVP_CIPHER_CTX* ctx = ctx_.get();
  // OpenSSL takes the expected tag through a non-const pointer.
  uint8_t tag[kAesGcmTagBytes];
  std::copy(sealed.end() - kAesGcmTagBytes, sealed.end(), tag);
  int len = 0, final_len = 0;
  auto fail = [&](const char* what) {
    OPENSSL_cleanse(out.data(), out.size());
    return gcm_failure(what);
  };
  if (EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), nullptr, key.data(), nonce.data()) != 1)
    return fail("init");
  if (!aad.empty() && EVP_DecryptUpdate(ctx, nullptr, &len, aad.data(), static_cast<int>(aad.size())) != 1)
    return fail("associated data");
  if (body > 0 && (EVP_DecryptUpdate(ctx, out.data(), &len, sealed.data(), static_cast<int>(body)) != 1 ||
                   static_cast<size_t>(len) != body))
    return fail("decrypt");
  if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, static_cast<int>(kAesGcmTagBytes), tag) != 1)
    return fail("tag");
  uint8_t final_block[16];
  if (EVP_DecryptFinal_ex(ctx, final_block, &final_len) != 1) {
    OPENSSL_cleanse(out.data(), out.size());
    drain_openssl_errors();
    return make_error(ErrorCode::kTampered, "the authentication tag does not verify");
  }
  return {};
}

}  // namespace modelseal::crypto
