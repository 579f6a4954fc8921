// AES-256-GCM, one message at a time, with a 12-byte nonce and the 16-byte
// tag after the ciphertext. The one place that drives OpenSSL's GCM: sealed
// bundle chunks and keystore key wrapping both go through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "base/openssl_ptr.hpp"
#include "modelseal/result.hpp"

namespace modelseal::crypto {

inline constexpr size_t kAesGcmKeyBytes = 32;
inline constexpr size_t kAesGcmNonceBytes = 12;
inline constexpr size_t kAesGcmTagBytes = 16;

class AesGcm {
 public:
  static Result<AesGcm> create();

  // `out` receives ciphertext || tag: out.size() == plain.size() + kAesGcmTagBytes.
  Status encrypt(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                 std::span<const uint8_t> aad, std::span<const uint8_t> plain,
                 std::span<uint8_t> out);
  // `sealed` is ciphertext || tag; out.size() == sealed.size() - kAesGcmTagBytes.
  // kTampered when the tag does not verify; `out` is then wiped.
  Status decrypt(std::span<const uint8_t> key, std::span<const uint8_t> nonce,
                 std::span<const uint8_t> aad, std::span<const uint8_t> sealed,
                 std::span<uint8_t> out);

 private:
  explicit AesGcm(EvpCipherCtxPtr ctx) : ctx_(std::move(ctx)) {}
  EvpCipherCtxPtr ctx_;
};

}  // namespace modelseal::crypto
