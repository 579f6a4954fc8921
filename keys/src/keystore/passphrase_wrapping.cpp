// Passphrase-derived wrapping keys: scrypt via EVP_KDF "SCRYPT", checked by an
// AES-GCM value over nothing so a wrong passphrase is told from a corrupt key.
#include <openssl/core_names.h>
#include <openssl/kdf.h>
#include <openssl/params.h>

#include "base/openssl_ptr.hpp"
#include "keystore/keystore_support.hpp"
#include "keystore/software_gcm.hpp"
#include "keystore/wrapping_key.hpp"

namespace modelseal::keys {
namespace {

using KdfPtr = crypto::OpenSslPtr<EVP_KDF, EVP_KDF_free>;
using KdfCtxPtr = crypto::OpenSslPtr<EVP_KDF_CTX, EVP_KDF_CTX_free>;

constexpr uint32_t kScryptR = 8;
constexpr uint32_t kScryptP = 1;

class PassphraseKey : public WrappingKey {
 public:
  explicit PassphraseKey(SecretBytes key) : key_(std::move(key)) {}
  Result<std::vector<uint8_t>> wrap(std::span<const uint8_t> aad,
                                    const SecretBytes& data_key) override {
    return gcm_seal(key_, aad, data_key.reveal());
  }
  Result<SecretBytes> unwrap(std::span<const uint8_t> aad,
                             std::span<const uint8_t> wrapped) override {
    return gcm_open(key_, aad, wrapped);
  }

 private:
  SecretBytes key_;
};

Result<SecretBytes> derive(const SecretBytes& passphrase, std::span<const uint8_t> salt,
                           int log2_n) {
  if (log2_n < kMinScryptLog2N || log2_n > kMaxScryptLog2N)
    return make_error(ErrorCode::kInvalidArgument,
                      "scrypt log2_n must be in " + std::to_string(kMinScryptLog2N) + ".." +
                          std::to_string(kMaxScryptLog2N) + ", not " + std::to_string(log2_n));
  KdfPtr kdf(EVP_KDF_fetch(nullptr, "SCRYPT", nullptr));
  if (!kdf) return make_error(ErrorCode::kInternal, "scrypt is not available: " + crypto::drain_openssl_errors());
  KdfCtxPtr ctx(EVP_KDF_CTX_new(kdf.get()));
  if (!ctx) return make_error(ErrorCode::kInternal, "scrypt: " + crypto::drain_openssl_errors());
  uint64_t n = uint64_t{1} << log2_n;
  uint32_t r = kScryptR, p = kScryptP;
  uint64_t maxmem = 128 * n * r + (uint64_t{1} << 24);
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_PASSWORD,
                                        const_cast<uint8_t*>(passphrase.reveal().data()),
                                        passphrase.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SALT, const_cast<uint8_t*>(salt.data()),
                                        salt.size()),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_N, &n),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_R, &r),
      OSSL_PARAM_construct_uint32(OSSL_KDF_PARAM_SCRYPT_P, &p),
      OSSL_PARAM_construct_uint64(OSSL_KDF_PARAM_SCRYPT_MAXMEM, &maxmem),
      OSSL_PARAM_construct_end()};
  SecretBytes key(kWrappingKeyBytes);
  if (EVP_KDF_derive(ctx.get(), key.reveal_mutable().data(), key.size(), params) != 1)
    return make_error(ErrorCode::kInternal, "scrypt failed: " + crypto::drain_openssl_errors());
  return key;
}

}  // namespace

Result<NewWrapping> new_passphrase_wrapping(const std::string& keystore_id, uint32_t generation,
                                            const SecretBytes& passphrase, int log2_n) {
  if (passphrase.empty())
    return make_error(ErrorCode::kInvalidArgument, "the passphrase is empty");
  NewWrapping out;
  out.wrapping.method = WrappingMethod::kPassphrase;
  out.wrapping.generation = generation;
  out.wrapping.log2_n = log2_n;
  MS_ASSIGN_OR_RETURN(out.wrapping.salt, random_bytes(kSaltBytes));
  MS_ASSIGN_OR_RETURN(SecretBytes w, derive(passphrase, out.wrapping.salt, log2_n));
  MS_ASSIGN_OR_RETURN(out.wrapping.check,
                      gcm_seal(w, check_aad(keystore_id, generation), std::span<const uint8_t>()));
  out.key = std::make_unique<PassphraseKey>(std::move(w));
  return out;
}

Result<std::unique_ptr<WrappingKey>> unlock_passphrase(const std::string& keystore_id,
                                                       const Wrapping& wrapping,
                                                       const SecretBytes& passphrase) {
  MS_ASSIGN_OR_RETURN(SecretBytes w, derive(passphrase, wrapping.salt, wrapping.log2_n));
  auto opened = gcm_open(w, check_aad(keystore_id, wrapping.generation), wrapping.check);
  if (!opened.ok() || !opened->empty())
    return make_error(ErrorCode::kInvalidArgument,
                      "keystore " + keystore_id + ": wrong passphrase (or a corrupt check value)");
  return std::unique_ptr<WrappingKey>(std::make_unique<PassphraseKey>(std::move(w)));
}

}  // namespace modelseal::keys
